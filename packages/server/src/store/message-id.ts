import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;
/** Bytes at or above this would favour the first letters; they are drawn again. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9]{22}$/;

/** A message ID in Mailpit's shape: 22 characters of [A-Za-z0-9] from crypto random bytes. */
export function newMessageId(): string {
  let id = '';
  while (id.length < ID_LENGTH) {
    for (const byte of randomBytes(32)) {
      if (byte >= UNBIASED_LIMIT) continue;
      id += ALPHABET[byte % ALPHABET.length];
      if (id.length === ID_LENGTH) break;
    }
  }
  return id;
}

import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_LENGTH = 22;
/** Bytes at or above this would favour the first letters; they are drawn again. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9]{22}$/;

/** Random bytes are drawn this many at a time: one call to the CSPRNG serves ~150 IDs. */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** A message ID in Mailpit's shape: 22 characters of [A-Za-z0-9] from crypto random bytes. */
export function newMessageId(): string {
  let id = '';
  while (id.length < ID_LENGTH) {
    if (used === pool.length) {
      pool = randomBytes(POOL_SIZE);
      used = 0;
    }
    const byte = pool[used++]!;
    if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}

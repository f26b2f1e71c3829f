import { randomToken } from '../random-token.js';

const ID_LENGTH = 22;

export const MESSAGE_ID_PATTERN = /^[A-Za-z0-9]{22}$/;

/** A message ID in Mailpit's shape: 22 characters of [A-Za-z0-9] from crypto random bytes. */
export function newMessageId(): string {
  return randomToken(ID_LENGTH);
}

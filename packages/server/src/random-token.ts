import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Bytes at or above this would favour the first letters; they are drawn again. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/**
 * Random bytes are drawn this many at a time. One call to the CSPRNG costs tens of microseconds
 * here (a getpid and a reseed check each time), which a connection per message would pay per
 * session and per message.
 */
const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let used = 0;

/** `length` characters of [A-Za-z0-9] from crypto random bytes. */
export function randomToken(length: number): string {
  let token = '';
  while (token.length < length) {
    if (used === pool.length) {
      pool = randomBytes(POOL_SIZE);
      used = 0;
    }
    const byte = pool[used++]!;
    if (byte < UNBIASED_LIMIT) token += ALPHABET[byte % ALPHABET.length];
  }
  return token;
}

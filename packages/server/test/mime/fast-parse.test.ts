/**
 * The direct reading of everyday messages for the message view (fastParse) must give exactly
 * what mailparser gives (parserParse), or step aside (undefined) so that mailparser reads it.
 */
import { describe, expect, it } from 'vitest';
import { fastParse, parserParse } from '../../src/mime/parse-message.js';
import { compareOnDamaged, everydayMessages, unusualMessages } from './direct-reading-samples.js';

/**
 * HTML without a text part beside it in a multipart/alternative, which mailparser converts to
 * Text, is left to it (nodemailer leaves an empty text part out).
 */
const LEFT_TO_MAILPARSER = new Set(['HTML only', 'empty text beside HTML', 'inline image without a name']);

describe('fastParse', () => {
  it('reads every everyday message with a text part exactly as mailparser does', async () => {
    for (const [name, raw] of await everydayMessages()) {
      const fast = fastParse(raw);
      if (LEFT_TO_MAILPARSER.has(name)) {
        expect(fast, name).toBeUndefined();
        continue;
      }
      expect(fast, name).toBeDefined();
      expect(fast, name).toEqual(await parserParse(raw));
    }
  });

  it('leaves unusual messages to mailparser', () => {
    for (const [name, raw] of unusualMessages()) expect(fastParse(raw), name).toBeUndefined();
  });

  it('never disagrees with mailparser on damaged or random bytes: same message, or none', async () => {
    const { taken, checked } = await compareOnDamaged(fastParse, parserParse);
    // The comparison means something only if many damaged messages were still read directly.
    expect(taken).toBeGreaterThan(checked / 5);
  });
});

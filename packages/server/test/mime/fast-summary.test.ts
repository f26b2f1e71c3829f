/**
 * The direct reading of everyday messages (fastSummary) must give exactly what mailparser gives
 * (parserSummary), or step aside (undefined) so that mailparser reads the message.
 */
import { describe, expect, it } from 'vitest';
import { fastSummary } from '../../src/mime/fast-summary.js';
import { parserSummary } from '../../src/mime/summarize.js';
import { compareOnDamaged, everydayMessages, unusualMessages } from './direct-reading-samples.js';
import { envelope } from './messages.js';

const env = envelope('bob@example.com', 'hidden@example.com');

describe('fastSummary', () => {
  it('reads every everyday message exactly as mailparser does', async () => {
    for (const [name, raw] of await everydayMessages()) {
      const fast = fastSummary(raw, env);
      expect(fast, name).toBeDefined();
      expect(fast, name).toEqual(await parserSummary(raw, env));
    }
  });

  it('leaves unusual messages to mailparser', () => {
    for (const [name, raw] of unusualMessages()) expect(fastSummary(raw, env), name).toBeUndefined();
  });

  it('never disagrees with mailparser on damaged or random bytes: same summary, or none', async () => {
    const { taken, checked } = await compareOnDamaged((raw) => fastSummary(raw, env), (raw) => parserSummary(raw, env));
    // The comparison means something only if many damaged messages were still read directly.
    expect(taken).toBeGreaterThan(checked / 5);
  });
});

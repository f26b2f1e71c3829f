import { describe, expect, it } from 'vitest';
import { fallbackSummary, newRecord } from '../../src/store/new-record.js';
import { SharedStrings } from '../../src/store/shared-strings.js';
import { envelope } from './helpers.js';

const env = envelope({ auth: { username: 'alice', mechanism: 'PLAIN' }, transcript: 'S: 220 hi\nC: EHLO x' });

describe('newRecord', () => {
  it('holds the summary and envelope as copies, not the objects it was given, and gives their JSON and the transcript apart', () => {
    const summary = { ...fallbackSummary(env, new Error('boom')), subject: 'Hi', searchText: 'hello there' };
    const { record, json, transcript } = newRecord('abc', env, summary, 42);
    // The transcript goes to the log entry only.
    const { transcript: given, ...envelopeInMemory } = env;
    expect(given).toBeTruthy();
    expect(transcript).toBe(given);
    const expected = { ...summary, id: 'abc', created: env.receivedAt, size: 42, read: false, tags: [], username: 'alice', envelope: envelopeInMemory };
    const { raw: _, ...unplaced } = record;
    expect(unplaced).toEqual(expected);
    expect(JSON.parse(json)).toEqual(expected);
    expect(record.envelope).not.toBe(env);
    expect(record.bcc).not.toBe(summary.bcc);
  });

  it('leaves parseError out when the summary has none', () => {
    const { parseError: _, ...summary } = fallbackSummary(env, new Error('boom'));
    expect(newRecord('abc', env, summary, 1).record).not.toHaveProperty('parseError');
  });
});

describe('SharedStrings', () => {
  it('keeps every value of a record as it was', () => {
    const strings = new SharedStrings();
    const { record } = newRecord('abc', env, fallbackSummary(env, new Error('x')), 1);
    const before = structuredClone(record);
    strings.shareRecord(record);
    strings.shareRecord(newRecord('def', env, fallbackSummary(env, new Error('x')), 1).record);
    expect(record).toEqual(before);
  });
});

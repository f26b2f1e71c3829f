import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvents } from '../../src/events.js';
import { appendSubjects, envelope, makeTempDir, message, openTestStore, removeDir } from './helpers.js';

type Prune = BusEvents['prune'][0];
const DAY = 24 * 60 * 60 * 1000;

describe('retention', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await makeTempDir();
  });
  afterEach(async () => {
    await removeDir(dir);
  });

  it('maxMessages prunes the oldest, announces them, and the prune holds after a reopen', async () => {
    const { store, bus } = await openTestStore(dir, { maxMessages: 5 });
    const prunes: Prune[] = [];
    bus.on('prune', (change) => prunes.push(change));
    const ids = await appendSubjects(store, 'p', 8);
    expect(store.total).toBe(5);
    expect(store.list(0, 10).map((r) => r.subject)).toEqual(['p-7', 'p-6', 'p-5', 'p-4', 'p-3']);
    expect(prunes.flatMap((p) => p.ids)).toEqual(ids.slice(0, 3));
    expect(prunes.every((p) => p.reason === 'max-messages')).toBe(true);
    expect(await store.readRaw(ids[0]!)).toBeUndefined();
    await store.close();

    const again = await openTestStore(dir, { maxMessages: 5 });
    expect(again.store.list(0, 10).map((r) => r.id)).toEqual(ids.slice(3).reverse());
    await again.store.close();
  });

  it('applies a lower maxMessages at start', async () => {
    const first = await openTestStore(dir);
    const ids = await appendSubjects(first.store, 'p', 6);
    await first.store.close();
    const { store } = await openTestStore(dir, { maxMessages: 2 });
    expect(store.list(0, 10).map((r) => r.id)).toEqual([ids[5], ids[4]]);
    await store.close();
  });

  it('removes the raw segments that pruning empties', async () => {
    const { store } = await openTestStore(dir, { maxMessages: 4, segmentMaxMessages: 2 });
    const ids = await appendSubjects(store, 'p', 9);
    await store.close();
    // 9 messages in segments of 2, the newest 4 kept: segments 1 and 2 hold nothing any more.
    expect(await readdir(path.join(dir, 'raw'))).toEqual(['000003.seg', '000004.seg', '000005.seg']);
    const again = await openTestStore(dir, { maxMessages: 4, segmentMaxMessages: 2 });
    expect(again.store.list(0, 10).map((r) => r.id)).toEqual(ids.slice(5).reverse());
    for (const [i, id] of ids.entries()) if (i >= 5) expect(await again.store.readRaw(id)).toEqual(message(`p-${i}`));
    await again.store.close();
  });

  it('maxAgeMs prunes old messages at start and as they arrive', async () => {
    const arriving = await openTestStore(dir, { maxAgeMs: DAY });
    const prunes: Prune[] = [];
    arriving.bus.on('prune', (change) => prunes.push(change));
    const late = await arriving.store.append(envelope({ receivedAt: new Date(Date.now() - 2 * DAY).toISOString() }), [message('late')]);
    expect(prunes).toEqual([{ ids: [late.id], reason: 'max-age' }]);
    expect(arriving.store.total).toBe(0);
    await arriving.store.close();

    const first = await openTestStore(dir);
    const old = await first.store.append(envelope({ receivedAt: new Date(Date.now() - 3 * DAY).toISOString() }), [message('old')]);
    const young = await first.store.append(envelope(), [message('young')]);
    await first.store.close();

    const { store } = await openTestStore(dir, { maxAgeMs: DAY });
    expect(store.get(old.id)).toBeUndefined();
    expect(store.list(0, 10).map((r) => r.id)).toEqual([young.id]);
    await store.close();
  });

  it('maxAgeMs prunes on its timer an old message that arrived after a young one', async () => {
    // The timer runs every maxAgeMs / 4: here every 500 ms, well before the young one expires.
    const { store, bus } = await openTestStore(dir, { maxAgeMs: 2000 });
    const young = await store.append(envelope(), [message('young')]);
    const pruned = new Promise<Prune>((resolve) => bus.once('prune', resolve));
    const old = await store.append(envelope({ receivedAt: new Date(Date.now() - 2 * DAY).toISOString() }), [message('old')]);
    expect(await pruned).toEqual({ ids: [old.id], reason: 'max-age' });
    expect(store.list(0, 10).map((r) => r.id)).toEqual([young.id]);
    await store.close();
  });

  it('maxAgeMs prunes messages that grow old while the store is idle', async () => {
    const { store, bus } = await openTestStore(dir, { maxAgeMs: 300 });
    const pruned = new Promise<Prune>((resolve) => bus.once('prune', resolve));
    const record = await store.append(envelope(), [message('fades')]);
    expect(store.total).toBe(1);
    expect(await pruned).toEqual({ ids: [record.id], reason: 'max-age' });
    expect(store.total).toBe(0);
    await store.close();
  });
});

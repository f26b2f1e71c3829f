import v8 from 'node:v8';

/**
 * V8 flags that keep the `mailsink` process's heap close to what is live. Old space grows by
 * 60 % over the live size instead of V8's default factor of up to 4, and the young generation
 * does not grow past the size tendYoungGeneration gives it. After 10,000 received messages that
 * is ~137 MB resident instead of ~215 MB. (--optimize-for-size shrinks the heap as well but also
 * makes V8 optimise less: an address search over 12,000 messages took 66 ms with it against 32 ms.)
 *
 * Not less than 60 %: V8 starts marking the old space once less is left below its limit than the
 * young generation could promote, and with 2 MB semi-spaces and 200 KB messages (large strings,
 * promoted whole) 30 % made that 70 full collections in 2,000 messages instead of 15, and
 * throughput a third lower.
 */
const STEADY = ['--heap-growing-percent=60', '--semi-space-growth-factor=1'];
/**
 * Young generation semi-spaces of 2 MB instead of V8's first 1 MB: a 5 KB message allocates
 * ~70 KB while it is received and summarised, and every scavenge copies what is in flight on
 * every connection.
 */
const SEMI_SPACE_BYTES = 2 * 1024 * 1024;
/**
 * V8's defaults, for loading stored mail: every record loaded survives, so a tight heap only
 * adds collections. Start-up with 50,000 stored went from ~3.5 s to ~2.3 s with these.
 */
const LOADING = ['--heap-growing-percent=0', '--semi-space-growth-factor=2'];

let small = false;

/**
 * Called by bin/mailsink.js before anything big is allocated: the young generation's size is
 * fixed once it has grown, so this cannot wait until start-up is done.
 */
export function keepHeapSmall(): void {
  small = true;
  apply(STEADY);
}

/** Messages between two looks at the young generation's size (one look takes a few µs). */
const TEND_EVERY = 64;
let received = 0;

/**
 * Called for each message received. V8 reads the young generation's size from its flags only
 * when the heap is made, and shrinks it again when the process idles; what it does at run time
 * is grow it by --semi-space-growth-factor after scavenges that keep much alive, as receiving
 * does (every record survives). The factor is 2 while the young generation is smaller than
 * SEMI_SPACE_BYTES and 1 from then on, so it grows back to that size after a few hundred messages
 * and no further (loading a large store may have grown it more already).
 */
export function tendYoungGeneration(): void {
  if (!small || ++received % TEND_EVERY !== 0) return;
  apply([youngGenerationBytes() < 2 * SEMI_SPACE_BYTES ? '--semi-space-growth-factor=2' : '--semi-space-growth-factor=1']);
}

/** Both semi-spaces. */
function youngGenerationBytes(): number {
  return v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? Infinity;
}

/** Runs `load` with V8's default heap growth when keepHeapSmall() is in force; restores it after. */
export async function withRoomToLoad<T>(load: () => Promise<T>): Promise<T> {
  if (!small) return load();
  apply(LOADING);
  try {
    return await load();
  } finally {
    apply(STEADY);
  }
}

function apply(flags: string[]): void {
  for (const flag of flags) v8.setFlagsFromString(flag);
}

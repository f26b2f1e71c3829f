import v8 from 'node:v8';

/**
 * From here on, keep V8's heap close to what is live: old space grows by 30 % over the live
 * size instead of V8's default factor of up to 4, and the young generation stays at its first
 * 1 MB semi-spaces (its maximum can only be set on the command line, its growth at run time).
 * After 10,000 received messages that is ~150-160 MB resident instead of ~215 MB.
 *
 * Called once the stored mail is loaded: while loading, every record survives, so a tight heap
 * only adds collections (start-up with 50,000 messages took 5.9 s with these flags from the
 * first line). --optimize-for-size was not taken: it also makes V8 optimise less (search over
 * 12,000 messages: 66 ms against 32 ms).
 */
export function keepHeapSmall(): void {
  v8.setFlagsFromString('--heap-growing-percent=30');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}

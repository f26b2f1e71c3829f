/** A store file is not what mailsink wrote; start-up stops so that nothing is wiped. */
export class StoreDamagedError extends Error {
  override name = 'StoreDamagedError';
  constructor(
    /** The damaged file. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** Another live mailsink holds the data directory. */
export class StoreLockedError extends Error {
  override name = 'StoreLockedError';
  constructor(
    /** The data directory. */
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/** A request mailsink refused or could not answer; `status` is 0 when no HTTP response came back. */
export class MailsinkError extends Error {
  override name = 'MailsinkError';
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** The server's own words (its plain-text or JSON `{Error}` body), or why there was no answer. */
  readonly serverMessage: string;

  constructor(init: { status: number; method: string; url: string; serverMessage: string; cause?: unknown }) {
    const what = init.status ? `${init.status}` : 'no response';
    super(`${init.method} ${init.url}: ${what}${init.serverMessage ? `: ${init.serverMessage}` : ''}`, { cause: init.cause });
    this.status = init.status;
    this.method = init.method;
    this.url = init.url;
    this.serverMessage = init.serverMessage;
  }
}

/** `waitForMessage` saw no matching message in time (the server answered 408). */
export class MailsinkTimeoutError extends MailsinkError {
  override name = 'MailsinkTimeoutError';
}

/** A running SMTP sink under test: mailsink, MailDev or the ceiling receiver. */
export type TargetName = 'mailsink' | 'maildev' | 'ceiling';

export interface Target {
  name: TargetName;
  smtpPort: number;
  pid: number;
  /** From spawn to ready (banner printed / ports answering). */
  startupMs: number;
  /** Only for targets with an HTTP API. */
  api?: TargetApi;
  /** Stops it gracefully (SIGTERM), waiting for the exit. */
  stop(): Promise<void>;
}

/** The same questions asked of each target's own API. */
export interface TargetApi {
  baseUrl: string;
  /** A page of summaries, newest first. */
  page(skip: number, limit: number): string;
  /** The IDs in a `page` response body. */
  idsIn(body: string): string[];
  /** One full message. */
  message(id: string): string;
  /** The raw message, timed instead of `message` if that answers 404. */
  rawMessage?(id: string): string;
  /** A search over addresses, subject and text; undefined if the target has none. */
  search(query: string): string;
  /** A request answered once a message matching `query` is stored; undefined if the target has none. */
  wait?(query: string): string;
}

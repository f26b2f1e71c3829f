/** MailsinkClient: every REST call a test suite makes against mailsink, typed. */
import { dispositionFileName } from './content-disposition.js';
import { waitDuration, type WaitTimeout } from './duration.js';
import { MailsinkError, MailsinkTimeoutError } from './errors.js';
import { extractLinks } from './links.js';
import { extractOneTimeCode, type OneTimeCodeOptions } from './one-time-code.js';
import { networkErrorCode, Transport, type TransportOptions } from './transport.js';
import type {
  AppInformation,
  Attachment,
  Envelope,
  Message,
  MessageHeaders,
  MessagesSummary,
  MessageSummary,
  SendRequest,
  SendResponse,
} from './types.js';

export type MailsinkClientOptions = TransportOptions;

/** A message's database ID, or anything that carries one (a MessageSummary, a Message). */
export type MessageRef = string | { ID: string };

export interface WaitOptions {
  /** How long the server waits: milliseconds, or a duration like `'500ms'`, `'30s'`, `'2m'`. Default 30 s, at most 5 min. */
  timeout?: WaitTimeout;
  /**
   * Only messages newer than this one count, including those already stored. Without it only
   * messages that arrive after the server gets the request count.
   */
  after?: MessageRef;
  signal?: AbortSignal;
}

export interface PageOptions {
  /** Offset into the newest-first list. Default 0. */
  start?: number;
  /** Page size. Default 50. */
  limit?: number;
}

export interface GetOptions {
  /** Mark the message read, as a person opening it would. Default false. */
  markRead?: boolean;
}

/** An attachment's bytes and what the server says they are. */
export interface AttachmentFile {
  contentType: string;
  /** '' when the part has no name. */
  fileName: string;
  data: Uint8Array;
}

/** The server's own timeout answers first; this much later the client stops waiting by itself. */
const WAIT_GRACE_MS = 15_000;

export class MailsinkClient {
  readonly #http: Transport;

  constructor(options: MailsinkClientOptions) {
    this.#http = new Transport(options);
  }

  /**
   * The oldest message matching `query` (search syntax; '' for any) that is newer than `after`, or
   * without `after` the first that arrives after this call, as soon as it is stored. Throws
   * MailsinkTimeoutError when none comes in time.
   */
  async waitForMessage(query: string, options: WaitOptions = {}): Promise<MessageSummary> {
    const { query: timeout, ms } = waitDuration(options.timeout);
    const userSignal = options.signal;
    const controller = new AbortController();
    const forwardAbort = () => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) forwardAbort();
    userSignal?.addEventListener('abort', forwardAbort, { once: true });
    const timer = setTimeout(() => controller.abort(), ms + WAIT_GRACE_MS);
    const path = '/api/mailsink/v1/wait';
    const params = { query: query || undefined, after: options.after && refId(options.after), timeout };
    try {
      return await this.#http.json<MessageSummary>('GET', path, { query: params, signal: controller.signal });
    } catch (err) {
      if (userSignal?.aborted) throw err;
      const url = this.#http.url(path, params);
      if (err instanceof MailsinkError && err.status === 408) throw asTimeout(err);
      if (controller.signal.aborted) {
        throw new MailsinkTimeoutError({ status: 0, method: 'GET', url, serverMessage: `no answer within ${ms + WAIT_GRACE_MS} ms`, cause: err });
      }
      // Node's fetch gives up on response headers after 300 s, right where the server's longest wait ends.
      if (err instanceof MailsinkError && networkErrorCode(err.cause) === 'UND_ERR_HEADERS_TIMEOUT') {
        throw asTimeout(err);
      }
      throw err;
    } finally {
      clearTimeout(timer);
      userSignal?.removeEventListener('abort', forwardAbort);
    }
  }

  /** A page of the mailbox, newest first. */
  async list(options: PageOptions = {}): Promise<MessagesSummary> {
    return this.#http.json('GET', '/api/v1/messages', { query: { start: options.start, limit: options.limit } });
  }

  /** A page of the messages matching `query`, newest first. */
  async search(query: string, options: PageOptions = {}): Promise<MessagesSummary> {
    return this.#http.json('GET', '/api/v1/search', { query: { query, start: options.start, limit: options.limit } });
  }

  /** The whole message. Leaves it unread unless `markRead` is set. */
  async get(ref: MessageRef, options: GetOptions = {}): Promise<Message> {
    const prefix = options.markRead ? '/api/v1' : '/api/mailsink/v1';
    return this.#http.json('GET', `${prefix}/message/${encodeId(ref)}`);
  }

  /** The newest message (matching `query`, if given), or undefined if there is none. Leaves it unread. */
  async latest(query?: string): Promise<Message | undefined> {
    const page = query ? await this.search(query, { limit: 1 }) : await this.list({ limit: 1 });
    const newest = page.messages[0];
    return newest && this.get(newest.ID);
  }

  /** The raw message source as text (decoded as UTF-8; see `rawBytes` for the exact bytes). */
  async raw(ref: MessageRef): Promise<string> {
    return (await this.#http.request('GET', `/api/v1/message/${encodeId(ref)}/raw`)).text();
  }

  /** The raw message exactly as it was received. */
  async rawBytes(ref: MessageRef): Promise<Uint8Array> {
    const response = await this.#http.request('GET', `/api/v1/message/${encodeId(ref)}/raw`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Every header, with all its values in order. */
  async headers(ref: MessageRef): Promise<MessageHeaders> {
    return this.#http.json('GET', `/api/v1/message/${encodeId(ref)}/headers`);
  }

  /** The SMTP envelope: MAIL FROM, RCPT TO, HELO, client address, TLS and AUTH. */
  async envelope(ref: MessageRef): Promise<Envelope> {
    return this.#http.json('GET', `/api/mailsink/v1/message/${encodeId(ref)}/envelope`);
  }

  /** The message's attachments (not its inline parts; `get()` has those as `Inline`). */
  async attachments(ref: MessageRef): Promise<Attachment[]> {
    return (await this.get(ref)).Attachments;
  }

  /** One part's bytes, by its PartID from `attachments()` or `get()`, with its type and name as the message declares them. */
  async attachment(ref: MessageRef, partId: string): Promise<AttachmentFile> {
    const [message, response] = await Promise.all([
      this.get(ref),
      this.#http.request('GET', `/api/v1/message/${encodeId(ref)}/part/${encodeURIComponent(partId)}`),
    ]);
    const data = new Uint8Array(await response.arrayBuffer());
    // The server may serve active types (HTML, SVG) as application/octet-stream: the message says what the part is.
    const part = [...message.Attachments, ...message.Inline].find((p) => p.PartID === partId);
    return {
      contentType: part?.ContentType || response.headers.get('content-type') || 'application/octet-stream',
      fileName: part?.FileName || dispositionFileName(response.headers.get('content-disposition')),
      data,
    };
  }

  /** Deletes these messages. An empty list deletes nothing (use `deleteAll()` for that). */
  async delete(refs: readonly MessageRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.#http.send('DELETE', '/api/v1/messages', { body: { IDs: refs.map(refId) } });
  }

  /** Empties the mailbox. */
  async deleteAll(): Promise<void> {
    await this.#http.send('DELETE', '/api/v1/messages');
  }

  /** Deletes every message matching `query`. */
  async deleteSearch(query: string): Promise<void> {
    if (!query.trim()) throw new TypeError('deleteSearch needs a search query; deleteAll() deletes every message');
    await this.#http.send('DELETE', '/api/v1/search', { query: { query } });
  }

  /** Marks these messages read (or unread with `read = false`). An empty list changes nothing. */
  async markRead(refs: readonly MessageRef[], read = true): Promise<void> {
    if (refs.length === 0) return;
    await this.#http.send('PUT', '/api/v1/messages', { body: { IDs: refs.map(refId), Read: read } });
  }

  /** Replaces the tags of these messages (`[]` removes them all). */
  async setTags(refs: readonly MessageRef[], tags: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    await this.#http.send('PUT', '/api/v1/tags', { body: { IDs: refs.map(refId), Tags: tags } });
  }

  /** Every tag in use. */
  async tags(): Promise<string[]> {
    return this.#http.json('GET', '/api/v1/tags');
  }

  /** Puts a message into the mailbox through the HTTP API instead of SMTP. */
  async send(message: SendRequest): Promise<SendResponse> {
    return this.#http.json('POST', '/api/v1/send', { body: message });
  }

  /** Version and mailbox statistics. */
  async info(): Promise<AppInformation> {
    return this.#http.json('GET', '/api/v1/info');
  }

  /** Every http(s) link in the message (HTML hrefs, then text URLs), de-duplicated, in order. */
  async links(ref: MessageRef): Promise<string[]> {
    return extractLinks(await this.get(ref));
  }

  /** The message's first standalone run of 4 to 8 digits (or `digits`), text body first, then HTML. */
  async oneTimeCode(ref: MessageRef, options: OneTimeCodeOptions = {}): Promise<string | undefined> {
    return extractOneTimeCode(await this.get(ref), options);
  }
}

function asTimeout(err: MailsinkError): MailsinkTimeoutError {
  const { status, method, url, serverMessage } = err;
  return new MailsinkTimeoutError({ status, method, url, serverMessage, cause: err.cause });
}

function refId(ref: MessageRef): string {
  return typeof ref === 'string' ? ref : ref.ID;
}

function encodeId(ref: MessageRef): string {
  const id = refId(ref);
  if (!id) throw new TypeError('a message ID must not be empty');
  return encodeURIComponent(id);
}

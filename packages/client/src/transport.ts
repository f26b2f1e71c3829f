/** HTTP to one mailsink: URLs under its base path, JSON in and out, errors as MailsinkError. */
import { MailsinkError } from './errors.js';

export interface TransportOptions {
  /** Where mailsink's web UI is, e.g. `http://127.0.0.1:8025` or `https://ci-host/mail/` (a base path). */
  baseUrl: string;
  /** Sent with every request, e.g. `{ authorization: 'Basic …' }` for `--ui-auth`. */
  headers?: Record<string, string>;
  /** Another fetch (a mock, or one with a proxy or custom agent). Defaults to the global fetch. */
  fetch?: typeof fetch;
}

export type QueryValue = string | number | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

/** Server messages are shown in errors; a hostile or broken server must not flood them. */
const MAX_ERROR_MESSAGE = 1000;

export class Transport {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`baseUrl must be an http(s) URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    const headers: Record<string, string> = {};
    // fetch refuses URLs with credentials; `http://user:pass@host` is still the natural way to write them.
    if (url.username || url.password) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${base64(credentials)}`;
      url.username = '';
      url.password = '';
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    this.#base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    this.#headers = headers;
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function') throw new TypeError('no fetch: use Node >= 20 or pass the fetch option');
    this.#fetch = fetchImpl;
  }

  /** The absolute URL of an API path such as `/api/v1/messages`. */
  url(path: string, query: Record<string, QueryValue> = {}): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
    const search = params.toString();
    return `${this.#base}${path}${search ? `?${search}` : ''}`;
  }

  /** Sends a request; resolves with a 2xx response, throws MailsinkError for anything else. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const url = this.url(path, options.query);
    const headers = { ...this.#headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await this.#fetch(url, { method, headers, body, signal: options.signal });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new MailsinkError({ status: 0, method, url, serverMessage: describeNetworkError(err), cause: err });
    }
    if (!response.ok) {
      throw new MailsinkError({ status: response.status, method, url, serverMessage: await errorMessage(response) });
    }
    return response;
  }

  async json<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
    const response = await this.request(method, path, options);
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MailsinkError({
        status: response.status,
        method,
        url: response.url || this.url(path, options?.query),
        serverMessage: `expected JSON, got ${JSON.stringify(text.slice(0, 200))}`,
      });
    }
  }

  /** For requests whose answer is only "ok": waits for it and drops it. */
  async send(method: string, path: string, options?: RequestOptions): Promise<void> {
    const response = await this.request(method, path, options);
    await response.arrayBuffer();
  }
}

function base64(text: string): string {
  return btoa(String.fromCharCode(...new TextEncoder().encode(text)));
}

/** The server's reason: `{"Error": "..."}` on mailsink paths, plain text on Mailpit paths. */
async function errorMessage(response: Response): Promise<string> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return response.statusText;
  }
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (parsed && typeof parsed === 'object' && typeof (parsed as { Error?: unknown }).Error === 'string') {
        return clip((parsed as { Error: string }).Error);
      }
    } catch {
      // Not JSON after all: show it as text.
    }
  }
  return clip(trimmed || response.statusText);
}

function clip(message: string): string {
  return message.length > MAX_ERROR_MESSAGE ? `${message.slice(0, MAX_ERROR_MESSAGE)}…` : message;
}

/** Node's fetch says only "fetch failed"; the useful part (ECONNREFUSED, …) is in its cause. */
export function describeNetworkError(err: unknown): string {
  const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const parts = [err instanceof Error ? err.message : String(err)];
  if (cause && typeof cause === 'object') {
    if (typeof cause.code === 'string') parts.push(cause.code);
    else if (typeof cause.message === 'string') parts.push(cause.message);
  }
  return parts.join(': ');
}

/** The undici error code behind a failed fetch, if any. */
export function networkErrorCode(err: unknown): string | undefined {
  const cause = err instanceof Error ? (err.cause as { code?: unknown } | undefined) : undefined;
  return cause && typeof cause.code === 'string' ? cause.code : undefined;
}

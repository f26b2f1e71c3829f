/** The REST calls the UI makes. Each resolves with decoded data or rejects with an ApiError. */
import {
  decodeEnvelope, decodeHeaders, decodeMessage, decodePage, decodeParts, decodeWebUi,
} from './decode';
import type { Message, MessageHeaders, MessagesPage, MimePart, SmtpEnvelope, WebUiInfo } from './types';
import { appUrl } from './urls';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

interface RequestOptions {
  method?: 'GET' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function request(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(appUrl(path), {
      method,
      signal,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(`${method} ${path}: the server cannot be reached`, 0);
  }
  if (!response.ok) throw new ApiError(`${method} ${path}: ${await errorText(response)}`, response.status);
  return response;
}

/** Mailpit answers errors in plain text, mailsink's own routes as {"Error": "..."}. */
async function errorText(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'Error' in parsed && typeof parsed.Error === 'string') return parsed.Error;
  } catch {
    // not JSON: the plain-text body is the message
  }
  return text.slice(0, 200) || `${response.status} ${response.statusText}`;
}

async function json(path: string, options?: RequestOptions): Promise<unknown> {
  const response = await request(path, options);
  try {
    return await response.json();
  } catch {
    throw new ApiError(`${path}: the server sent something that is not JSON`, response.status);
  }
}

const id = encodeURIComponent;

export interface PageQuery {
  /** Search query; '' lists the whole mailbox. */
  query: string;
  start: number;
  limit: number;
}

export async function fetchPage({ query, start, limit }: PageQuery, signal?: AbortSignal): Promise<MessagesPage> {
  const paging = `start=${start}&limit=${limit}`;
  const path = query.trim() === '' ? `api/v1/messages?${paging}` : `api/v1/search?query=${id(query)}&${paging}`;
  return decodePage(await json(path, { signal }));
}

/** Also marks the message read on the server. */
export async function fetchMessage(ID: string, signal?: AbortSignal): Promise<Message> {
  return decodeMessage(await json(`api/v1/message/${id(ID)}`, { signal }));
}

export async function fetchHeaders(ID: string, signal?: AbortSignal): Promise<MessageHeaders> {
  return decodeHeaders(await json(`api/v1/message/${id(ID)}/headers`, { signal }));
}

export async function fetchRaw(ID: string, signal?: AbortSignal): Promise<string> {
  return (await request(`api/v1/message/${id(ID)}/raw`, { signal })).text();
}

/** The SMTP conversation that delivered the message; "" when none was recorded. */
export async function fetchTranscript(ID: string, signal?: AbortSignal): Promise<string> {
  return (await request(`api/mailsink/v1/message/${id(ID)}/transcript`, { signal })).text();
}

export async function fetchParts(ID: string, signal?: AbortSignal): Promise<MimePart[]> {
  return decodeParts(await json(`api/mailsink/v1/message/${id(ID)}/parts`, { signal }));
}

export async function fetchEnvelope(ID: string, signal?: AbortSignal): Promise<SmtpEnvelope> {
  return decodeEnvelope(await json(`api/mailsink/v1/message/${id(ID)}/envelope`, { signal }));
}

export async function fetchTags(): Promise<string[]> {
  const tags = await json('api/v1/tags');
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Mailpit's UI settings, plus where SMTP listens from mailsink's own /server (optional). */
export async function fetchWebUi(): Promise<WebUiInfo> {
  const [webui, server] = await Promise.all([json('api/v1/webui'), json('api/mailsink/v1/server').catch(() => null)]);
  const merged: Record<string, unknown> = {};
  for (const part of [webui, server]) if (part && typeof part === 'object') Object.assign(merged, part);
  return decodeWebUi(merged);
}

export async function deleteMessages(IDs: string[]): Promise<void> {
  await request('api/v1/messages', { method: 'DELETE', body: { IDs } });
}

export async function deleteAllMessages(): Promise<void> {
  await request('api/v1/messages', { method: 'DELETE' });
}

export async function setRead(IDs: string[], Read: boolean): Promise<void> {
  await request('api/v1/messages', { method: 'PUT', body: { IDs, Read } });
}

export async function setAllRead(): Promise<void> {
  await request('api/v1/messages', { method: 'PUT', body: { Read: true } });
}

export async function setTags(IDs: string[], Tags: string[]): Promise<void> {
  await request('api/v1/tags', { method: 'PUT', body: { IDs, Tags } });
}

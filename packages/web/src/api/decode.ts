/**
 * Turns JSON from the network into the UI's types. Mail content is hostile and the server is
 * being built alongside: a missing or mistyped field becomes an empty value, never a crash.
 */
import type {
  Address, Attachment, EnvelopePath, LiveFrame, Message, MessageHeaders, MessageSummary,
  MessagesPage, MimePart, SmtpEnvelope, Stats, WebUiInfo,
} from './types';

type Json = Record<string, unknown>;

function obj(v: unknown): Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {};
}
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const bool = (v: unknown): boolean => v === true;
const list = <T>(v: unknown, each: (item: unknown) => T): T[] => (Array.isArray(v) ? v.map(each) : []);
const strings = (v: unknown): string[] => list(v, str).filter((s) => s !== '');

function address(v: unknown): Address {
  const o = obj(v);
  return { Name: str(o.Name), Address: str(o.Address) };
}

function optionalAddress(v: unknown): Address | null {
  if (v === null || typeof v !== 'object') return null;
  const a = address(v);
  return a.Name === '' && a.Address === '' ? null : a;
}

export function decodeSummary(v: unknown): MessageSummary {
  const o = obj(v);
  return {
    ID: str(o.ID),
    MessageID: str(o.MessageID),
    Read: bool(o.Read),
    From: optionalAddress(o.From),
    To: list(o.To, address),
    Cc: list(o.Cc, address),
    Bcc: list(o.Bcc, address),
    ReplyTo: list(o.ReplyTo, address),
    Subject: str(o.Subject),
    Created: str(o.Created),
    Username: str(o.Username),
    Tags: strings(o.Tags),
    Size: num(o.Size),
    Attachments: num(o.Attachments),
    Snippet: str(o.Snippet),
  };
}

export function decodePage(v: unknown): MessagesPage {
  const o = obj(v);
  const messages = list(o.messages, decodeSummary).filter((m) => m.ID !== '');
  return {
    total: num(o.total),
    unread: num(o.unread),
    messages_count: typeof o.messages_count === 'number' ? num(o.messages_count) : num(o.total),
    messages_unread: num(o.messages_unread),
    start: num(o.start),
    tags: strings(o.tags),
    messages,
  };
}

function attachment(v: unknown): Attachment {
  const o = obj(v);
  return {
    PartID: str(o.PartID),
    FileName: str(o.FileName),
    ContentType: str(o.ContentType),
    ContentID: str(o.ContentID),
    Size: num(o.Size),
  };
}

export function decodeMessage(v: unknown): Message {
  const o = obj(v);
  return {
    ID: str(o.ID),
    MessageID: str(o.MessageID),
    From: optionalAddress(o.From),
    To: list(o.To, address),
    Cc: list(o.Cc, address),
    Bcc: list(o.Bcc, address),
    ReplyTo: list(o.ReplyTo, address),
    ReturnPath: str(o.ReturnPath),
    Subject: str(o.Subject),
    Date: str(o.Date),
    Tags: strings(o.Tags),
    Text: str(o.Text),
    HTML: str(o.HTML),
    Size: num(o.Size),
    Attachments: list(o.Attachments, attachment),
    Inline: list(o.Inline, attachment),
  };
}

export function decodeHeaders(v: unknown): MessageHeaders {
  return Object.entries(obj(v)).map(([name, values]) => [name, Array.isArray(values) ? values.map(str) : [str(values)]]);
}

export function decodeParts(v: unknown): MimePart[] {
  const part = (p: unknown, depth: number): MimePart => {
    const o = obj(p);
    return {
      PartID: str(o.PartID),
      ContentType: str(o.ContentType),
      FileName: str(o.FileName),
      Size: num(o.Size),
      // Hostile MIME can nest deeply; the tree view stops where nobody would read on.
      Children: depth < 32 ? list(o.Children, (c) => part(c, depth + 1)) : [],
    };
  };
  return list(v, (p) => part(p, 0));
}

function envelopePath(v: unknown): EnvelopePath {
  const o = obj(v);
  return { Address: str(o.Address), Params: Object.entries(obj(o.Params)).map(([k, val]) => [k, str(val)]) };
}

export function decodeEnvelope(v: unknown): SmtpEnvelope {
  const o = obj(v);
  const tls = o.TLS && typeof o.TLS === 'object' ? obj(o.TLS) : null;
  const auth = o.Auth && typeof o.Auth === 'object' ? obj(o.Auth) : null;
  return {
    MailFrom: envelopePath(o.MailFrom),
    RcptTo: list(o.RcptTo, envelopePath),
    Helo: str(o.Helo),
    ClientAddress: str(o.ClientAddress),
    ClientPort: typeof o.ClientPort === 'number' ? o.ClientPort : null,
    TLS: tls && { Protocol: str(tls.Protocol), Cipher: str(tls.Cipher) },
    Auth: auth && { Username: str(auth.Username), Mechanism: str(auth.Mechanism) },
    Received: str(o.Received),
  };
}

/** Reads `SMTPListen` ("host:port") or `SMTPHost` + `SMTPPort` when the server provides them. */
export function decodeWebUi(v: unknown): WebUiInfo {
  const o = obj(v);
  let host: string | null = str(o.SMTPHost) || null;
  let port: number | null = num(o.SMTPPort) || null;
  const listen = str(o.SMTPListen);
  const match = /^\[?(.*?)\]?:(\d+)$/.exec(listen);
  if (match) {
    host = match[1] ?? null;
    port = Number(match[2]);
  }
  return { Label: str(o.Label), HideDeleteAllButton: bool(o.HideDeleteAllButton), SmtpHost: host, SmtpPort: port };
}

function stats(v: unknown): Stats {
  const o = obj(v);
  return { Total: num(o.Total), Unread: num(o.Unread) };
}

/** One WebSocket frame; null for anything that is not a frame the UI knows. */
export function decodeFrame(text: string): LiveFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const o = obj(parsed);
  const data = obj(o.Data);
  switch (o.Type) {
    case 'new': {
      const summary = decodeSummary(o.Data);
      return summary.ID ? { Type: 'new', Data: summary } : null;
    }
    case 'stats':
      return { Type: 'stats', Data: stats(o.Data) };
    case 'update': {
      const ID = str(data.ID);
      if (!ID) return null;
      return {
        Type: 'update',
        Data: {
          ID,
          ...(typeof data.Read === 'boolean' ? { Read: data.Read } : {}),
          ...(Array.isArray(data.Tags) ? { Tags: strings(data.Tags) } : {}),
        },
      };
    }
    case 'delete': {
      const ID = str(data.ID);
      return ID ? { Type: 'delete', Data: { ID } } : null;
    }
    case 'truncate':
      return { Type: 'truncate' };
    case 'prune':
      return { Type: 'prune' };
    case 'error':
      return { Type: 'error', Data: { Level: str(data.Level), Type: str(data.Type), IP: str(data.IP), Message: str(data.Message) } };
    default:
      return null;
  }
}

/**
 * Mailpit API v1 shapes (shared/reference/mailpit-api-v1.swagger.json), declared once with TypeBox:
 * they validate requests, serialise replies with exactly these fields, and type web/ and client/.
 */
import { Type, type Static } from 'typebox';

export const Address = Type.Object({ Name: Type.String(), Address: Type.String() });

export const MessageSummary = Type.Object({
  ID: Type.String(),
  MessageID: Type.String(),
  Read: Type.Boolean(),
  From: Type.Union([Address, Type.Null()]),
  To: Type.Array(Address),
  Cc: Type.Array(Address),
  Bcc: Type.Array(Address),
  ReplyTo: Type.Array(Address),
  Subject: Type.String(),
  Created: Type.String(),
  Username: Type.String(),
  Tags: Type.Array(Type.String()),
  Size: Type.Integer(),
  Attachments: Type.Integer(),
  Snippet: Type.String(),
});
export type MessageSummary = Static<typeof MessageSummary>;

export const MessagesSummary = Type.Object({
  total: Type.Integer(),
  unread: Type.Integer(),
  messages_count: Type.Integer(),
  messages_unread: Type.Integer(),
  start: Type.Integer(),
  tags: Type.Array(Type.String()),
  messages: Type.Array(MessageSummary),
});
export type MessagesSummary = Static<typeof MessagesSummary>;

export const PagingQuery = Type.Object({
  start: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, default: 50 })),
});

/**
 * A message ID as a request may give it: stored IDs are 22 characters of [A-Za-z0-9], `latest`
 * means the newest (matching `?query=`); no path separators, dots or controls get through.
 */
const messageId = (options: { description?: string; minLength?: number } = {}) =>
  Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', ...options });
export const IdParams = Type.Object({ ID: messageId() });
export const LatestQuery = Type.Object({ query: Type.Optional(Type.String({ maxLength: 2000 })) });

export const PartParams = Type.Object({
  ID: messageId(),
  PartID: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9]+(\\.[0-9]+)*$' }),
});

export const Attachment = Type.Object({
  PartID: Type.String(),
  FileName: Type.String(),
  ContentType: Type.String(),
  ContentID: Type.String(),
  Size: Type.Integer(),
  Checksums: Type.Object({ MD5: Type.String(), SHA1: Type.String(), SHA256: Type.String() }),
});
export type Attachment = Static<typeof Attachment>;

export const ListUnsubscribe = Type.Object({
  Header: Type.String(),
  Links: Type.Array(Type.String()),
  Errors: Type.String(),
  HeaderPost: Type.String(),
});

export const Message = Type.Object({
  ID: Type.String(),
  MessageID: Type.String(),
  From: Type.Union([Address, Type.Null()]),
  To: Type.Array(Address),
  Cc: Type.Array(Address),
  Bcc: Type.Array(Address),
  ReplyTo: Type.Array(Address),
  ReturnPath: Type.String(),
  Subject: Type.String(),
  ListUnsubscribe: ListUnsubscribe,
  Date: Type.String(),
  Tags: Type.Array(Type.String()),
  Username: Type.String(),
  Text: Type.String(),
  HTML: Type.String(),
  Size: Type.Integer(),
  Inline: Type.Array(Attachment),
  Attachments: Type.Array(Attachment),
});
export type Message = Static<typeof Message>;

export const MessageHeaders = Type.Record(Type.String(), Type.Array(Type.String()));

export const RawQuery = Type.Object({
  dl: Type.Optional(Type.String({ maxLength: 8 })),
  query: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const ReadBody = Type.Object({
  IDs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100_000 })),
  Read: Type.Optional(Type.Boolean()),
  Search: Type.Optional(Type.String({ maxLength: 2000 })),
});

export const DeleteBody = Type.Union([
  Type.Null(),
  Type.Object({ IDs: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100_000 })) }),
]);

export const SearchQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 2000 })),
  start: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 0, default: 50 })),
  tz: Type.Optional(Type.String({ maxLength: 64 })),
});

export const TagName = Type.String({ minLength: 1, maxLength: 100 });

export const SetTagsBody = Type.Object({
  IDs: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100_000 }),
  Tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
});

export const RenameTagBody = Type.Object({ Name: TagName });
export const TagParams = Type.Object({ Tag: TagName });

export const OkText = Type.String({ description: 'Plain text "ok"' });

export const AppInformation = Type.Object({
  Version: Type.String(),
  LatestVersion: Type.String(),
  Database: Type.String(),
  DatabaseSize: Type.Integer(),
  Messages: Type.Integer(),
  Unread: Type.Integer(),
  Tags: Type.Record(Type.String(), Type.Integer()),
  RuntimeStats: Type.Object({
    Memory: Type.Integer(),
    MessagesDeleted: Type.Integer(),
    SMTPAccepted: Type.Integer(),
    SMTPAcceptedSize: Type.Integer(),
    SMTPIgnored: Type.Integer(),
    SMTPRejected: Type.Integer(),
    Uptime: Type.Integer(),
  }),
});

export const WebUIConfiguration = Type.Object({
  Label: Type.String(),
  MessageRelay: Type.Object({
    Enabled: Type.Boolean(),
    SMTPServer: Type.String(),
    ReturnPath: Type.String(),
    AllowedRecipients: Type.String(),
    BlockedRecipients: Type.String(),
    OverrideFrom: Type.String(),
    PreserveMessageIDs: Type.Boolean(),
  }),
  SpamAssassin: Type.Boolean(),
  ChaosEnabled: Type.Boolean(),
  DuplicatesIgnored: Type.Boolean(),
  HideDeleteAllButton: Type.Boolean(),
});

const EmailAddress = Type.String({ pattern: '^[^\\s<>,;@]+@[^\\s<>,;@]+$', maxLength: 320 });
const SendAddress = Type.Object({ Email: EmailAddress, Name: Type.Optional(Type.String({ maxLength: 500, pattern: '^[^\\r\\n]*$' })) });

export const SendBody = Type.Object({
  From: SendAddress,
  To: Type.Optional(Type.Array(SendAddress, { maxItems: 1000 })),
  Cc: Type.Optional(Type.Array(SendAddress, { maxItems: 1000 })),
  Bcc: Type.Optional(Type.Array(EmailAddress, { maxItems: 1000 })),
  ReplyTo: Type.Optional(Type.Array(SendAddress, { maxItems: 100 })),
  Subject: Type.Optional(Type.String({ maxLength: 10_000, pattern: '^[^\\r\\n]*$' })),
  Text: Type.Optional(Type.String()),
  HTML: Type.Optional(Type.String()),
  Headers: Type.Optional(Type.Record(Type.String({ pattern: '^[!-9;-~]+$', maxLength: 200 }), Type.String({ maxLength: 10_000, pattern: '^[^\\r\\n]*$' }))),
  Tags: Type.Optional(Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 })),
  Attachments: Type.Optional(Type.Array(Type.Object({
    Content: Type.String({ contentEncoding: 'base64' }),
    Filename: Type.String({ minLength: 1, maxLength: 255 }),
    ContentType: Type.Optional(Type.String({ maxLength: 255 })),
    ContentID: Type.Optional(Type.String({ maxLength: 255 })),
  }), { maxItems: 100 })),
});
export type SendBody = Static<typeof SendBody>;

export const SendResponse = Type.Object({ ID: Type.String() });

const EnvelopePath = Type.Object({ Address: Type.String(), Params: Type.Record(Type.String(), Type.String()) });

/** mailsink's envelope of a message: what the SMTP client said around the data. */
export const Envelope = Type.Object({
  MailFrom: EnvelopePath,
  RcptTo: Type.Array(EnvelopePath),
  Helo: Type.String(),
  Greeting: Type.String({ description: 'HELO, EHLO, or HTTP for POST /api/v1/send' }),
  Protocol: Type.String({ description: 'As in the Received header: SMTP, ESMTP, UTF8SMTP, ...' }),
  ClientAddress: Type.String(),
  ClientPort: Type.Integer(),
  ServerHostname: Type.String(),
  TLS: Type.Union([Type.Object({ Protocol: Type.String(), Cipher: Type.String() }), Type.Null()]),
  Auth: Type.Union([Type.Object({ Username: Type.String(), Mechanism: Type.String() }), Type.Null()]),
  Received: Type.String({ description: 'When the message was received, ISO 8601' }),
});
export type Envelope = Static<typeof Envelope>;

/** One node of the MIME tree; Children are MimeParts again (declared loosely: the serializer needs no recursion). */
export const MimePart = Type.Object({
  PartID: Type.String(),
  ContentType: Type.String(),
  FileName: Type.String(),
  Size: Type.Integer(),
  Children: Type.Array(Type.Unknown({ description: 'MimePart' })),
});

export const WaitQuery = Type.Object({
  query: Type.Optional(Type.String({ maxLength: 2000, description: 'Search syntax of /api/v1/search; empty matches any message' })),
  after: Type.Optional(messageId({ minLength: 0, description: 'Only messages stored after this one' })),
  timeout: Type.Optional(Type.String({ maxLength: 16, description: 'Duration like 500ms, 30s, 2m (default 30s, at most 5m)' })),
});

export const JsonError = Type.Object({ Error: Type.String() });

export const ChaosTrigger = Type.Object({
  ErrorCode: Type.Integer({ description: 'SMTP error code to return, 400-599.' }),
  Probability: Type.Integer({ description: 'Chance of triggering the error, 0-100.' }),
});
export const ChaosTriggers = Type.Object({
  Authentication: ChaosTrigger,
  Recipient: ChaosTrigger,
  Sender: ChaosTrigger,
});
/** PUT /api/v1/chaos: a trigger left out is reset to 0 %. */
export const ChaosTriggersInput = Type.Object({
  Authentication: Type.Optional(Type.Partial(ChaosTrigger)),
  Recipient: Type.Optional(Type.Partial(ChaosTrigger)),
  Sender: Type.Optional(Type.Partial(ChaosTrigger)),
});

export const ServerInfo = Type.Object({
  Version: Type.String(),
  SMTPListen: Type.String({ description: 'host:port of the SMTP listener' }),
  SMTPSListen: Type.String({ description: 'host:port of the implicit-TLS listener, "" when off' }),
});

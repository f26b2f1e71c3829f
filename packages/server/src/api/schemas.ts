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

export const IdParams = Type.Object({ ID: Type.String({ minLength: 1, maxLength: 64 }) });

export const RawQuery = Type.Object({ dl: Type.Optional(Type.String({ maxLength: 8 })) });

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
  Tags: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
});

export const RenameTagBody = Type.Object({ Name: TagName });
export const TagParams = Type.Object({ Tag: TagName });

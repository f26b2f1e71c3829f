import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Envelope } from '../envelope.js';
import type { MessageStore } from '../store/index.js';
import { sendJsonError, useJsonErrors } from './json-errors.js';
import { SendBody, SendResponse, type SendBody as SendBodyType } from './schemas.js';
import { cleanTags } from './tag-names.js';

export interface SendRoutesOptions {
  store: MessageStore;
  hostname: string;
  /** Largest message accepted (0 = unlimited); the request body may be base64, so a third larger. */
  maxMessageSize: number;
}

/** Mailpit API v1: POST /api/v1/send injects a message built from JSON. Errors are JSON. */
export const sendRoutes: FastifyPluginAsyncTypebox<SendRoutesOptions> = async (app, { store, hostname, maxMessageSize }) => {
  useJsonErrors(app);
  const bodyLimit = maxMessageSize > 0 ? Math.ceil(maxMessageSize * 1.4) + 64 * 1024 : 1024 ** 3;

  app.post('/api/v1/send', {
    bodyLimit,
    schema: { body: SendBody, response: { 200: SendResponse } },
  }, async (request, reply) => {
    const body = request.body;
    const recipients = [...(body.To ?? []).map((a) => a.Email), ...(body.Cc ?? []).map((a) => a.Email), ...(body.Bcc ?? [])];
    if (recipients.length === 0) return sendJsonError(reply, 400, 'at least one recipient (To, Cc or Bcc) is required');
    const raw = await compose(body);
    if (maxMessageSize > 0 && raw.length > maxMessageSize) {
      return sendJsonError(reply, 400, `the message is ${raw.length} bytes, over the ${maxMessageSize}-byte limit`);
    }
    const envelope: Envelope = {
      mailFrom: { address: body.From.Email, params: {} },
      rcptTo: recipients.map((address) => ({ address, params: {} })),
      helo: '',
      greeting: 'HTTP',
      client: { address: request.ip, port: request.socket.remotePort ?? 0 },
      server: { address: request.socket.localAddress ?? '', port: request.socket.localPort ?? 0, hostname },
      protocol: 'HTTP',
      tls: null,
      auth: request.uiUser ? { username: request.uiUser, mechanism: 'HTTP-BASIC' } : null,
      receivedAt: new Date().toISOString(),
      sessionId: request.id,
    };
    const record = await store.append(envelope, [raw]);
    const tags = cleanTags(body.Tags ?? []);
    if (tags.length > 0) await store.setTags(record.id, tags);
    return { ID: record.id };
  });
};

function mailbox(a: { Email: string; Name?: string }) {
  return { address: a.Email, name: a.Name ?? '' };
}

async function compose(body: SendBodyType): Promise<Buffer> {
  const attachments = (body.Attachments ?? []).map((a) => ({
    filename: a.Filename,
    content: Buffer.from(a.Content, 'base64'),
    contentType: a.ContentType || undefined,
    cid: a.ContentID || undefined,
  }));
  const composer = new MailComposer({
    from: mailbox(body.From),
    to: (body.To ?? []).map(mailbox),
    cc: (body.Cc ?? []).map(mailbox),
    replyTo: (body.ReplyTo ?? []).map(mailbox),
    subject: body.Subject ?? '',
    text: body.Text || undefined,
    html: body.HTML || undefined,
    headers: body.Headers ?? {},
    attachments,
  });
  return composer.compile().build();
}

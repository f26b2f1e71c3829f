import type { Envelope as StoredEnvelope } from '../envelope.js';
import type { MessageRecord } from '../store/index.js';
import type { Envelope } from './schemas.js';

/** The stored envelope in the API's shape (GET /api/mailsink/v1/message/{ID}/envelope). */
export function toEnvelope(r: MessageRecord): Envelope {
  const e: StoredEnvelope = r.envelope;
  return {
    MailFrom: { Address: e.mailFrom.address, Params: e.mailFrom.params },
    RcptTo: e.rcptTo.map((p) => ({ Address: p.address, Params: p.params })),
    Helo: e.helo,
    Greeting: e.greeting,
    Protocol: e.protocol,
    ClientAddress: e.client.address,
    ClientPort: e.client.port,
    ServerHostname: e.server.hostname,
    TLS: e.tls && { Protocol: e.tls.protocol, Cipher: e.tls.cipher },
    Auth: e.auth && { Username: e.auth.username, Mechanism: e.auth.mechanism },
    Received: e.receivedAt,
  };
}

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import type { EventBus, SmtpErrorEvent } from '../events.js';
import type { MessageRecord, MessageStore } from '../store/index.js';
import { VERSION } from '../version.js';
import { isAllowedOrigin } from './host-check.js';
import { toMessageSummary } from './summary.js';

export interface EventsSocketOptions {
  store: MessageStore;
  bus: EventBus;
  corsOrigins: ReadonlySet<string>;
}

/** Mailpit sends stats after changes, at most a few per second. */
const STATS_INTERVAL_MS = 250;
const PING_INTERVAL_MS = 30_000;
/** A client that reads this far behind is dropped rather than letting its queue grow without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * GET /api/events (the @fastify/websocket plugin must be registered): Mailpit's live frames `{Type, Data}` for every store change (new, update,
 * delete, truncate, prune), SMTP errors (error) and throttled counts (stats).
 */
export async function eventsSocket(app: FastifyInstance, { store, bus, corsOrigins }: EventsSocketOptions): Promise<void> {
  const clients = new Set<WebSocket>();

  function broadcast(type: string, data: unknown): void {
    if (clients.size === 0) return;
    const frame = JSON.stringify({ Type: type, Data: data });
    for (const ws of clients) {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(frame);
    }
  }

  let statsTimer: NodeJS.Timeout | undefined;
  function statsSoon(): void {
    statsTimer ??= setTimeout(() => {
      statsTimer = undefined;
      broadcast('stats', { Total: store.total, Unread: store.unread, Version: VERSION });
    }, STATS_INTERVAL_MS);
  }

  const onNew = (r: MessageRecord) => {
    broadcast('new', toMessageSummary(r));
    statsSoon();
  };
  const onUpdate = (c: { id: string; read?: boolean; tags?: string[] }) => {
    if (c.read !== undefined) broadcast('update', { ID: c.id, Read: c.read });
    if (c.tags !== undefined) broadcast('update', { ID: c.id, Tags: c.tags });
    statsSoon();
  };
  const onDelete = (c: { id: string }) => {
    broadcast('delete', { ID: c.id });
    statsSoon();
  };
  const onTruncate = () => {
    broadcast('truncate', null);
    statsSoon();
  };
  const onPrune = () => {
    broadcast('prune', null);
    statsSoon();
  };
  const onError = (e: SmtpErrorEvent) => broadcast('error', e);
  bus.on('new', onNew).on('update', onUpdate).on('delete', onDelete).on('truncate', onTruncate).on('prune', onPrune).on('error', onError);

  const ping = setInterval(() => {
    for (const ws of clients) {
      if ((ws as WebSocket & { alive?: boolean }).alive === false) {
        ws.terminate();
        continue;
      }
      (ws as WebSocket & { alive?: boolean }).alive = false;
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  ping.unref();

  app.addHook('onClose', async () => {
    clearInterval(ping);
    clearTimeout(statsTimer);
    bus.off('new', onNew).off('update', onUpdate).off('delete', onDelete).off('truncate', onTruncate).off('prune', onPrune).off('error', onError);
    for (const ws of clients) ws.close(1001, 'server shutting down');
  });

  app.get('/api/events', {
    websocket: true,
    schema: { hide: true },
    preValidation: async (request, reply) => {
      if (!isAllowedOrigin(request, corsOrigins)) {
        await reply.code(403).type('text/plain; charset=utf-8').send('Origin not allowed');
      }
    },
  }, (socket) => {
    const ws = socket as WebSocket & { alive?: boolean };
    ws.alive = true;
    clients.add(ws);
    ws.on('pong', () => (ws.alive = true));
    ws.on('close', () => clients.delete(ws));
    ws.on('error', () => clients.delete(ws));
    // Clients only listen; anything they send is ignored.
  });
}

/**
 * The WebSocket GET /api/events: Mailpit's {Type, Data} frames. When the socket drops (server
 * restart, sleep, network), it reconnects with a growing, jittered delay; every open is reported
 * so the caller can resync what it may have missed.
 */
import { decodeFrame } from './decode';
import type { LiveFrame } from './types';
import { eventsUrl } from './urls';

export type ConnectionState = 'connecting' | 'live' | 'offline';

export interface LiveHandlers {
  onFrame(frame: LiveFrame): void;
  /** Called on every successful open, the first one included. */
  onOpen(): void;
  onState(state: ConnectionState): void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 15_000;

/** Connects now and keeps reconnecting until the returned function is called. */
export function connectLive(handlers: LiveHandlers): () => void {
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const scheduleRetry = () => {
    if (stopped || retryTimer !== undefined) return;
    const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** failures) * (0.8 + Math.random() * 0.4);
    failures++;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      open();
    }, delay);
  };

  const open = () => {
    if (stopped) return;
    handlers.onState(failures === 0 ? 'connecting' : 'offline');
    let ws: WebSocket;
    try {
      ws = new WebSocket(eventsUrl());
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      handlers.onState('live');
      handlers.onOpen();
    };
    ws.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const frame = decodeFrame(event.data);
      if (frame) handlers.onFrame(frame);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (stopped) return;
      handlers.onState('offline');
      scheduleRetry();
    };
    // An error is always followed by close, which does the retrying.
    ws.onerror = () => {};
  };

  // Coming back online or to the tab: try now rather than wait out the back-off.
  const retryNow = () => {
    if (stopped || socket || document.visibilityState === 'hidden') return;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    open();
  };
  window.addEventListener('online', retryNow);
  document.addEventListener('visibilitychange', retryNow);

  open();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    window.removeEventListener('online', retryNow);
    document.removeEventListener('visibilitychange', retryNow);
    socket?.close();
    socket = null;
  };
}

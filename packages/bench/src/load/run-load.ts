/**
 * The load generator: `connections` workers send messages until `count` are accepted or
 * `maxSeconds` have passed. A message counts only at its final 250.
 */
import { performance } from 'node:perf_hooks';
import { SmtpConnection, queuedId, type OutgoingMessage } from '../smtp/index.js';

export interface LoadSpec {
  port: number;
  /** Workers sending at the same time. */
  connections: number;
  /** Messages to get accepted (the load stops earlier if maxSeconds pass). */
  count: number;
  maxSeconds: number;
  /** 'session': each worker keeps one connection for many messages; 'per-message': connect, EHLO, one message, QUIT. */
  mode: 'session' | 'per-message';
  /** Message number `n` (0-based, in the order they are started). */
  message: (n: number) => OutgoingMessage;
  /** Keep the IDs from "queued as <ID>" replies. */
  collectIds?: boolean;
}

export interface LoadResult {
  accepted: number;
  seconds: number;
  perSecond: number;
  errors: number;
  firstError?: string;
  /** Whether every connection saw PIPELINING advertised. */
  pipelining: boolean;
  ids: string[];
}

/** Beyond this many failed messages the load gives up: the target is broken, not slow. */
const MAX_ERRORS = 50;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  let accepted = 0;
  let errors = 0;
  let firstError: string | undefined;
  let pipelining = true;
  const ids: string[] = [];
  const started = performance.now();
  const deadline = started + spec.maxSeconds * 1000;
  const more = () => next < spec.count && errors < MAX_ERRORS && performance.now() < deadline;
  const failed = (err: unknown) => {
    errors++;
    firstError ??= err instanceof Error ? err.message : String(err);
  };
  const open = async () => {
    const connection = await SmtpConnection.open(spec.port);
    if (!connection.pipelining) pipelining = false;
    return connection;
  };
  const deliver = async (connection: SmtpConnection, n: number) => {
    const reply = await connection.send(spec.message(n));
    accepted++;
    if (spec.collectIds) {
      const id = queuedId(reply);
      if (id) ids.push(id);
    }
  };

  const sessionWorker = async () => {
    let connection: SmtpConnection | undefined;
    while (more()) {
      const n = next++;
      try {
        connection ??= await open();
        await deliver(connection, n);
      } catch (err) {
        failed(err);
        connection?.destroy();
        connection = undefined;
      }
    }
    await connection?.quit();
  };

  const perMessageWorker = async () => {
    while (more()) {
      const n = next++;
      let connection: SmtpConnection | undefined;
      try {
        connection = await open();
        await deliver(connection, n);
        await connection.quit();
      } catch (err) {
        failed(err);
        connection?.destroy();
      }
    }
  };

  const worker = spec.mode === 'session' ? sessionWorker : perMessageWorker;
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { accepted, seconds, perSecond: accepted / seconds, errors, firstError, pipelining, ids };
}

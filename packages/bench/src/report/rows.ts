/** The report's rows, in order: what each measures, its unit and its target, if any. */
import type { Plan } from '../plan.js';

export type Unit = 'msg/s' | 'ms' | 'MB';

export interface Target {
  text: string;
  /** undefined when a value it needs is missing. */
  met(value: (row: string, target: 'mailsink' | 'maildev') => number | undefined): { ok: boolean; actual: string } | undefined;
}

export interface RowSpec {
  id: string;
  label: string;
  unit: Unit;
  /** Whether the ceiling receiver runs it. */
  ceiling?: boolean;
  target?: Target;
}

const ratioAtLeast = (row: string, min: number): Target => ({
  text: `≥ ${min}× MailDev`,
  met: (v) => {
    const a = v(row, 'mailsink');
    const b = v(row, 'maildev');
    return a === undefined || b === undefined ? undefined : { ok: a / b >= min, actual: `${(a / b).toFixed(2)}×` };
  },
});

const below = (row: string, max: number, unit: string): Target => ({
  text: `< ${max} ${unit}`,
  met: (v) => {
    const a = v(row, 'mailsink');
    return a === undefined ? undefined : { ok: a < max, actual: `${a.toFixed(2)} ${unit}` };
  },
});

export function rowSpecs(plan: Plan): RowSpec[] {
  const small = plan.smallStore.toLocaleString('en-US');
  const big = plan.bigStore.toLocaleString('en-US');
  return [
    { id: '5kb-1conn', label: '5 KB, 1 connection, many messages per session', unit: 'msg/s', ceiling: true },
    { id: '5kb-8conn', label: '5 KB, 8 connections, many messages per session', unit: 'msg/s', ceiling: true, target: ratioAtLeast('5kb-8conn', 3) },
    { id: '5kb-new-1', label: '5 KB, new connection per message, 1 at a time', unit: 'msg/s', ceiling: true, target: ratioAtLeast('5kb-new-1', 60) },
    { id: '5kb-new-8', label: '5 KB, new connection per message, 8 at a time', unit: 'msg/s', ceiling: true },
    { id: '200kb-4conn', label: '200 KB with an attachment, 4 connections', unit: 'msg/s', ceiling: true, target: ratioAtLeast('200kb-4conn', 2) },
    {
      id: 'ingest-big', label: `5 KB, 8 connections, into a store of ${big}`, unit: 'msg/s',
      target: {
        text: '≥ 0.8× own empty-store rate',
        met: (v) => {
          const a = v('ingest-big', 'mailsink');
          const empty = v('5kb-8conn', 'mailsink');
          return a === undefined || empty === undefined ? undefined : { ok: a / empty >= 0.8, actual: `${(a / empty).toFixed(2)}×` };
        },
      },
    },
    {
      id: 'rss-small', label: `resident memory after ${small}`, unit: 'MB',
      target: {
        text: '≤ 0.5× MailDev',
        met: (v) => {
          const a = v('rss-small', 'mailsink');
          const b = v('rss-small', 'maildev');
          return a === undefined || b === undefined ? undefined : { ok: a / b <= 0.5, actual: `${(a / b).toFixed(2)}×` };
        },
      },
    },
    { id: 'startup-small', label: `start-up with ${small} on disk`, unit: 'ms' },
    { id: 'ui-first-rows', label: `web UI: navigation to first rows painted, ${small} stored`, unit: 'ms' },
    { id: 'list-small', label: `list newest 50, ${small} stored`, unit: 'ms' },
    { id: 'fetch-small', label: `fetch one message, ${small} stored`, unit: 'ms' },
    { id: 'startup-big', label: `start-up with ${big} on disk`, unit: 'ms', target: below('startup-big', 3000, 'ms') },
    { id: 'list-big', label: `list newest 50, ${big} stored`, unit: 'ms', target: below('list-big', 5, 'ms') },
    { id: 'fetch-big', label: `fetch one message, ${big} stored`, unit: 'ms', target: below('fetch-big', 2, 'ms') },
    { id: 'search-address', label: `search an address, ${big} stored`, unit: 'ms' },
    { id: 'search-subject', label: `search a subject word, ${big} stored`, unit: 'ms' },
    { id: 'search-text', label: `search a word of the text, ${big} stored`, unit: 'ms' },
    { id: 'wait', label: `250 → answer of a waiting request, ${big} stored`, unit: 'ms' },
    { id: 'rss-big', label: `resident memory after ${big} + ingest`, unit: 'MB' },
  ];
}

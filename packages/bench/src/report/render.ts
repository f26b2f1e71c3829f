/** Turns Results into the markdown table and the JSON document. */
import { median } from '../measure/stats.js';
import type { Plan } from '../plan.js';
import type { Results } from './results.js';
import { rowSpecs, type Unit } from './rows.js';

export interface RunInfo {
  plan: Plan;
  startedAt: Date;
  seconds: number;
  node: string;
  cpus: string;
  maildevVersion: string;
  notes: string[];
}

export interface ReportRow {
  id: string;
  label: string;
  unit: Unit;
  mailsink?: number;
  maildev?: number;
  ceiling?: number;
  /** mailsink / MailDev. */
  ratio?: number;
  target?: string;
  met?: boolean;
  actual?: string;
  samples: Record<string, number[]>;
  notes: string[];
}

export function buildRows(plan: Plan, results: Results): ReportRow[] {
  const value = (row: string, target: 'mailsink' | 'maildev' | 'ceiling') => median(results.rows.get(row)?.values[target] ?? []);
  return rowSpecs(plan).map((spec) => {
    const row = results.rows.get(spec.id);
    const mailsink = value(spec.id, 'mailsink');
    const maildev = value(spec.id, 'maildev');
    const verdict = spec.target?.met(value);
    return {
      id: spec.id,
      label: spec.label,
      unit: spec.unit,
      mailsink,
      maildev,
      ceiling: spec.ceiling ? value(spec.id, 'ceiling') : undefined,
      ratio: mailsink !== undefined && maildev !== undefined ? mailsink / maildev : undefined,
      target: spec.target?.text,
      met: verdict?.ok,
      actual: verdict?.actual,
      samples: row?.values ?? {},
      notes: row?.notes ?? [],
    };
  });
}

function format(value: number | undefined, unit: Unit): string {
  if (value === undefined) return 'n/a';
  if (unit === 'msg/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'MB') return value.toFixed(0);
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

export function renderMarkdown(rows: ReportRow[], info: RunInfo): string {
  const { plan } = info;
  const lines = [
    `# mailsink vs MailDev ${info.maildevVersion} (${plan.mode} run)`,
    '',
    `${info.startedAt.toISOString()} · ${info.seconds.toFixed(0)} s · Node ${info.node} · ${info.cpus}`,
    '',
    `Throughput rows: median of ${plan.throughputReps} repetition(s), each target on a fresh process, order alternating; ` +
      `latency rows: median of every sample over ${plan.storeReps} repetition(s). mailsink/MailDev > 1 is better for msg/s, < 1 for ms and MB. ` +
      'The ceiling is a protocol-only receiver (parses and stores nothing).',
    '',
    '| scenario | unit | mailsink | MailDev | mailsink/MailDev | ceiling | mailsink/ceiling | target | met |',
    '|---|---|--:|--:|--:|--:|--:|---|---|',
  ];
  for (const row of rows) {
    const ofCeiling = row.mailsink !== undefined && row.ceiling !== undefined ? `${((row.mailsink / row.ceiling) * 100).toFixed(0)} %` : '';
    const met = row.met === undefined ? (row.target ? 'n/a' : '') : `${row.met ? 'yes' : '**no**'} (${row.actual})`;
    lines.push(
      `| ${row.label} | ${row.unit} | ${format(row.mailsink, row.unit)} | ${format(row.maildev, row.unit)} | ` +
        `${row.ratio === undefined ? 'n/a' : `${row.ratio.toFixed(2)}×`} | ${row.ceiling === undefined ? '' : format(row.ceiling, row.unit)} | ` +
        `${ofCeiling} | ${row.target ?? ''} | ${met} |`,
    );
  }
  const notes = [...info.notes, ...rows.flatMap((row) => row.notes.map((note) => `${row.label}: ${note}`))];
  if (notes.length) lines.push('', 'Notes:', '', ...notes.map((note) => `- ${note}`));
  return `${lines.join('\n')}\n`;
}

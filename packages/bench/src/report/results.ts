/** What a run measured: per row, the values each target produced (one per repetition or sample). */
import type { TargetName } from '../targets/index.js';

export interface RowValues {
  /** Rates (one per repetition) or latency samples (all of them, pooled). */
  values: Partial<Record<TargetName, number[]>>;
  /** Why a cell is missing or how it was measured (e.g. "MailDev has no wait API"). */
  notes: string[];
}

export class Results {
  readonly rows = new Map<string, RowValues>();

  private row(id: string): RowValues {
    let row = this.rows.get(id);
    if (!row) this.rows.set(id, (row = { values: {}, notes: [] }));
    return row;
  }

  add(id: string, target: TargetName, ...values: number[]): void {
    const row = this.row(id);
    (row.values[target] ??= []).push(...values);
  }

  note(id: string, note: string): void {
    const row = this.row(id);
    if (!row.notes.includes(note)) row.notes.push(note);
  }
}

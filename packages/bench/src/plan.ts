/** How much each run does: the full default, or --quick for a smoke run of a few minutes. */
export interface Plan {
  mode: 'full' | 'quick';
  /** Repetitions of the throughput scenarios (fresh processes each time), A B A B. */
  throughputReps: number;
  /** Repetitions of the stored-messages scenarios. */
  storeReps: number;
  session1: number;
  session8: number;
  /** New connection per message: a count, cut short after perMessageSeconds. */
  perMessage: number;
  perMessageSeconds: number;
  large: number;
  /** The "after N messages" and "with N stored" sizes. */
  smallStore: number;
  bigStore: number;
  /** 5 KB messages sent into the big store. */
  ingest: number;
  listSamples: number;
  /** Web UI loads timed, each in a fresh browser context. */
  uiLoads: number;
  fetchSamples: number;
  searchSamples: number;
  waitSamples: number;
  /** Upper bound for any one load. */
  maxLoadSeconds: number;
}

export const FULL: Plan = {
  mode: 'full',
  throughputReps: 5,
  storeReps: 3,
  session1: 3000,
  session8: 8000,
  perMessage: 5000,
  perMessageSeconds: 10,
  large: 1000,
  smallStore: 10_000,
  bigStore: 50_000,
  ingest: 8000,
  listSamples: 100,
  uiLoads: 5,
  fetchSamples: 200,
  searchSamples: 10,
  waitSamples: 20,
  maxLoadSeconds: 180,
};

export const QUICK: Plan = {
  mode: 'quick',
  throughputReps: 1,
  storeReps: 1,
  session1: 1000,
  session8: 2000,
  perMessage: 1000,
  perMessageSeconds: 3,
  large: 200,
  smallStore: 5_000,
  bigStore: 12_000,
  ingest: 2000,
  listSamples: 30,
  uiLoads: 3,
  fetchSamples: 50,
  searchSamples: 3,
  waitSamples: 5,
  maxLoadSeconds: 60,
};

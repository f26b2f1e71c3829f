/**
 * The one FaultPolicy mailsink runs: its deterministic rules first, then (when enabled) Mailpit's
 * chaos triggers. The API changes both while SMTP sessions consult it.
 */
import { Chaos } from './chaos.js';
import type { FaultContext, FaultDecision, FaultPolicy } from './policy.js';
import type { FaultRule } from './rule-schema.js';
import { FaultRules } from './rules.js';

export interface FaultsOptions {
  /** Chaos triggers only apply (and /api/v1/chaos only answers) with --enable-chaos. */
  chaosEnabled: boolean;
  rules?: readonly FaultRule[];
  /** For tests: [0, 1) like Math.random. */
  random?: () => number;
}

export class Faults implements FaultPolicy {
  readonly chaosEnabled: boolean;
  readonly chaos: Chaos;
  readonly rules: FaultRules;

  constructor({ chaosEnabled, rules = [], random }: FaultsOptions) {
    this.chaosEnabled = chaosEnabled;
    this.chaos = new Chaos(random);
    this.rules = new FaultRules(rules);
  }

  decide(context: FaultContext): FaultDecision | undefined {
    const ruled = this.rules.decide(context);
    if (ruled?.reply || ruled?.drop || !this.chaosEnabled) return ruled;
    const chaos = this.chaos.decide(context);
    if (!chaos) return ruled;
    return ruled ? { ...chaos, delayMs: ruled.delayMs, source: `${ruled.source}, ${chaos.source}` } : chaos;
  }
}

/** The deterministic fault rules in force, in the order they were added, and their counters. */
import { randomUUID } from 'node:crypto';
import { globMatches } from './glob.js';
import type { FaultContext, FaultDecision } from './policy.js';
import { FaultRuleError, type FaultRule } from './rule-schema.js';

export const MAX_RULES = 100;
/** Greylisting remembers this many recipients per rule; past it, it starts afresh. */
const MAX_GREYLIST_ENTRIES = 10_000;

type Stored = FaultRule & { ID: string };

interface Counters {
  /** greylist: failed attempts per recipient. */
  attempts?: Map<string, number>;
  /** fail-every: messages seen. */
  messages?: number;
}

export class FaultRules {
  #rules: Stored[] = [];
  #counters = new Map<string, Counters>();

  constructor(initial: readonly FaultRule[] = []) {
    for (const rule of initial) this.add(rule);
  }

  list(): Stored[] {
    return this.#rules.map((r) => ({ ...r }));
  }

  /** Adds a rule checked by parseRule; throws FaultRuleError past MAX_RULES. */
  add(rule: FaultRule): Stored {
    if (this.#rules.length >= MAX_RULES) throw new FaultRuleError(`at most ${MAX_RULES} rules`);
    const stored = { ...rule, ID: randomUUID() } as Stored;
    this.#rules.push(stored);
    this.#counters.set(stored.ID, {});
    return { ...stored };
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.ID !== id);
    this.#counters.delete(id);
    return this.#rules.length < before;
  }

  clear(): void {
    this.#rules = [];
    this.#counters.clear();
  }

  /** The delays of every matching delay rule add up; the first reply or drop wins. */
  decide(context: FaultContext): FaultDecision | undefined {
    let delayMs = 0;
    const sources: string[] = [];
    for (const rule of this.#rules) {
      if (rule.Type === 'delay') {
        const { Stage, Milliseconds, ID } = rule;
        if (Stage === context.stage && Milliseconds > 0) {
          delayMs += Milliseconds;
          sources.push(`rule ${ID} (delay)`);
        }
        continue;
      }
      const decision = this.#apply(rule, context);
      if (decision) {
        return { ...decision, ...(delayMs > 0 && { delayMs }), source: [...sources, decision.source].join(', ') };
      }
    }
    return delayMs > 0 ? { delayMs, source: sources.join(', ') } : undefined;
  }

  #apply(rule: Stored, context: FaultContext): FaultDecision | undefined {
    const source = `rule ${rule.ID} (${rule.Type})`;
    switch (rule.Type) {
      case 'drop':
        return rule.Stage === context.stage ? { drop: true, source } : undefined;
      case 'reject': {
        if (rule.Stage !== context.stage) return undefined;
        const address = context.stage === 'mail' ? context.mailFrom : context.rcptTo?.[0];
        if (address === undefined || !globMatches(rule.Pattern, address)) return undefined;
        const code = rule.Code ?? 550;
        const text = rule.Text ?? (rule.Stage === 'mail' ? 'Sender rejected' : 'Recipient rejected');
        return { reply: { code, enhanced: `${Math.floor(code / 100)}.7.1`, text }, source };
      }
      case 'greylist': {
        const address = context.stage === 'rcpt' ? context.rcptTo?.[0] : undefined;
        if (address === undefined || (rule.Pattern !== undefined && !globMatches(rule.Pattern, address))) return undefined;
        const counters = this.#counters.get(rule.ID)!;
        const attempts = (counters.attempts ??= new Map());
        const key = address.toLowerCase();
        const failed = attempts.get(key) ?? 0;
        if (failed >= (rule.Attempts ?? 1)) return undefined;
        if (!attempts.has(key) && attempts.size >= MAX_GREYLIST_ENTRIES) attempts.clear();
        attempts.set(key, failed + 1);
        return { reply: { code: rule.Code ?? 451, enhanced: '4.7.1', text: rule.Text ?? 'Greylisted, please try again later' }, source };
      }
      case 'fail-every': {
        if (context.stage !== 'message') return undefined;
        const counters = this.#counters.get(rule.ID)!;
        counters.messages = (counters.messages ?? 0) + 1;
        if (counters.messages % rule.Every !== 0) return undefined;
        const code = rule.Code ?? 451;
        return { reply: { code, enhanced: `${Math.floor(code / 100)}.3.0`, text: rule.Text ?? 'Message failed by fault rule' }, source };
      }
    }
  }
}

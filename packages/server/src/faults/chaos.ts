/**
 * Mailpit's chaos triggers (/api/v1/chaos): at AUTH, MAIL FROM and RCPT TO, answer a chosen error
 * code with a chosen probability (0-100 %).
 */
import type { FaultContext, FaultDecision } from './policy.js';

export interface ChaosTrigger {
  ErrorCode: number;
  Probability: number;
}

export interface ChaosTriggers {
  Authentication: ChaosTrigger;
  Sender: ChaosTrigger;
  Recipient: ChaosTrigger;
}

/** Mailpit's defaults for a trigger left out or given ErrorCode 0. */
const DEFAULT_CODES: Record<keyof ChaosTriggers, number> = { Authentication: 535, Sender: 451, Recipient: 451 };

const STAGE_TRIGGER: Partial<Record<FaultContext['stage'], { trigger: keyof ChaosTriggers; text: string }>> = {
  auth: { trigger: 'Authentication', text: 'Chaos authentication error' },
  mail: { trigger: 'Sender', text: 'Chaos sender error' },
  rcpt: { trigger: 'Recipient', text: 'Chaos recipient error' },
};

export class ChaosError extends Error {
  override name = 'ChaosError';
}

export class Chaos {
  #triggers: ChaosTriggers = Chaos.normalize({});

  /** `random()` returns [0, 1) like Math.random. */
  constructor(private readonly random: () => number = Math.random) {}

  get triggers(): ChaosTriggers {
    return structuredClone(this.#triggers);
  }

  /** Replaces every trigger (one left out is reset to 0 %). Throws ChaosError on a bad value. */
  set(triggers: Partial<Record<keyof ChaosTriggers, Partial<ChaosTrigger>>>): ChaosTriggers {
    this.#triggers = Chaos.normalize(triggers);
    return this.triggers;
  }

  decide(context: FaultContext): FaultDecision | undefined {
    const at = STAGE_TRIGGER[context.stage];
    if (!at) return undefined;
    const { ErrorCode, Probability } = this.#triggers[at.trigger];
    if (Probability <= 0 || this.random() * 100 >= Probability) return undefined;
    return { reply: { code: ErrorCode, text: at.text }, source: `chaos ${at.trigger}` };
  }

  private static normalize(input: Partial<Record<keyof ChaosTriggers, Partial<ChaosTrigger>>>): ChaosTriggers {
    const out = {} as ChaosTriggers;
    for (const key of Object.keys(DEFAULT_CODES) as Array<keyof ChaosTriggers>) {
      const code = input[key]?.ErrorCode || DEFAULT_CODES[key];
      const probability = input[key]?.Probability ?? 0;
      if (!Number.isInteger(code) || code < 400 || code > 599) {
        throw new ChaosError(`${key}: error code must be between 400 and 599`);
      }
      if (!Number.isInteger(probability) || probability < 0 || probability > 100) {
        throw new ChaosError(`${key}: probability must be between 0 and 100`);
      }
      out[key] = { ErrorCode: code, Probability: probability };
    }
    return out;
  }
}

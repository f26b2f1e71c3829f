/**
 * The throughput scenarios: the same load against mailsink, MailDev and the ceiling, each on a
 * fresh process, the order alternating from one repetition to the next.
 */
import { makeMessage, type MessageKind } from '../load/messages.js';
import { runLoad } from '../load/run-load.js';
import type { Plan } from '../plan.js';
import type { Results } from '../report/results.js';
import type { TargetName } from '../targets/index.js';
import { withTarget } from './with-target.js';

export interface ThroughputScenario {
  id: string;
  kind: MessageKind;
  connections: number;
  mode: 'session' | 'per-message';
  count: number;
  maxSeconds: number;
}

export function throughputScenarios(plan: Plan): ThroughputScenario[] {
  const session = (id: string, kind: MessageKind, connections: number, count: number): ThroughputScenario =>
    ({ id, kind, connections, mode: 'session', count, maxSeconds: plan.maxLoadSeconds });
  const perMessage = (id: string, connections: number): ThroughputScenario =>
    ({ id, kind: '5kb', connections, mode: 'per-message', count: plan.perMessage, maxSeconds: plan.perMessageSeconds });
  return [
    session('5kb-1conn', '5kb', 1, plan.session1),
    session('5kb-8conn', '5kb', 8, plan.session8),
    perMessage('5kb-new-1', 1),
    perMessage('5kb-new-8', 8),
    session('200kb-4conn', '200kb', 4, plan.large),
  ];
}

const WARM_UP = { session: 100, 'per-message': 5 } as const;

export async function runThroughput(plan: Plan, results: Results, log: (line: string) => void): Promise<void> {
  const scenarios = throughputScenarios(plan);
  for (let rep = 0; rep < plan.throughputReps; rep++) {
    const order: TargetName[] = rep % 2 === 0 ? ['mailsink', 'maildev', 'ceiling'] : ['maildev', 'mailsink', 'ceiling'];
    for (const scenario of scenarios) {
      for (const name of order) {
        await withTarget(name, async (target) => {
          const load = (count: number, maxSeconds: number, first: number) =>
            runLoad({
              port: target.smtpPort,
              connections: scenario.connections,
              count,
              maxSeconds,
              mode: scenario.mode,
              message: (n) => makeMessage(scenario.kind, first + n),
            });
          await load(WARM_UP[scenario.mode], 30, 0);
          const result = await load(scenario.count, scenario.maxSeconds, WARM_UP[scenario.mode]);
          results.add(scenario.id, name, result.perSecond);
          if (!result.pipelining) results.note(scenario.id, `${name} did not advertise PIPELINING`);
          if (result.errors > 0) results.note(scenario.id, `${name}: ${result.errors} failed (${result.firstError})`);
          log(`  [${rep + 1}/${plan.throughputReps}] ${scenario.id.padEnd(12)} ${name.padEnd(8)} ` +
            `${Math.round(result.perSecond).toString().padStart(6)} msg/s (${result.accepted} in ${result.seconds.toFixed(1)}s` +
            `${result.errors ? `, ${result.errors} errors` : ''})`);
        }, { onError: (err) => results.note(scenario.id, `${name} failed: ${err.message}`), log });
      }
    }
  }
}

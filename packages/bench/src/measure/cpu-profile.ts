/** Summarises a V8 .cpuprofile: the functions with the most self time. */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  percent: number;
}

/** Not work: time the process spent waiting, or outside JavaScript it can attribute. */
const IDLE = new Set(['(idle)', '(program)']);

/** The top functions by self time, as a share of the busy (non-idle) samples. */
export function topSelfTime(file: string, count = 15): { functions: HotFunction[]; files: HotFunction[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const hits = new Map<string, { name: string; where: string; hits: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const n = node.hitCount ?? 0;
    if (n === 0 || IDLE.has(node.callFrame.functionName)) continue;
    total += n;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = hits.get(key) ?? { name: functionName || '(anonymous)', where, hits: 0 };
    entry.hits += n;
    hits.set(key, entry);
  }
  const top = (entries: Iterable<{ name: string; where: string; hits: number }>) =>
    [...entries].sort((a, b) => b.hits - a.hits).slice(0, count).map((e) => ({ name: e.name, where: e.where, percent: (e.hits / total) * 100 }));
  const byFile = new Map<string, { name: string; where: string; hits: number }>();
  for (const e of hits.values()) {
    const file = e.where ? e.where.replace(/:\d+$/, '') : '(native / V8)';
    const entry = byFile.get(file) ?? { name: '', where: file, hits: 0 };
    entry.hits += e.hits;
    byFile.set(file, entry);
  }
  return { functions: top(hits.values()), files: top(byFile.values()).slice(0, 10) };
}

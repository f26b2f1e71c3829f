/**
 * The stored-messages scenarios: fill a target over SMTP to `smallStore`, then `bigStore`
 * messages, and measure memory, start-up (mailsink: a restart on the same data dir; MailDev
 * keeps mail in memory, so it has none), API latencies, the wait API, and ingest into the big
 * store.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { makeMessage, searchTerms } from '../load/messages.js';
import { runLoad } from '../load/run-load.js';
import { firstRowsPainted } from '../measure/first-rows.js';
import { httpGet } from '../measure/http.js';
import { residentBytes } from '../measure/rss.js';
import { median } from '../measure/stats.js';
import type { Plan } from '../plan.js';
import type { Results } from '../report/results.js';
import { SmtpConnection } from '../smtp/index.js';
import {
  makeTempDir, removeTempDir, startMaildev, startMailsink, type Target, type TargetApi, type TargetName,
} from '../targets/index.js';

type Log = (line: string) => void;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runStored(plan: Plan, results: Results, log: Log): Promise<void> {
  for (let rep = 0; rep < plan.storeReps; rep++) {
    const order: TargetName[] = rep % 2 === 0 ? ['mailsink', 'maildev'] : ['maildev', 'mailsink'];
    for (const name of order) {
      const dataDir = name === 'mailsink' ? makeTempDir('mailsink-bench') : undefined;
      const start = () => (name === 'mailsink' ? startMailsink({ dataDir: dataDir! }) : startMaildev());
      let target: Target | undefined;
      const prefix = `  [${rep + 1}/${plan.storeReps}] ${name.padEnd(8)}`;
      try {
        target = await start();
        let stored = await fill(target, 0, plan.smallStore, plan, log, prefix);
        await sleep(1000);
        const rss = residentBytes(target.pid);
        if (rss !== undefined) results.add('rss-small', name, rss / 2 ** 20);
        const small = { target, stored };
        await attempt('list-small', name, results, log, () => apiLatencies(small.target, small.stored, 'small', plan, results, log, prefix));
        if (name === 'mailsink') {
          await attempt('ui-first-rows', name, results, log, async () => {
            const ms = await firstRowsPainted(`${small.target.api!.baseUrl}/`, plan.uiLoads);
            results.add('ui-first-rows', name, ...ms);
            log(`${prefix} web UI, navigation to first rows painted with ${stored} stored: ${med(ms)} ms`);
          });
        }
        if (name === 'mailsink') {
          target = await restart(target, start);
          results.add('startup-small', name, target.startupMs);
          log(`${prefix} start-up with ${stored} stored: ${target.startupMs.toFixed(0)} ms`);
        }
        stored += await fill(target, stored, plan.bigStore - stored, plan, log, prefix);
        if (name === 'mailsink') {
          target = await restart(target, start);
          results.add('startup-big', name, target.startupMs);
          log(`${prefix} start-up with ${stored} stored: ${target.startupMs.toFixed(0)} ms`);
        }
        const api = target.api!;
        const running = target;
        const filled = stored;
        await attempt('list-big', name, results, log, () => apiLatencies(running, filled, 'big', plan, results, log, prefix));
        await attempt('search-address', name, results, log, () => searchLatencies(api, name, plan, results, log, prefix));
        await attempt('wait', name, results, log, () => waitLatency(running, name, plan, results, log, prefix, filled));
        await fill(target, stored + plan.ingest + plan.waitSamples, 100, plan, () => {}, prefix); // warm-up, like the empty-store run
        const ingest = await runLoad({
          port: target.smtpPort, connections: 8, count: plan.ingest, maxSeconds: plan.maxLoadSeconds, mode: 'session',
          message: (n) => makeMessage('5kb', stored + n),
        });
        results.add('ingest-big', name, ingest.perSecond);
        if (ingest.errors) results.note('ingest-big', `${name}: ${ingest.errors} failed (${ingest.firstError})`);
        log(`${prefix} ingest into ${stored} stored: ${Math.round(ingest.perSecond)} msg/s`);
        const rssBig = residentBytes(target.pid);
        if (rssBig !== undefined) results.add('rss-big', name, rssBig / 2 ** 20);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        log(`${prefix} failed: ${message}`);
        results.note('rss-small', `${name} (stored-messages scenarios) failed: ${message}`);
      } finally {
        await target?.stop();
        if (dataDir) removeTempDir(dataDir);
      }
    }
  }
}

/** Runs one measurement; a failure is noted on its row and the others go on. */
async function attempt(row: string, name: TargetName, results: Results, log: Log, measure: () => Promise<void>): Promise<void> {
  try {
    await measure();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`  ${name} ${row}: ${message}`);
    results.note(row, `${name} failed: ${message}`);
  }
}

async function restart(target: Target, start: () => Promise<Target>): Promise<Target> {
  await target.stop();
  return start();
}

/** Sends `count` more 5 KB messages over 8 connections; returns how many were accepted. */
async function fill(target: Target, first: number, count: number, plan: Plan, log: Log, prefix: string): Promise<number> {
  const result = await runLoad({
    port: target.smtpPort, connections: 8, count, maxSeconds: plan.maxLoadSeconds * 2, mode: 'session',
    message: (n) => makeMessage('5kb', first + n),
  });
  log(`${prefix} filled ${first} → ${first + result.accepted} (${Math.round(result.perSecond)} msg/s)`);
  if (result.accepted < count) throw new Error(`fill stopped at ${first + result.accepted} of ${first + count}: ${result.firstError ?? 'too slow'}`);
  return result.accepted;
}

/** Sequential GETs after a warm-up (by default the first three URLs); every answer must be a 200. */
async function timeGets(urls: string[], warmUp: string[] = urls.slice(0, 3)): Promise<number[]> {
  for (const url of warmUp) await httpGet(url);
  const ms: number[] = [];
  for (const url of urls) {
    const answer = await httpGet(url);
    if (answer.status !== 200) throw new HttpStatusError(url, answer.status, answer.body);
    ms.push(answer.ms);
  }
  return ms;
}

class HttpStatusError extends Error {
  constructor(readonly url: string, readonly status: number, body: string) {
    super(`GET ${url} answered ${status}: ${body.slice(0, 200)}`);
  }
}

/** IDs spread over the whole store, from pages at random offsets. */
async function sampleIds(api: TargetApi, stored: number, count: number): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const skip = Math.floor(Math.random() * Math.max(1, stored - 20));
    const answer = await httpGet(api.page(skip, 20));
    if (answer.status !== 200) throw new HttpStatusError(api.page(skip, 20), answer.status, answer.body);
    const page = api.idsIn(answer.body);
    if (page.length === 0) throw new Error(`GET ${api.page(skip, 20)} listed no messages`);
    ids.push(...page);
  }
  return ids.slice(0, count);
}

async function apiLatencies(target: Target, stored: number, size: 'small' | 'big', plan: Plan, results: Results, log: Log, prefix: string) {
  const api = target.api!;
  const list = await timeGets(Array.from({ length: plan.listSamples }, () => api.page(0, 50)));
  results.add(`list-${size}`, target.name, ...list);
  // Distinct IDs, none fetched before (the warm-up uses others): a cache of parsed messages
  // does not flatter the first fetch of a message.
  const ids = [...new Set(await sampleIds(api, stored, plan.fetchSamples + 4))];
  const warmUp = ids.splice(0, 4);
  let fetchUrl = api.message;
  const probe = await httpGet(api.message(warmUp[0]!));
  if (probe.status === 404 && api.rawMessage) {
    fetchUrl = api.rawMessage;
    results.note(`fetch-${size}`, `${target.name}: GET ${api.message('ID').replace(api.baseUrl, '')} answered 404; timed ${api.rawMessage('ID').replace(api.baseUrl, '')} instead`);
  }
  const fetch = await timeGets(ids.map((id) => fetchUrl(id)), warmUp.map((id) => fetchUrl(id)));
  results.add(`fetch-${size}`, target.name, ...fetch);
  log(`${prefix} with ${stored}: list 50 ${med(list)} ms, fetch one ${med(fetch)} ms`);
}

const SEARCHES = [
  { id: 'search-address', query: () => searchTerms.address(42) },
  { id: 'search-subject', query: () => searchTerms.subject(77) },
  { id: 'search-text', query: () => searchTerms.text(123) },
];

async function searchLatencies(api: TargetApi, name: TargetName, plan: Plan, results: Results, log: Log, prefix: string) {
  for (const search of SEARCHES) {
    const url = api.search(search.query());
    const probe = await httpGet(url);
    if (probe.status === 404) {
      results.note(search.id, `${name}: GET ${url.replace(api.baseUrl, '').split('?')[0]} answered 404`);
      continue;
    }
    const ms = await timeGets(Array.from({ length: plan.searchSamples }, () => url), [url]);
    results.add(search.id, name, ...ms);
    log(`${prefix} ${search.id} "${search.query()}": ${med(ms)} ms`);
  }
}

/** From a message's 250 to the answer of a request that was already waiting for it. */
async function waitLatency(target: Target, name: TargetName, plan: Plan, results: Results, log: Log, prefix: string, stored: number) {
  const api = target.api!;
  if (!api.wait) {
    results.note('wait', `${name} has no wait API`);
    return;
  }
  const connection = await SmtpConnection.open(target.smtpPort);
  try {
    const ms: number[] = [];
    for (let i = 0; i < plan.waitSamples; i++) {
      const token = `waitmark${randomUUID().replaceAll('-', '')}`;
      const waiting = httpGet(api.wait(`subject:${token}`), 40_000);
      await sleep(100); // let the request reach the server and start waiting
      await connection.send(makeMessage('5kb', stored + plan.ingest + i, `Wait for ${token}`));
      const accepted = performance.now();
      const answer = await waiting;
      if (answer.status === 404) {
        results.note('wait', `${name}: GET /api/mailsink/v1/wait answered 404 (not built yet)`);
        return;
      }
      if (answer.status !== 200) throw new HttpStatusError(api.wait(`subject:${token}`), answer.status, answer.body);
      if (!answer.body.includes(token)) throw new Error(`the wait API answered without the awaited message: ${answer.body.slice(0, 200)}`);
      ms.push(answer.at - accepted);
    }
    results.add('wait', name, ...ms);
    results.note('wait', 'can be negative: the answer may arrive before the client has read the 250');
    log(`${prefix} wait: ${med(ms)} ms`);
  } finally {
    await connection.quit();
  }
}

function med(values: number[]): string {
  return (median(values) ?? NaN).toFixed(2);
}

/**
 * Time from navigating to mailsink's web UI to its first inbox rows painted, in headless
 * Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH), each load in a fresh context.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Milliseconds per load; throws when no Chromium is installed (the row is then noted, not faked). */
export async function firstRowsPainted(webUrl: string, loads: number): Promise<number[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const ms: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(webUrl);
      // A message row (not the "Loading more…" placeholder), laid out and visible.
      await page.getByRole('list', { name: 'Messages' }).locator('[role="listitem"]:not([aria-busy="true"])').first().waitFor({ state: 'visible' });
      // One more frame, so the rows are painted, not just in the DOM (the callback runs in the page).
      await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(null)))');
      ms.push(performance.now() - started);
      await context.close();
    }
    return ms;
  } finally {
    await browser.close();
  }
}

/**
 * What every browser test file shares: one real mailsink and one headless Chromium for the file,
 * fresh pages per test, mail sent over real SMTP, and a check that no page threw.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startServer, type RunningServer } from './server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const RESULTS_DIR = fileURLToPath(new URL('../test-results/', import.meta.url));

export interface Mailsink {
  readonly server: RunningServer;
  readonly browser: Browser;
  /** A new page on the UI (closed after the test), with its uncaught errors recorded. */
  open(): Promise<Page>;
  /** Sends over SMTP with nodemailer; resolves once mailsink has accepted it. */
  send(mail: Mail.Options): Promise<void>;
  /** Screenshot into packages/web/test-results/NAME.png. */
  screenshot(page: Page, name: string): Promise<void>;
}

/** `args`: more mailsink options for this file's server. */
export function useMailsink(args: readonly string[] = []): Mailsink {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let pages: Page[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer(args);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterEach(async () => {
    await Promise.all(pages.map((p) => p.close()));
    pages = [];
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, 'uncaught errors in the page').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  return {
    get server() {
      if (!server) throw new Error('mailsink did not start');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('Chromium did not start');
      return browser;
    },
    async open() {
      const page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (err) => pageErrors.push(err.message));
      pages.push(page);
      await page.goto(this.server.baseUrl);
      await page.getByRole('search').waitFor();
      return page;
    },
    async send(mail) {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: this.server.smtpPort, secure: false, ignoreTLS: true });
      try {
        await transport.sendMail(mail);
      } finally {
        transport.close();
      }
    },
    async screenshot(page, name) {
      await mkdir(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: `${RESULTS_DIR}${name}.png` });
    },
  };
}

/** The list row of the message with this subject (its accessible name says read/unread). */
export function row(page: Page, subject: string) {
  return page.getByRole('listitem', { name: new RegExp(`: ${escapeRegExp(subject)}$`) });
}

/** A valid 1x1 PNG, for image attachments and remote images. */
export const PNG_1X1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Retries `check` until it passes (the UI updates asynchronously) or the time is up. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

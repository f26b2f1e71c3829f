/** The UI behind --ui-auth: usable with credentials (header or URL), 401 without. */
import { expect, test } from 'vitest';
import { row, useMailsink } from './fixture';

const mailsink = useMailsink(['--ui-auth', 'dev:open sesame']);

test('without credentials the page gets 401 and no inbox', async () => {
  const context = await mailsink.browser.newContext();
  try {
    const page = await context.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => statuses.push(r.status()));
    // Chromium answers a challenge it has no credentials for by failing the navigation.
    await page.goto(mailsink.server.baseUrl).catch(() => undefined);
    expect(statuses).toEqual([401]);
    expect(await page.getByRole('search').count()).toBe(0);
  } finally {
    await context.close();
  }
});

test('with wrong credentials the page gets 401', async () => {
  const context = await mailsink.browser.newContext({ httpCredentials: { username: 'dev', password: 'wrong' } });
  try {
    const page = await context.newPage();
    expect((await page.goto(mailsink.server.baseUrl))?.status()).toBe(401);
  } finally {
    await context.close();
  }
});

test('with an Authorization header the inbox works, live updates included', async () => {
  const context = await mailsink.browser.newContext({ httpCredentials: { username: 'dev', password: 'open sesame', send: 'always' } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    expect((await page.goto(mailsink.server.baseUrl))?.status()).toBe(200);
    await page.getByRole('search').waitFor();
    await page.getByRole('status', { name: 'Live updates: Live' }).waitFor();
    await mailsink.send({ from: 'app@example.com', to: 'dev@example.com', subject: 'Behind auth', text: 'secret body' });
    await row(page, 'Behind auth').getByRole('link').click();
    await page.getByRole('article', { name: 'Message' }).getByRole('heading', { name: 'Behind auth' }).waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

test('with the credentials in the URL the inbox works', async () => {
  const context = await mailsink.browser.newContext();
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = new URL(mailsink.server.baseUrl);
    url.username = 'dev';
    url.password = 'open sesame';
    expect((await page.goto(url.href))?.status()).toBe(200);
    await page.getByRole('search').waitFor();
    await mailsink.send({ from: 'app@example.com', to: 'dev@example.com', subject: 'Via URL credentials', text: 'url body' });
    await row(page, 'Via URL credentials').getByRole('link').click();
    await page.getByRole('article', { name: 'Message' }).getByRole('heading', { name: 'Via URL credentials' }).waitFor();
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
});

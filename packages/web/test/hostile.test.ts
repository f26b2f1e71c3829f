import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { eventually, PNG_1X1, row, useMailsink } from './fixture';

const mailsink = useMailsink();

// Each trick would report itself to the UI page with postMessage, or change what the test reads.
const HOSTILE_HTML = `<!doctype html><html><head>
<script>parent.postMessage('script', '*'); top.document.title = 'pwned'; document.title = 'pwned';</script>
</head><body onload="parent.postMessage('onload', '*')">
<h1>Hostile mail</h1>
<img src="data:image/gif;base64,broken" onerror="parent.postMessage('onerror', '*')">
<svg onload="parent.postMessage('svg', '*')"><rect width="10" height="10"/></svg>
<p><a href="javascript:parent.postMessage('link', '*')">click me</a></p>
<p id="marker">untouched</p>
<script>document.getElementById('marker').textContent = 'changed by script';</script>
</body></html>`;

test('scripts, event handlers and javascript: links in a mail run none of them', async () => {
  const page = await mailsink.open();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.evaluate(() => {
    const w = window as unknown as { received: string[] };
    w.received = [];
    window.addEventListener('message', (e) => w.received.push(String(e.data)));
  });

  await mailsink.send({ from: 'evil@example.com', to: 'dev@example.com', subject: 'Hostile', html: HOSTILE_HTML });
  await row(page, 'Hostile').getByRole('link').click();

  const iframe = page.locator('iframe[title="HTML body"]');
  const sandbox = (await iframe.getAttribute('sandbox')) ?? '';
  expect(sandbox.split(/\s+/)).not.toContain('allow-scripts');
  expect(sandbox.split(/\s+/)).not.toContain('allow-same-origin');

  const html = page.frameLocator('iframe[title="HTML body"]');
  await html.getByRole('heading', { name: 'Hostile mail' }).waitFor();
  await html.getByRole('link', { name: 'click me' }).click();
  // Whatever would run has had its chance once the page has round-tripped the server again.
  await page.getByRole('tab', { name: 'Headers' }).click();
  await page.getByRole('rowheader', { name: 'Subject' }).waitFor();
  await page.getByRole('tab', { name: 'HTML' }).click();
  await html.getByRole('heading', { name: 'Hostile mail' }).waitFor();

  expect(await html.locator('#marker').textContent()).toBe('untouched');
  expect(await page.evaluate(() => (window as unknown as { received: string[] }).received)).toEqual([]);
  expect(await page.title()).not.toContain('pwned');
  expect(dialogs).toEqual([]);
});

test('remote images stay blocked until the reader asks for remote content', async () => {
  let hits = 0;
  const images = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG_1X1);
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  const { port } = images.address() as AddressInfo;
  try {
    const page = await mailsink.open();
    await mailsink.send({
      from: 'news@example.com',
      to: 'dev@example.com',
      subject: 'Tracking pixel',
      html: `<h1>Newsletter</h1><img alt="pixel" src="http://127.0.0.1:${port}/pixel.png">`,
    });
    await row(page, 'Tracking pixel').getByRole('link').click();
    const html = page.frameLocator('iframe[title="HTML body"]');
    await html.getByRole('heading', { name: 'Newsletter' }).waitFor();
    const show = page.getByRole('button', { name: 'Show remote content' });
    await show.waitFor();
    expect(hits).toBe(0);

    await show.click();
    await eventually(() => expect(hits).toBeGreaterThan(0));
    await show.waitFor({ state: 'detached' });
  } finally {
    await new Promise((resolve) => images.close(resolve));
  }
});

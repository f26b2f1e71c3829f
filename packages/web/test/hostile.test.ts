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

/** A server on 127.0.0.1 that counts every request a mail makes it receive. */
async function countingServer(): Promise<{ port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': req.url?.endsWith('.png') ? 'image/png' : 'text/html' }).end(req.url?.endsWith('.png') ? PNG_1X1 : '<h1>Escaped</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    // Chromium may still hold a connection (keep-alive or a load in progress): cut them all, or
    // close() would wait for them until the test times out.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

test('meta refresh, base href and a form posting elsewhere reach no other server', async () => {
  const target = await countingServer();
  try {
    const page = await mailsink.open();
    const origin = `http://127.0.0.1:${target.port}`;
    await mailsink.send({
      from: 'evil@example.com',
      to: 'dev@example.com',
      subject: 'Escape attempts',
      html: `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${origin}/refresh">
<base href="${origin}/base/">
</head><body>
<h1>Stay here</h1>
<p><a href="relative-link">relative link</a></p>
<form action="${origin}/steal" method="post"><input name="secret" value="1"><button type="submit">Submit form</button></form>
<form action="relative-form"><button type="submit">Submit relative</button></form>
</body></html>`,
    });
    await row(page, 'Escape attempts').getByRole('link').click();
    const html = page.frameLocator('iframe[title="HTML body"]');
    await html.getByRole('heading', { name: 'Stay here' }).waitFor();
    await html.getByRole('button', { name: 'Submit form' }).click();
    await html.getByRole('button', { name: 'Submit relative' }).click();
    // Anything on its way has arrived once the page has round-tripped the server again.
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.getByRole('rowheader', { name: 'Subject' }).waitFor();
    await page.getByRole('tab', { name: 'HTML' }).click();
    await html.getByRole('heading', { name: 'Stay here' }).waitFor();
    expect(target.hits).toEqual([]);
    expect(await html.getByRole('heading', { name: 'Escaped' }).count()).toBe(0);
  } finally {
    await target.close();
  }
});

test('CSS fetching a remote URL stays blocked until the reader asks for remote content', async () => {
  const target = await countingServer();
  try {
    const page = await mailsink.open();
    const origin = `http://127.0.0.1:${target.port}`;
    await mailsink.send({
      from: 'news@example.com',
      to: 'dev@example.com',
      subject: 'Styled tracking',
      html: `<html><head><style>h1 { background: url(${origin}/style-tag.png) } @import url(${origin}/imported.css);</style></head>
<body><h1>Styled</h1><div style="background:url(${origin}/x.png); width: 20px; height: 20px">box</div></body></html>`,
    });
    await row(page, 'Styled tracking').getByRole('link').click();
    const html = page.frameLocator('iframe[title="HTML body"]');
    await html.getByRole('heading', { name: 'Styled' }).waitFor();
    const show = page.getByRole('button', { name: 'Show remote content' });
    await show.waitFor();
    await page.getByRole('tab', { name: 'Headers' }).click();
    await page.getByRole('rowheader', { name: 'Subject' }).waitFor();
    await page.getByRole('tab', { name: 'HTML' }).click();
    await html.getByRole('heading', { name: 'Styled' }).waitFor();
    expect(target.hits).toEqual([]);

    await page.getByRole('button', { name: 'Show remote content' }).click();
    await eventually(() => expect(target.hits).toContain('GET /x.png'));
  } finally {
    await target.close();
  }
});

import { expect, test } from 'vitest';
import { PNG_1X1, row, useMailsink } from './fixture';

const mailsink = useMailsink();

test('opening a message shows its HTML, attachments and envelope, and marks it read', async () => {
  const page = await mailsink.open();
  await mailsink.send({
    from: 'Shop <shop@example.com>',
    to: 'buyer@example.com',
    cc: 'copy@example.com',
    bcc: 'hidden@example.com',
    subject: 'Your order',
    text: 'Thanks for your order (text part).',
    html: '<h1>Order confirmed</h1><p>Thanks for your order.</p>',
    attachments: [
      { filename: 'invoice.txt', content: 'invoice body', contentType: 'text/plain' },
      { filename: 'logo.png', content: PNG_1X1, contentType: 'image/png' },
    ],
  });
  await row(page, 'Your order').getByRole('link').click();

  const view = page.getByRole('article', { name: 'Message' });
  await view.getByRole('heading', { name: 'Your order' }).waitFor();
  expect(page.url()).toMatch(/#\/message\/.+/);

  // The HTML part, in the sandboxed preview.
  const html = page.frameLocator('iframe[title="HTML body"]');
  await html.getByRole('heading', { name: 'Order confirmed' }).waitFor();

  // Attachments: listed with type and size, downloadable, images previewed.
  const attachments = view.getByRole('region', { name: 'Attachments' });
  const invoice = attachments.getByRole('link', { name: 'invoice.txt' });
  await invoice.waitFor();
  expect(await attachments.textContent()).toContain('text/plain');
  const download = await page.request.get((await invoice.getAttribute('href'))!);
  expect(await download.text()).toBe('invoice body');
  await attachments.getByRole('img', { name: 'Preview of logo.png' }).waitFor();
  expect(await attachments.getByRole('link', { name: 'logo.png' }).count()).toBe(1);

  // The envelope: every RCPT, the one in no To/Cc header marked Bcc.
  await view.getByRole('tab', { name: 'Envelope' }).click();
  const recipients = view.getByRole('list', { name: 'Envelope recipients' }).getByRole('listitem');
  await recipients.first().waitFor();
  const rcpts = (await recipients.allTextContents()).map((t) => t.trim()).sort();
  expect(rcpts).toEqual(['buyer@example.com', 'copy@example.com', 'hidden@example.comBcc']);
  expect(await view.getByRole('region', { name: 'SMTP envelope' }).textContent()).toContain('shop@example.com');

  // Plain text and headers are a tab away.
  await view.getByRole('tab', { name: 'Text' }).click();
  await view.getByText('Thanks for your order (text part).').waitFor();
  await view.getByRole('tab', { name: 'Headers' }).click();
  await view.getByRole('rowheader', { name: 'Subject' }).waitFor();

  // Reading it made it read, in the list and the unread count.
  await row(page, 'Your order').and(page.getByRole('listitem', { name: /^Read message/ })).waitFor();
  await view.getByRole('tab', { name: 'HTML' }).click();
  await html.getByRole('heading', { name: 'Order confirmed' }).waitFor();
  await mailsink.screenshot(page, 'message');
});

test('the Transcript tab shows the SMTP dialogue that delivered the message', async () => {
  const page = await mailsink.open();
  await mailsink.send({ from: 'app@example.com', to: 'reader@example.com', subject: 'With transcript', text: 'hello' });
  await row(page, 'With transcript').getByRole('link').click();
  const view = page.getByRole('article', { name: 'Message' });
  await view.getByRole('tab', { name: 'Transcript' }).click();
  const transcript = view.getByLabel('SMTP transcript');
  await transcript.waitFor();
  const text = (await transcript.textContent()) ?? '';
  expect(text).toMatch(/EHLO|HELO/);
  expect(text).toContain('MAIL FROM:<app@example.com>');
  expect(text).toContain('RCPT TO:<reader@example.com>');
  expect(text).toMatch(/^C: DATA/m);
  expect(await view.getByRole('tab', { name: 'Transcript' }).getAttribute('aria-selected')).toBe('true');
});

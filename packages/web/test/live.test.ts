import { expect, test } from 'vitest';
import { eventually, row, useMailsink } from './fixture';

const mailsink = useMailsink();

test('mail sent over SMTP appears in an open page without a reload, newest first', async () => {
  const page = await mailsink.open();
  await page.getByRole('heading', { name: 'No mail yet' }).waitFor();
  // The help shows the SMTP port this mailsink really listens on (a free port here, not 1025).
  await eventually(async () =>
    expect(await page.getByRole('region', { name: 'Empty inbox' }).locator('pre').textContent()).toContain(`port: ${mailsink.server.smtpPort},`),
  );
  // A reload would lose this.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  await mailsink.send({ from: 'Alice <alice@example.com>', to: 'bob@example.com', subject: 'First live mail', text: 'one' });
  await row(page, 'First live mail').waitFor();
  expect(await row(page, 'First live mail').getAttribute('aria-label')).toBe('Unread message from Alice: First live mail');
  await eventually(async () => expect(await page.title()).toBe('(1) mailsink'));

  await mailsink.send({ from: 'carol@example.com', to: 'bob@example.com', subject: 'Second live mail', text: 'two' });
  await row(page, 'Second live mail').waitFor();
  const names = await page.getByRole('list', { name: 'Messages' }).getByRole('listitem').evaluateAll((items) =>
    items.map((i) => i.getAttribute('aria-label')),
  );
  expect(names).toEqual(['Unread message from carol@example.com: Second live mail', 'Unread message from Alice: First live mail']);
  await eventually(async () => expect(await page.title()).toBe('(2) mailsink'));
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await mailsink.screenshot(page, 'inbox');
});

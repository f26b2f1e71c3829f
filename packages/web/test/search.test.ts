import { expect, test } from 'vitest';
import { eventually, row, useMailsink } from './fixture';

const mailsink = useMailsink();

async function subjects(page: import('playwright-core').Page, list: string) {
  const names = await page.getByRole('list', { name: list }).getByRole('listitem').evaluateAll((items) =>
    items.map((i) => i.getAttribute('aria-label') ?? ''),
  );
  return names.map((n) => n.slice(n.indexOf(': ') + 2)).sort();
}

test('search narrows the list, and clearing it brings every message back', async () => {
  const page = await mailsink.open();
  await mailsink.send({ from: 'billing@shop.test', to: 'me@example.com', subject: 'Invoice 42', text: 'pay' });
  await mailsink.send({ from: 'hello@app.test', to: 'me@example.com', subject: 'Welcome aboard', text: 'hi' });
  await mailsink.send({ from: 'billing@shop.test', to: 'me@example.com', subject: 'Invoice 43', text: 'pay again' });
  await row(page, 'Invoice 43').waitFor();

  const box = page.getByRole('searchbox', { name: 'Search messages' });
  await box.fill('invoice');
  await box.press('Enter');
  await eventually(async () => expect(await subjects(page, 'Search results')).toEqual(['Invoice 42', 'Invoice 43']));

  await box.fill('from:hello@app.test');
  await box.press('Enter');
  await eventually(async () => expect(await subjects(page, 'Search results')).toEqual(['Welcome aboard']));

  await box.press('Escape');
  await eventually(async () => expect(await subjects(page, 'Messages')).toEqual(['Invoice 42', 'Invoice 43', 'Welcome aboard']));
});

test('a tag set in the message view appears on the message and filters the list from the side list', async () => {
  const page = await mailsink.open();
  await mailsink.send({ from: 'ci@example.com', to: 'me@example.com', subject: 'Nightly build', text: 'green' });
  await row(page, 'Nightly build').getByRole('link').click();
  const tagField = page.getByRole('textbox', { name: 'Add tag' });
  await tagField.fill('builds');
  await tagField.press('Enter');
  await page.getByRole('list', { name: 'Tags' }).first().getByText('builds').waitFor();

  const tagButton = page.getByRole('navigation', { name: 'Mailboxes and tags' }).getByRole('button', { name: 'builds' });
  await tagButton.click();
  await eventually(async () => expect(await subjects(page, 'Search results')).toEqual(['Nightly build']));
  expect(await page.getByRole('searchbox', { name: 'Search messages' }).inputValue()).toBe('tag:builds');
  expect(await row(page, 'Nightly build').textContent()).toContain('builds');
});

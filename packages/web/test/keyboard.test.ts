import type { Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { row, useMailsink } from './fixture';

const mailsink = useMailsink();

test('j/k move, Enter opens, Esc goes back, Delete deletes, / focuses search', async () => {
  const page = await mailsink.open();
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Older', text: '1' });
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Newer', text: '2' });
  await row(page, 'Older').waitFor();
  await row(page, 'Newer').waitFor();

  await page.keyboard.press('j');
  await selected(page, 'Newer');
  await page.keyboard.press('j');
  await selected(page, 'Older');
  await page.keyboard.press('k');
  await selected(page, 'Newer');

  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Newer' }).waitFor();
  await page.keyboard.press('Escape');
  await page.getByRole('article', { name: 'Message' }).waitFor({ state: 'detached' });

  await page.keyboard.press('Delete');
  await row(page, 'Newer').waitFor({ state: 'detached' });
  await selected(page, 'Older');

  await page.keyboard.press('/');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Search messages');
});

function selected(page: Page, subject: string) {
  return row(page, subject).and(page.locator('[aria-current="true"]')).waitFor();
}

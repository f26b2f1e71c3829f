import { expect, test } from 'vitest';
import { row, useMailsink } from './fixture';

const mailsink = useMailsink();

test('read state and deletes made in one page show in a second open page', async () => {
  const first = await mailsink.open();
  const second = await mailsink.open();
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Read me', text: 'read' });
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Delete me', text: 'delete' });
  await row(second, 'Read me').waitFor();
  await row(second, 'Delete me').waitFor();
  expect(await row(second, 'Read me').getAttribute('aria-label')).toMatch(/^Unread/);

  // Reading in the first page marks it read in the second.
  await row(first, 'Read me').getByRole('link').click();
  await first.getByRole('heading', { name: 'Read me' }).waitFor();
  await second.getByRole('listitem', { name: /^Read message from .*: Read me$/ }).waitFor();

  // And back to unread.
  await first.getByRole('button', { name: 'Mark unread' }).click();
  await second.getByRole('listitem', { name: /^Unread message from .*: Read me$/ }).waitFor();

  // Deleting in the first page removes it from the second.
  await row(first, 'Delete me').getByRole('link').click();
  await first.getByRole('heading', { name: 'Delete me' }).waitFor();
  await first.getByRole('toolbar', { name: 'Message actions' }).getByRole('button', { name: 'Delete' }).click();
  await row(first, 'Delete me').waitFor({ state: 'detached' });
  await row(second, 'Delete me').waitFor({ state: 'detached' });
  expect(await row(second, 'Read me').count()).toBe(1);
});

test('delete all empties every open page', async () => {
  const first = await mailsink.open();
  const second = await mailsink.open();
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Doomed', text: 'x' });
  await row(second, 'Doomed').waitFor();
  await first.getByRole('button', { name: 'Delete all' }).click();
  await first.getByRole('button', { name: 'Yes, delete all' }).click();
  await first.getByRole('heading', { name: 'No mail yet' }).waitFor();
  await second.getByRole('heading', { name: 'No mail yet' }).waitFor();
  expect(await second.title()).toBe('mailsink');
});

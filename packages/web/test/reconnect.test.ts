import { test } from 'vitest';
import { row, useMailsink } from './fixture';

const mailsink = useMailsink();

test('after a server restart the page reconnects by itself and shows what arrived meanwhile', async () => {
  const page = await mailsink.open();
  const status = (state: string) => page.getByRole('status', { name: `Live updates: ${state}` });
  await status('Live').waitFor();
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'Before restart', text: '1' });
  await row(page, 'Before restart').waitFor();

  await mailsink.server.restart();
  // Sent before the page has reconnected: no frame announces it, the resync must find it.
  await mailsink.send({ from: 'a@example.com', to: 'b@example.com', subject: 'After restart', text: '2' });
  await row(page, 'After restart').waitFor({ timeout: 20_000 });
  await status('Live').waitFor();
  await row(page, 'Before restart').waitFor();
});

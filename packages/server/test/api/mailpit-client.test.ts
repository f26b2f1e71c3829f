import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailpitClient } from 'mailpit-api';
import { startTestMailsink, type TestMailsink } from '../helpers/in-process.js';
import { sendMail } from '../helpers/mail.js';

/** The published Mailpit client (`mailpit-api` from npm), unchanged, against mailsink. */
describe('mailpit-api against mailsink', () => {
  let ms: TestMailsink;
  let mailpit: MailpitClient;
  beforeAll(async () => {
    ms = await startTestMailsink();
    mailpit = new MailpitClient(ms.baseUrl);
  });
  afterAll(async () => {
    await ms.close();
  });

  it('lists, reads, searches, tags and deletes through the Mailpit client', async () => {
    const id = await sendMail(ms.smtpPort, {
      from: 'Shop <shop@example.com>',
      to: 'buyer@example.com',
      subject: 'Order 1001',
      text: 'Thanks for your order',
      html: '<p>Thanks for your <b>order</b></p>',
      attachments: [{ filename: 'receipt.txt', content: 'paid' }],
    });
    const list = await mailpit.listMessages();
    expect(list.total).toBe(1);
    expect(list.messages[0]!.ID).toBe(id);

    const message = await mailpit.getMessageSummary(id);
    expect(message.Subject).toBe('Order 1001');
    expect(message.Attachments[0]!.FileName).toBe('receipt.txt');
    expect((await mailpit.getMessageSummary()).ID).toBe(id);
    expect((await mailpit.getMessageHeaders(id)).Subject).toEqual(['Order 1001']);
    expect(await mailpit.getMessageSource(id)).toContain('Subject: Order 1001');
    const attachment = await mailpit.getMessageAttachment(id, message.Attachments[0]!.PartID);
    expect(await attachment.text()).toBe('paid');
    expect(await mailpit.renderMessageText(id)).toContain('Thanks for your order');
    expect(await mailpit.renderMessageHTML(id)).toContain('<b>order</b>');

    expect((await mailpit.searchMessages({ query: 'subject:"Order 1001"' })).messages_count).toBe(1);
    await mailpit.setReadStatus({ IDs: [id], Read: false });
    expect((await mailpit.listMessages()).unread).toBe(1);

    await mailpit.setTags({ IDs: [id], Tags: ['orders'] });
    expect(await mailpit.getTags()).toEqual(['orders']);
    await mailpit.renameTag('orders', 'shop');
    expect(await mailpit.getTags()).toEqual(['shop']);
    await mailpit.deleteTag('shop');
    expect(await mailpit.getTags()).toEqual([]);

    const info = await mailpit.getInfo();
    expect(info.Messages).toBe(1);
    expect(typeof (await mailpit.getConfiguration()).Label).toBe('string');

    await mailpit.deleteMessagesBySearch({ query: 'subject:"Order 1001"' });
    expect((await mailpit.listMessages()).total).toBe(0);
  });

  it('sends through the API and deletes everything', async () => {
    const { ID } = await mailpit.sendMessage({
      From: { Email: 'app@example.com' },
      To: [{ Email: 'user@example.com' }],
      Subject: 'Injected',
      Text: 'hello',
    });
    expect((await mailpit.getMessageSummary(ID)).Subject).toBe('Injected');
    await mailpit.deleteMessages();
    expect((await mailpit.listMessages()).total).toBe(0);
  });
});

// What comes over the network is hostile or unexpected: decoding never throws and never lets
// a wrong type through.
import { expect, test } from 'vitest';
import { decodeEnvelope, decodeFrame, decodeMessage, decodePage, decodeWebUi } from '../src/api/decode';

test('garbage frames are ignored, not thrown', () => {
  for (const text of ['', 'not json', '[]', 'null', '{"Type":"new"}', '{"Type":"new","Data":{"ID":7}}', '{"Type":"delete","Data":{}}', '{"Type":"nope","Data":{}}']) {
    expect(() => decodeFrame(text)).not.toThrow();
  }
  expect(decodeFrame('{"Type":"delete","Data":{}}')).toBeNull();
  expect(decodeFrame('{"Type":"nope","Data":{}}')).toBeNull();
  expect(decodeFrame('{"Type":"truncate","Data":null}')).toEqual({ Type: 'truncate' });
  expect(decodeFrame('{"Type":"update","Data":{"ID":"x","Tags":["a",3,null,"b"]}}')).toEqual({
    Type: 'update', Data: { ID: 'x', Tags: ['a', '3', 'b'] },
  });
});

test('a list or message with missing and mistyped fields decodes to empty values', () => {
  const list = decodePage({ total: '5', messages: [{ ID: 'a', To: 'x', Tags: null, Size: 'big', From: 'evil' }, { Subject: 'no id' }, 42] });
  expect(list.total).toBe(0);
  expect(list.messages).toHaveLength(1);
  expect(list.messages[0]).toMatchObject({ ID: 'a', To: [], Tags: [], Size: 0, From: null, Subject: '' });

  const message = decodeMessage({ ID: 'a', Attachments: [{ PartID: 2, FileName: null }], HTML: { toString: 'x' } });
  expect(message.HTML).toBe('');
  expect(message.Attachments).toEqual([{ PartID: '2', FileName: '', ContentType: '', ContentID: '', Size: 0 }]);
  expect(decodeMessage(null).Subject).toBe('');
});

test('the envelope keeps every recipient and its parameters', () => {
  const env = decodeEnvelope({
    MailFrom: { Address: '', Params: { SIZE: '10', BODY: '8BITMIME' } },
    RcptTo: [{ Address: 'a@example.com', Params: {} }, { Address: 'b@example.com', Params: { NOTIFY: 'NEVER' } }],
    TLS: null, Auth: { Username: 'u', Mechanism: 'PLAIN' }, ClientPort: 'x',
  });
  expect(env.MailFrom.Params).toEqual([['SIZE', '10'], ['BODY', '8BITMIME']]);
  expect(env.RcptTo.map((r) => r.Address)).toEqual(['a@example.com', 'b@example.com']);
  expect(env.TLS).toBeNull();
  expect(env.Auth).toEqual({ Username: 'u', Mechanism: 'PLAIN' });
  expect(env.ClientPort).toBeNull();
});

test('the SMTP address for the empty inbox comes from the web UI settings when present', () => {
  expect(decodeWebUi({ SMTPListen: '0.0.0.0:2525' })).toMatchObject({ SmtpHost: '0.0.0.0', SmtpPort: 2525 });
  expect(decodeWebUi({ SMTPListen: '[::1]:1025' })).toMatchObject({ SmtpHost: '::1', SmtpPort: 1025 });
  expect(decodeWebUi({ Label: 'dev' })).toMatchObject({ Label: 'dev', SmtpHost: null, SmtpPort: null });
});

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startCeilingReceiver, type CeilingReceiver } from '../src/ceiling/index.js';
import { makeMessage } from '../src/load/messages.js';
import { runLoad } from '../src/load/run-load.js';

let receiver: CeilingReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('the load generator against the ceiling receiver', () => {
  it('counts every message of many-per-session loads, pipelined, over several connections', async () => {
    receiver = await startCeilingReceiver();
    const result = await runLoad({
      port: receiver.port,
      connections: 3,
      count: 300,
      maxSeconds: 60,
      mode: 'session',
      message: (n) => makeMessage('5kb', n),
    });
    expect(result).toMatchObject({ accepted: 300, errors: 0, pipelining: true });
    expect(receiver.received).toBe(300);
  });

  it('counts 200 KB messages that arrive in many chunks, one connection per message', async () => {
    receiver = await startCeilingReceiver();
    const result = await runLoad({
      port: receiver.port,
      connections: 2,
      count: 15,
      maxSeconds: 60,
      mode: 'per-message',
      message: (n) => makeMessage('200kb', n),
    });
    expect(result).toMatchObject({ accepted: 15, errors: 0 });
    expect(receiver.received).toBe(15);
  });

  it('the ceiling finds the end of data however the bytes are split, including an empty message', async () => {
    receiver = await startCeilingReceiver();
    const socket = net.connect({ port: receiver.port, host: '127.0.0.1', noDelay: true });
    let replies = '';
    socket.on('data', (chunk: Buffer) => (replies += chunk.toString('latin1')));
    const until = async (text: string, count: number) => {
      while ((replies.match(new RegExp(text, 'g')) ?? []).length < count) await new Promise((r) => setTimeout(r, 5));
    };
    const write = (text: string) => new Promise<void>((resolve) => socket.write(text, () => resolve()));
    await until('^220', 1);
    await write('EHLO split.test\r\nMAIL FROM:<a@split.test>\r\nRCPT TO:<b@split.test>\r\nDATA\r\n');
    await until('354', 1);
    for (const byte of 'Subject: one\r\n\r\nline\r\n..dot-stuffed\r\n.\r\n') await write(byte);
    await until('250 2.0.0 Ok: queued', 1);
    await write('MAIL FROM:<a@split.test>\r\nRCPT TO:<b@split.test>\r\nDATA\r\n');
    await until('354', 2);
    await write('.\r\nQUIT\r\n');
    await until('221', 1);
    socket.destroy();
    expect(receiver.received).toBe(2);
  });

  it('does not count a message the server refuses at the end of data', async () => {
    // A server that accepts the envelope but answers 451 to every other message's data.
    let data = 0;
    const server = net.createServer((socket) => {
      let inData = false;
      let buffered = '';
      socket.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('latin1');
        let out = '';
        for (;;) {
          if (inData) {
            const end = buffered.indexOf('\r\n.\r\n');
            if (end === -1) break;
            buffered = buffered.slice(end + 5);
            inData = false;
            out += data++ % 2 === 0 ? '250 ok\r\n' : '451 4.3.0 try later\r\n';
            continue;
          }
          const eol = buffered.indexOf('\r\n');
          if (eol === -1) break;
          const verb = buffered.slice(0, 4).toUpperCase();
          buffered = buffered.slice(eol + 2);
          if (verb === 'EHLO') out += '250-refuser\r\n250 PIPELINING\r\n';
          else if (verb === 'DATA') (out += '354 go\r\n'), (inData = true);
          else if (verb === 'QUIT') out += '221 bye\r\n';
          else out += '250 ok\r\n';
        }
        if (out) socket.write(out);
      });
      socket.write('220 refuser\r\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await runLoad({
        port: (server.address() as net.AddressInfo).port,
        connections: 1,
        count: 10,
        maxSeconds: 60,
        mode: 'session',
        message: (n) => makeMessage('5kb', n),
      });
      expect(result.accepted).toBe(5);
      expect(result.errors).toBe(5);
      expect(result.firstError).toContain('451');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

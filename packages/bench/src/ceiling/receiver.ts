/**
 * The ceiling: a protocol-only SMTP receiver. It answers EHLO with PIPELINING, accepts every
 * MAIL/RCPT/DATA, finds each message's CRLF.CRLF and answers 250; it parses and stores nothing.
 * What a machine allows an SMTP sink on Node to do, before any real work.
 */
import net from 'node:net';

export interface CeilingReceiver {
  port: number;
  /** Messages answered with 250 so far. */
  readonly received: number;
  close(): Promise<void>;
}

const END_OF_DATA = Buffer.from('\r\n.\r\n');
const EHLO_REPLY = '250-ceiling\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SIZE 0\r\n';

export async function startCeilingReceiver(port = 0, host = '127.0.0.1'): Promise<CeilingReceiver> {
  let received = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setNoDelay(true);
    let inData = false;
    let command: Buffer = Buffer.alloc(0);
    // The last bytes of data seen, so a terminator split across chunks is still found.
    // It starts as CRLF: a message may be empty, ending at its first ".\r\n".
    let tail: Buffer = Buffer.from('\r\n');

    socket.on('data', (chunk: Buffer) => {
      let out = '';
      let rest: Buffer = chunk;
      while (rest.length > 0) {
        if (inData) {
          const end = findEndOfData(tail, rest);
          if (end === -1) {
            tail = rest.length >= 4 ? Buffer.from(rest.subarray(-4)) : Buffer.concat([tail, rest]).subarray(-4);
            break;
          }
          inData = false;
          received++;
          out += '250 2.0.0 Ok: queued\r\n';
          rest = rest.subarray(end);
          continue;
        }
        command = command.length ? Buffer.concat([command, rest]) : rest;
        rest = Buffer.alloc(0);
        let eol: number;
        while (!inData && (eol = command.indexOf('\r\n')) !== -1) {
          const line = command.subarray(0, eol).toString('latin1');
          command = command.subarray(eol + 2);
          const verb = line.slice(0, 4).toUpperCase();
          if (verb === 'EHLO') out += EHLO_REPLY;
          else if (verb === 'DATA') {
            out += '354 End data with <CR><LF>.<CR><LF>\r\n';
            inData = true;
            tail = Buffer.from('\r\n');
            rest = command;
            command = Buffer.alloc(0);
          } else if (verb === 'QUIT') {
            socket.end(`${out}221 2.0.0 Bye\r\n`);
            return;
          } else if (['HELO', 'MAIL', 'RCPT', 'RSET', 'NOOP'].includes(verb)) out += '250 2.0.0 Ok\r\n';
          else out += '502 5.5.1 Command not implemented\r\n';
        }
      }
      if (out) socket.write(out);
    });
    socket.write('220 ceiling ESMTP\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    get received() {
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Where the data after CRLF.CRLF starts in `chunk` (an index just past the terminator), or -1.
 * `tail` is the end of what came before, so a terminator across the boundary counts.
 */
function findEndOfData(tail: Buffer, chunk: Buffer): number {
  const seam = Buffer.concat([tail, chunk.subarray(0, 4)]);
  const atSeam = seam.indexOf(END_OF_DATA);
  if (atSeam !== -1) return atSeam + END_OF_DATA.length - tail.length;
  const inside = chunk.indexOf(END_OF_DATA);
  return inside === -1 ? -1 : inside + END_OF_DATA.length;
}

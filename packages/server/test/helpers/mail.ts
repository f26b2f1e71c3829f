/** Sends mail to a test mailsink with nodemailer and returns the ID from `250 ... queued as <ID>`. */
import nodemailer, { type SendMailOptions } from 'nodemailer';

export async function sendMail(port: number, mail: SendMailOptions): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail(mail);
    const id = /queued as (\S+)/.exec(info.response ?? '')?.[1];
    if (!id) throw new Error(`no ID in the reply: ${info.response}`);
    return id;
  } finally {
    transport.close();
  }
}

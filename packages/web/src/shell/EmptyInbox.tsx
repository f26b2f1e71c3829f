/** Shown while nothing has arrived yet: how to point an application at mailsink. */
import type { WebUiInfo } from '../api';

const DEFAULT_SMTP_PORT = 1025;

export function EmptyInbox({ info }: { info: WebUiInfo | null }) {
  // A wildcard listener (or none announced) is reached through the host the page came from.
  const announced = info?.SmtpHost && info.SmtpHost !== '0.0.0.0' && info.SmtpHost !== '::' ? info.SmtpHost : null;
  const host = announced ?? (location.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1');
  const port = info?.SmtpPort ?? DEFAULT_SMTP_PORT;
  const snippet = `const transport = nodemailer.createTransport({
  host: '${host}',
  port: ${port},
  secure: false,
});
await transport.sendMail({
  from: 'app@example.com',
  to: 'you@example.com',
  subject: 'Hello from my app',
  text: 'It works!',
});`;
  return (
    <section className="empty-inbox" aria-label="Empty inbox">
      <h2>No mail yet</h2>
      <p>Point your application's SMTP settings at mailsink: every message it sends shows up here at once.</p>
      <dl className="smtp-settings">
        <dt>SMTP host</dt>
        <dd><code>{host}</code></dd>
        <dt>SMTP port</dt>
        <dd><code>{port}</code></dd>
        <dt>TLS and login</dt>
        <dd>not needed unless mailsink was started with them</dd>
      </dl>
      <p>With nodemailer:</p>
      <pre className="snippet"><code>{snippet}</code></pre>
    </section>
  );
}

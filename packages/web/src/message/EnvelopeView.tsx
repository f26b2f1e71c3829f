/** The SMTP envelope: who the client said the mail was from and for, which can differ from the headers. */
import { fetchEnvelope, type Address, type EnvelopePath } from '../api';
import { formatFullTime } from '../format';
import { Loaded } from './Loaded';
import { useFetched } from './useFetched';

export function EnvelopeView({ id, to, cc }: { id: string; to: Address[]; cc: Address[] }) {
  const envelope = useFetched(id, (signal) => fetchEnvelope(id, signal));
  const visible = new Set([...to, ...cc].map((a) => a.Address.toLowerCase()));
  return (
    <Loaded fetched={envelope} what="the envelope">
      {(env) => (
        <section aria-label="SMTP envelope">
          <dl className="envelope">
            <dt>MAIL FROM</dt>
            <dd><Path path={env.MailFrom} empty="<> (null sender)" /></dd>
            <dt>RCPT TO</dt>
            <dd>
              <ul aria-label="Envelope recipients">
                {env.RcptTo.map((rcpt, i) => (
                  <li key={`${rcpt.Address}-${i}`}>
                    <Path path={rcpt} empty="(empty)" />
                    {!visible.has(rcpt.Address.toLowerCase()) && (
                      <span className="badge" title="Not in the To or Cc header">Bcc</span>
                    )}
                  </li>
                ))}
              </ul>
            </dd>
            <dt>HELO</dt>
            <dd>{env.Helo || '(none)'}</dd>
            <dt>Client</dt>
            <dd>{env.ClientAddress}{env.ClientPort !== null ? ` port ${env.ClientPort}` : ''}</dd>
            <dt>TLS</dt>
            <dd>{env.TLS ? `${env.TLS.Protocol} ${env.TLS.Cipher}` : 'none (plain text)'}</dd>
            <dt>AUTH</dt>
            <dd>{env.Auth ? `${env.Auth.Username} (${env.Auth.Mechanism})` : 'none'}</dd>
            <dt>Received</dt>
            <dd><time dateTime={env.Received}>{formatFullTime(env.Received)}</time></dd>
          </dl>
        </section>
      )}
    </Loaded>
  );
}

function Path({ path, empty }: { path: EnvelopePath; empty: string }) {
  return (
    <>
      <span className="address">{path.Address || empty}</span>
      {path.Params.map(([name, value]) => (
        <code key={name} className="param">{value === '' ? name : `${name}=${value}`}</code>
      ))}
    </>
  );
}

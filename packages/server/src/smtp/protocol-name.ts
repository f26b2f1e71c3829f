/**
 * The protocol named in the Received header's `with` clause and kept in the envelope:
 * RFC 3848 (SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA) and RFC 6531 (UTF8SMTP, UTF8SMTPS, UTF8SMTPA,
 * UTF8SMTPSA when the transaction used SMTPUTF8).
 */
export interface ProtocolState {
  greeting: 'HELO' | 'EHLO';
  smtputf8: boolean;
  tls: boolean;
  auth: boolean;
}

export function protocolName(state: ProtocolState): string {
  if (state.greeting === 'HELO') return 'SMTP';
  return (state.smtputf8 ? 'UTF8SMTP' : 'ESMTP') + (state.tls ? 'S' : '') + (state.auth ? 'A' : '');
}

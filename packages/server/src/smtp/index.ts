/** The RFC 5321 receiver: SMTP sessions on a TCP listener, handing each message to a sink. */
export type { MessageSink, SmtpServer, SmtpServerOptions } from './options.js';
export { startSmtpServer } from './server.js';
export { CertificateError, readCertificateFiles, selfSignedCertificate, type TlsMaterial } from './certificate.js';

/**
 * The TLS certificate and key: the files the user named, or a self-signed pair generated on the
 * first start into `<dataDir>/tls/` (key mode 0600) and reused afterwards, so that a client that
 * pinned it keeps working.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export interface TlsMaterial {
  key: string;
  cert: string;
}

export class CertificateError extends Error {
  override name = 'CertificateError';
}

const VALID_YEARS = 10;

/** Reads a PEM certificate and key; the error names the option of the file that is missing or unreadable. */
export async function readCertificateFiles(certFile: string, keyFile: string): Promise<TlsMaterial> {
  const read = (file: string, option: string) =>
    fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      throw new CertificateError(`${option}: cannot read ${file} (${err.code ?? err.message})`);
    });
  return { cert: await read(certFile, '--smtp-tls-cert'), key: await read(keyFile, '--smtp-tls-key') };
}

/** The self-signed pair in `dir`, generated for `hostname` (and localhost) when absent. */
export async function selfSignedCertificate(dir: string, hostname: string): Promise<TlsMaterial> {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  try {
    return { cert: await fs.readFile(certFile, 'utf8'), key: await fs.readFile(keyFile, 'utf8') };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new CertificateError(`cannot read the self-signed certificate in ${dir}: ${(err as Error).message}`);
    }
  }
  const now = new Date();
  const notAfter = new Date(now);
  notAfter.setFullYear(now.getFullYear() + VALID_YEARS);
  const altNames = [...new Set([hostname, 'localhost'])].map((value) => ({ type: 2 as const, value }));
  // Loaded only here: it is slow to load (~180 ms) and most starts never generate a pair.
  const { generate } = await import('selfsigned');
  const pair = await generate([{ name: 'commonName', value: hostname }], {
    keyType: 'ec',
    curve: 'P-256',
    notBeforeDate: now,
    notAfterDate: notAfter,
    extensions: [
      { name: 'subjectAltName', altNames: [...altNames, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
      { name: 'extKeyUsage', serverAuth: true },
    ],
  });
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    // The key first and exclusively: two starts racing must not leave a key beside another's cert.
    await fs.writeFile(keyFile, pair.private, { mode: 0o600, flag: 'wx' });
    await fs.writeFile(certFile, pair.cert, { mode: 0o644, flag: 'wx' });
  } catch (err) {
    throw new CertificateError(`cannot write the self-signed certificate to ${dir}: ${(err as Error).message} (remove ${dir} to generate a new pair)`);
  }
  return { cert: pair.cert, key: pair.private };
}

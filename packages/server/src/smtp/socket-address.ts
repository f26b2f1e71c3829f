/** `::ffff:127.0.0.1` (IPv4 on a dual-stack socket) is reported as `127.0.0.1`; undefined as "". */
export function normalizeAddress(address: string | undefined): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address ?? '')?.[1] ?? address ?? '';
}

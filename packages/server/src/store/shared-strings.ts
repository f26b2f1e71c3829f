import type { Address, MessageRecord } from './record.js';

/** Distinct values remembered; past this the table starts over (it only saves memory). */
const MAX_ENTRIES = 8192;

/**
 * One copy of each envelope and address string that many records repeat (sender, HELO, client
 * address, recipients, session ID): each parse or JSON read makes a string of its own otherwise.
 */
export class SharedStrings {
  private readonly table = new Map<string, string>();

  share(value: string): string {
    const known = this.table.get(value);
    if (known !== undefined) return known;
    if (this.table.size >= MAX_ENTRIES) this.table.clear();
    this.table.set(value, value);
    return value;
  }

  /** Replaces the record's repeated strings by their shared copies, in place. */
  shareRecord(record: Omit<MessageRecord, 'raw'>): void {
    const e = record.envelope;
    e.mailFrom.address = this.share(e.mailFrom.address);
    for (const path of e.rcptTo) path.address = this.share(path.address);
    e.helo = this.share(e.helo);
    e.client.address = this.share(e.client.address);
    e.server.address = this.share(e.server.address);
    e.server.hostname = this.share(e.server.hostname);
    e.protocol = this.share(e.protocol);
    e.sessionId = this.share(e.sessionId);
    if (e.tls) {
      e.tls.protocol = this.share(e.tls.protocol);
      e.tls.cipher = this.share(e.tls.cipher);
    }
    if (e.auth) {
      e.auth.username = this.share(e.auth.username);
      e.auth.mechanism = this.share(e.auth.mechanism);
    }
    record.username = this.share(record.username);
    if (record.from) this.shareAddress(record.from);
    for (const list of [record.to, record.cc, record.bcc, record.replyTo]) for (const address of list) this.shareAddress(address);
  }

  private shareAddress(address: Address): void {
    address.Name = this.share(address.Name);
    address.Address = this.share(address.Address);
  }
}

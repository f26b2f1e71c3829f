import type { MessageRecord } from './record.js';

/**
 * The in-memory index: records in arrival order plus a map by id, with the counts the API
 * shows. Removing the oldest is O(removed) (a moving head, compacted now and then); list() is
 * O(limit).
 */
export class MessageIndex {
  private items: MessageRecord[] = [];
  private head = 0;
  private readonly byId = new Map<string, MessageRecord>();
  private readonly tagCount = new Map<string, number>();
  private unreadCount = 0;

  get total(): number {
    return this.byId.size;
  }

  get unread(): number {
    return this.unreadCount;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): MessageRecord | undefined {
    return this.byId.get(id);
  }

  /** Adds a record as the newest; false (and nothing added) when its id is already there. */
  add(record: MessageRecord): boolean {
    if (this.byId.has(record.id)) return false;
    this.items.push(record);
    this.byId.set(record.id, record);
    if (!record.read) this.unreadCount++;
    this.countTags(record.tags, 1);
    return true;
  }

  /** Newest first, skipping `start`. */
  list(start: number, limit: number): MessageRecord[] {
    const out: MessageRecord[] = [];
    const first = this.items.length - 1 - Math.max(0, Math.floor(start));
    for (let i = first; i >= this.head && out.length < limit; i--) out.push(this.items[i]!);
    return out;
  }

  latest(): MessageRecord | undefined {
    return this.items.length > this.head ? this.items[this.items.length - 1] : undefined;
  }

  *oldestFirst(): Generator<MessageRecord, void, undefined> {
    for (let i = this.head; i < this.items.length; i++) yield this.items[i]!;
  }

  *newestFirst(): Generator<MessageRecord, void, undefined> {
    for (let i = this.items.length - 1; i >= this.head; i--) yield this.items[i]!;
  }

  tagCounts(): Record<string, number> {
    return Object.fromEntries(this.tagCount);
  }

  /** Every tag in use, sorted. */
  tags(): string[] {
    return [...this.tagCount.keys()].sort((a, b) => a.localeCompare(b));
  }

  /** Sets the flag; true when it changed. */
  setRead(record: MessageRecord, read: boolean): boolean {
    if (record.read === read) return false;
    record.read = read;
    this.unreadCount += read ? -1 : 1;
    return true;
  }

  setTags(record: MessageRecord, tags: string[]): void {
    this.countTags(record.tags, -1);
    record.tags = tags;
    this.countTags(tags, 1);
  }

  /** Removes the `count` oldest records and returns them, oldest first. */
  removeOldest(count: number): MessageRecord[] {
    const end = Math.min(this.items.length, this.head + count);
    const removed = this.items.slice(this.head, end);
    this.items.fill(undefined as unknown as MessageRecord, this.head, end);
    this.head = end;
    for (const record of removed) this.forget(record);
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return removed;
  }

  /** Removes the records with these ids; returns those that were there. */
  remove(ids: Iterable<string>): MessageRecord[] {
    const removed: MessageRecord[] = [];
    for (const id of ids) {
      const record = this.byId.get(id);
      if (!record) continue;
      this.forget(record);
      removed.push(record);
    }
    if (removed.length > 0) {
      this.items = this.items.slice(this.head).filter((record) => this.byId.get(record.id) === record);
      this.head = 0;
    }
    return removed;
  }

  /** Removes everything; returns how many records there were. */
  clear(): number {
    const total = this.total;
    this.items = [];
    this.head = 0;
    this.byId.clear();
    this.tagCount.clear();
    this.unreadCount = 0;
    return total;
  }

  private forget(record: MessageRecord): void {
    this.byId.delete(record.id);
    if (!record.read) this.unreadCount--;
    this.countTags(record.tags, -1);
  }

  private countTags(tags: string[], delta: 1 | -1): void {
    for (const tag of tags) {
      const count = (this.tagCount.get(tag) ?? 0) + delta;
      if (count > 0) this.tagCount.set(tag, count);
      else this.tagCount.delete(tag);
    }
  }
}

import { createHash, type Hash } from 'node:crypto';

/** Size and the MD5, SHA-1 and SHA-256 of a part's decoded content, fed as it streams. */
export class PartDigest {
  size = 0;
  private readonly md5: Hash = createHash('md5');
  private readonly sha1: Hash = createHash('sha1');
  private readonly sha256: Hash = createHash('sha256');

  update(chunk: Buffer): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.sha1.update(chunk);
    this.sha256.update(chunk);
  }

  /** Call once, after the content has ended. */
  checksums(): { MD5: string; SHA1: string; SHA256: string } {
    return { MD5: this.md5.digest('hex'), SHA1: this.sha1.digest('hex'), SHA256: this.sha256.digest('hex') };
  }
}

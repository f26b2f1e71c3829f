/**
 * The client's message bytes as they arrive, kept as the pieces they came in (no concatenation).
 * Past the size limit the pieces are let go and only the count goes on, so an oversized message
 * is read to its end without being held.
 */
export class MessageBody {
  readonly pieces: Buffer[] = [];
  size = 0;
  overflow = false;

  /** @param maxSize bytes, 0 = unlimited */
  constructor(private readonly maxSize: number) {}

  add(piece: Buffer): void {
    this.size += piece.length;
    if (this.overflow) return;
    if (this.maxSize > 0 && this.size > this.maxSize) {
      this.overflow = true;
      this.pieces.length = 0;
      return;
    }
    this.pieces.push(piece);
  }
}

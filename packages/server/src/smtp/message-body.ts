/**
 * The client's message bytes as they arrive, kept as the pieces they came in (no concatenation).
 * Once the message is refused — over the size limit, a header over its bounds, or past the
 * listener's in-memory budget — the pieces are let go and only the count goes on, so the message
 * is read to its end without being held.
 */
import type { ByteBudget } from './byte-budget.js';
import { HeaderScanner, type HeaderLimits, type HeaderProblem } from './header-limit.js';

export type BodyProblem = 'size' | 'memory' | HeaderProblem;

export interface BodyLimits extends HeaderLimits {
  /** bytes, 0 = unlimited */
  maxSize: number;
  budget: ByteBudget;
}

export class MessageBody {
  readonly pieces: Buffer[] = [];
  size = 0;
  problem: BodyProblem | null = null;
  private held = 0;
  private readonly header: HeaderScanner;

  constructor(private readonly limits: BodyLimits) {
    this.header = new HeaderScanner(limits);
  }

  get overflow(): boolean {
    return this.problem !== null;
  }

  add(piece: Buffer): void {
    this.size += piece.length;
    if (this.problem) return;
    if (this.limits.maxSize > 0 && this.size > this.limits.maxSize) return this.refuse('size');
    const header = this.header.feed(piece);
    if (header) return this.refuse(header);
    if (!this.limits.budget.take(piece.length)) return this.refuse('memory');
    this.held += piece.length;
    this.pieces.push(piece);
  }

  /** Gives the held bytes back to the budget; call once the pieces are no longer needed. */
  release(): void {
    this.limits.budget.give(this.held);
    this.held = 0;
  }

  private refuse(problem: BodyProblem): void {
    this.problem = problem;
    this.pieces.length = 0;
    this.release();
  }
}

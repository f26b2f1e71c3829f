/**
 * Fault injection, as the SMTP receiver sees it: at each stage of a session it asks the policy
 * whether to misbehave (for testing how an application handles errors). The policy is fed by
 * Mailpit's /api/v1/chaos (probabilistic) and by mailsink's deterministic rules.
 */

/** Where in an SMTP session a fault can strike. */
export type SmtpStage = 'connect' | 'helo' | 'auth' | 'mail' | 'rcpt' | 'data' | 'message';

export interface FaultContext {
  stage: SmtpStage;
  clientAddress: string;
  /** The HELO/EHLO name, once given. */
  helo?: string;
  /** The authenticated user, if any. */
  username?: string;
  /** MAIL FROM of the transaction (stages mail, rcpt, data, message). */
  mailFrom?: string;
  /** The recipient being added (stage rcpt) or every recipient (data, message). */
  rcptTo?: string[];
}

/** What to do instead of (or before) the normal answer. All fields optional; none = behave. */
export interface FaultDecision {
  /** Wait this long before answering. */
  delayMs?: number;
  /** Answer this instead of the normal reply (a 4xx or 5xx). */
  reply?: { code: number; enhanced?: string; text: string };
  /** Close the connection without a reply. */
  drop?: boolean;
  /** Which rule or trigger decided, for the log and the WebSocket error frame. */
  source?: string;
}

export interface FaultPolicy {
  decide(context: FaultContext): FaultDecision | undefined;
}

/** The default: never misbehave. */
export const NO_FAULTS: FaultPolicy = { decide: () => undefined };

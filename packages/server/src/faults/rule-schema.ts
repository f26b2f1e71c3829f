/**
 * Deterministic fault rules as JSON (the --smtp-rules file and /api/mailsink/v1/faults), declared
 * with TypeBox so that the API validates them and the OpenAPI document shows them.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { MAX_PATTERN_LENGTH } from './glob.js';

const STAGES = ['connect', 'helo', 'auth', 'mail', 'rcpt', 'data', 'message'] as const;

const ID = Type.Optional(Type.String({ description: 'Assigned by mailsink; ignored in requests.' }));
const Pattern = Type.String({
  minLength: 1,
  maxLength: MAX_PATTERN_LENGTH,
  description: 'Glob on the address, case-insensitive: `*` any run of characters, `?` one character.',
});
const Text = Type.String({ minLength: 1, maxLength: 200, pattern: '^[ -~]*$', description: 'Reply text (printable ASCII).' });
const Code = Type.Integer({ minimum: 400, maximum: 599, description: 'SMTP reply code, 400-599.' });
const Stage = Type.Union(STAGES.map((s) => Type.Literal(s)), {
  description: 'connect (before the greeting), helo, auth, mail (MAIL FROM), rcpt (RCPT TO), data (the DATA command), message (after the data)',
});
const closed = { additionalProperties: false } as const;

export const RejectRule = Type.Object({
  ID,
  Type: Type.Literal('reject'),
  Stage: Type.Union([Type.Literal('mail'), Type.Literal('rcpt')]),
  Pattern,
  Code: Type.Optional(Code),
  Text: Type.Optional(Text),
}, { ...closed, description: 'Reject a sender (Stage mail) or recipient (Stage rcpt) matching Pattern; default 550.' });

export const GreylistRule = Type.Object({
  ID,
  Type: Type.Literal('greylist'),
  Pattern: Type.Optional(Pattern),
  Attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Failed attempts per recipient before it is accepted; default 1.' })),
  Code: Type.Optional(Type.Integer({ minimum: 400, maximum: 499 })),
  Text: Type.Optional(Text),
}, { ...closed, description: 'Temporarily fail (default 451) the first Attempts RCPT TO of each recipient matching Pattern (default all).' });

export const FailEveryRule = Type.Object({
  ID,
  Type: Type.Literal('fail-every'),
  Every: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  Code: Type.Optional(Code),
  Text: Type.Optional(Text),
}, { ...closed, description: 'Fail every Every-th message after its data (default 451).' });

export const DelayRule = Type.Object({
  ID,
  Type: Type.Literal('delay'),
  Stage,
  Milliseconds: Type.Integer({ minimum: 0, maximum: 600_000 }),
}, { ...closed, description: 'Wait before answering at Stage.' });

export const DropRule = Type.Object({
  ID,
  Type: Type.Literal('drop'),
  Stage,
}, { ...closed, description: 'Close the connection without a reply at Stage.' });

const VARIANTS = { reject: RejectRule, greylist: GreylistRule, 'fail-every': FailEveryRule, delay: DelayRule, drop: DropRule };

export const FaultRule = Type.Union([RejectRule, GreylistRule, FailEveryRule, DelayRule, DropRule]);
export type FaultRule = Static<typeof FaultRule>;

export class FaultRuleError extends Error {
  override name = 'FaultRuleError';
}

/** Checks one rule and names the first problem (throws FaultRuleError); drops any given ID. */
export function parseRule(value: unknown): FaultRule {
  const type = (value as { Type?: unknown } | null)?.Type;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FaultRuleError('a rule must be a JSON object');
  const schema = typeof type === 'string' ? VARIANTS[type as keyof typeof VARIANTS] : undefined;
  if (!schema || !Object.hasOwn(VARIANTS, type as string)) {
    throw new FaultRuleError(`Type must be one of ${Object.keys(VARIANTS).join(', ')}`);
  }
  const { ID: _ignored, ...rule } = value as Record<string, unknown>;
  const errors = Value.Errors(schema, rule);
  const unknown = errors.find((e) => e.keyword === 'additionalProperties');
  if (unknown) throw new FaultRuleError(`unknown field ${(unknown.params as { additionalProperties: string[] }).additionalProperties.join(', ')}`);
  const first = errors[0];
  if (first?.keyword === 'required') {
    throw new FaultRuleError(`${(first.params as { requiredProperties: string[] }).requiredProperties.join(', ')} is required`);
  }
  if (first) throw new FaultRuleError(`${first.instancePath.slice(1) || 'rule'} ${first.message}`);
  return rule as FaultRule;
}

/** A JSON array of rules (the --smtp-rules file). */
export function parseRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new FaultRuleError('expected a JSON array of rules');
  return value.map((v, i) => {
    try {
      return parseRule(v);
    } catch (err) {
      throw new FaultRuleError(`rule ${i + 1}: ${(err as Error).message}`);
    }
  });
}

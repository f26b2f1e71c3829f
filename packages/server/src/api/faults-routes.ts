import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { FaultRule, FaultRuleError, parseRule, type Faults } from '../faults/index.js';
import { sendJsonError, useJsonErrors } from './json-errors.js';
import { JsonError } from './schemas.js';

export interface FaultsRoutesOptions {
  faults: Faults;
}

const FaultRules = Type.Object({ Rules: Type.Array(FaultRule) });
const RuleParams = Type.Object({ ID: Type.String({ maxLength: 64 }) });

/** mailsink's deterministic SMTP fault rules: list, add, remove, clear. */
export const faultsRoutes: FastifyPluginAsyncTypebox<FaultsRoutesOptions> = async (app, { faults }) => {
  useJsonErrors(app);
  const { rules } = faults;

  app.get('/api/mailsink/v1/faults', {
    schema: { description: 'The SMTP fault rules in force, in the order they apply.', response: { 200: FaultRules } },
  }, async () => ({ Rules: rules.list() }));

  app.post('/api/mailsink/v1/faults', {
    schema: {
      description:
        'Adds an SMTP fault rule: reject a sender or recipient matching a glob, greylist recipients, fail every Nth ' +
        'message, delay a reply or drop the connection at a stage. Answers the rule with its ID.',
      body: FaultRule,
      response: { 201: FaultRule, 400: JsonError },
    },
    // parseRule names the first problem of the rule's own Type, clearer than a union's errors.
    validatorCompiler: () => (data: unknown) => {
      try {
        return { value: parseRule(data) };
      } catch (err) {
        return { error: err as Error };
      }
    },
  }, async (request, reply) => {
    try {
      return reply.code(201).send(rules.add(request.body));
    } catch (err) {
      if (err instanceof FaultRuleError) return sendJsonError(reply, 400, err.message);
      throw err;
    }
  });

  app.delete('/api/mailsink/v1/faults', {
    schema: { description: 'Removes every SMTP fault rule.', response: { 200: FaultRules } },
  }, async () => {
    rules.clear();
    return { Rules: [] };
  });

  app.delete('/api/mailsink/v1/faults/:ID', {
    schema: { description: 'Removes one SMTP fault rule.', params: RuleParams, response: { 200: FaultRules, 404: JsonError } },
  }, async (request, reply) => {
    if (!rules.remove(request.params.ID)) return sendJsonError(reply, 404, `no fault rule with ID ${request.params.ID}`);
    return { Rules: rules.list() };
  });
};

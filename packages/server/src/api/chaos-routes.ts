import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ChaosError, type Faults } from '../faults/index.js';
import { sendTextError, useTextErrors } from './mailpit-errors.js';
import { ChaosTriggers, ChaosTriggersInput } from './schemas.js';

export interface ChaosRoutesOptions {
  faults: Faults;
}

/** Mailpit API v1: /api/v1/chaos, random SMTP errors at AUTH, MAIL FROM and RCPT TO (needs --enable-chaos). */
export const chaosRoutes: FastifyPluginAsyncTypebox<ChaosRoutesOptions> = async (app, { faults }) => {
  useTextErrors(app);
  app.addHook('preHandler', async (_request, reply) => {
    if (!faults.chaosEnabled) await sendTextError(reply, 400, 'Chaos is not enabled');
  });

  app.get('/api/v1/chaos', { schema: { response: { 200: ChaosTriggers } } }, async () => faults.chaos.triggers);

  app.put('/api/v1/chaos', { schema: { body: ChaosTriggersInput, response: { 200: ChaosTriggers } } }, async (request, reply) => {
    try {
      return faults.chaos.set(request.body ?? {});
    } catch (err) {
      if (err instanceof ChaosError) return sendTextError(reply, 400, err.message);
      throw err;
    }
  });
};

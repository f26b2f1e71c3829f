import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MessageStore } from '../store/index.js';
import { VERSION } from '../version.js';
import { useTextErrors } from './mailpit-errors.js';
import type { RuntimeStats } from './runtime-stats.js';
import { AppInformation, WebUIConfiguration } from './schemas.js';

export interface InfoRoutesOptions {
  store: MessageStore;
  stats: RuntimeStats;
  chaosEnabled: boolean;
}

/** Mailpit API v1: /info (application and runtime figures) and /webui (UI configuration). */
export const infoRoutes: FastifyPluginAsyncTypebox<InfoRoutesOptions> = async (app, { store, stats, chaosEnabled }) => {
  useTextErrors(app);

  app.get('/api/v1/info', { schema: { response: { 200: AppInformation } } }, async () => {
    return {
      Version: VERSION,
      LatestVersion: '',
      Database: store.dataDir,
      DatabaseSize: await directorySize(store.dataDir),
      Messages: store.total,
      Unread: store.unread,
      Tags: store.tagCounts(),
      RuntimeStats: {
        Memory: process.memoryUsage().rss,
        MessagesDeleted: stats.messagesDeleted,
        SMTPAccepted: stats.smtpAccepted,
        SMTPAcceptedSize: stats.smtpAcceptedSize,
        SMTPIgnored: 0,
        SMTPRejected: stats.smtpRejected,
        Uptime: stats.uptimeSeconds,
      },
    };
  });

  app.get('/api/v1/webui', { schema: { response: { 200: WebUIConfiguration } } }, async () => ({
    Label: '',
    MessageRelay: {
      Enabled: false,
      SMTPServer: '',
      ReturnPath: '',
      AllowedRecipients: '',
      BlockedRecipients: '',
      OverrideFrom: '',
      PreserveMessageIDs: false,
    },
    SpamAssassin: false,
    ChaosEnabled: chaosEnabled,
    DuplicatesIgnored: false,
    HideDeleteAllButton: false,
  }));
};

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (!entry.isFile()) continue;
    total += await stat(path.join(entry.parentPath, entry.name)).then((s) => s.size, () => 0);
  }
  return total;
}

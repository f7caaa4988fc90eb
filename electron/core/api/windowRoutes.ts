// The API the window needs beyond the call history: settings (webhook URL and token, signature, alert
// preferences), the ad-source list for the filter, and CSV export of the filtered calls.

import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import express from 'express';
import { z } from 'zod';
import type { AdSourcesResponse, ListCallsQuery, SettingsResponse } from '../../../shared/api';
import { callCsvLine, callsCsvHeader } from '../../../shared/csv';
import type { SignatureMode } from '../ingest/signature';
import type { WebhookConfig } from '../ingest/webhookApp';
import { adSourceLister } from '../store/adSources';
import { readAlertPreferences, writeAlertPreferences } from '../store/alertPreferences';
import type { CallStore } from '../store/callStore';
import type { Db } from '../store/db';
import { parseListQuery } from './appApp';

/** What the settings view reads and changes in the running core. */
export interface WindowControls {
  readonly webhookUrl: string;
  readonly dataDir: string;
  config(): WebhookConfig;
  regenerateWebhookToken(): string;
  setSignature(secret: string | null, mode: SignatureMode): void;
}

export interface WindowRouteDeps {
  store: CallStore;
  version: string;
  /** The database, for the read-only queries only the window makes. */
  db: Db;
  /** The running core, looked up per request (it is assembled after the listeners start). */
  controls: () => WindowControls;
}

const EXPORT_PAGE = 200;

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 07:30');
const settingsUpdate = z
  .object({
    signature: z
      .object({
        mode: z.enum(['off', 'report', 'enforce']),
        secret: z.string().trim().min(1).max(512).nullable().optional(),
      })
      .strict()
      .optional(),
    alerts: z
      .object({
        onStart: z.boolean(),
        onMissed: z.boolean(),
        onVoicemail: z.boolean(),
        quietHours: z.object({ enabled: z.boolean(), start: clockTime, end: clockTime }).strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A request the window should not have made; its message says why (HTTP 400, or the IPC error). */
export class BadWindowRequest extends Error {}

/**
 * The window's operations beyond the call history, apart from any transport: the HTTP routes below and
 * the Electron shell's IPC handlers (electron/shell/ipcHandlers.ts) both call these.
 */
export interface WindowService {
  settings(): SettingsResponse;
  /** Validates `body` as an UpdateSettingsRequest; throws BadWindowRequest when it is not one. */
  updateSettings(body: unknown): SettingsResponse;
  regenerateToken(): SettingsResponse;
  adSources(): AdSourcesResponse;
  /** The CSV export of every call matching `query`: the header, then one chunk per page of calls. */
  csvChunks(query: ListCallsQuery, timeZone?: string): Generator<string>;
}

export function createWindowService(deps: WindowRouteDeps): WindowService {
  const listAdSources = adSourceLister(deps.db);

  const settings = (): SettingsResponse => {
    const core = deps.controls();
    const config = core.config();
    return {
      webhookUrl: core.webhookUrl,
      webhookToken: config.token,
      signature: { mode: config.signatureMode, secretSet: config.secret !== null },
      alerts: readAlertPreferences(deps.store),
      dataDir: core.dataDir,
      version: deps.version,
    };
  };

  return {
    settings,
    updateSettings(body) {
      const parsed = settingsUpdate.safeParse(body);
      if (!parsed.success) {
        throw new BadWindowRequest(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      }
      const { signature, alerts } = parsed.data;
      if (signature) {
        const core = deps.controls();
        const secret = signature.secret === undefined ? core.config().secret : signature.secret;
        if (signature.mode !== 'off' && !secret) throw new BadWindowRequest(`Signature mode "${signature.mode}" needs a webhook secret`);
        core.setSignature(secret, signature.mode);
      }
      if (alerts) writeAlertPreferences(deps.store, alerts);
      return settings();
    },
    regenerateToken() {
      deps.controls().regenerateWebhookToken();
      return settings();
    },
    adSources() {
      return { adSources: listAdSources().sort((a, b) => a.localeCompare(b)) };
    },
    *csvChunks(query, timeZone) {
      // The byte-order mark makes Excel read the file as UTF-8.
      yield `\uFEFF${callsCsvHeader()}`;
      let cursor: string | undefined;
      do {
        const page = deps.store.listCalls({ ...query, limit: EXPORT_PAGE, cursor });
        yield page.calls.map((call) => callCsvLine(call, timeZone)).join('');
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
  };
}

export function windowRoutes(service: WindowService): express.Router {
  const router = express.Router();

  router.get('/settings', (_req, res) => {
    res.json(service.settings());
  });

  router.put('/settings', express.json({ limit: '16kb' }), (req, res) => {
    try {
      res.json(service.updateSettings(req.body));
    } catch (error) {
      if (!(error instanceof BadWindowRequest)) throw error;
      res.status(400).json({ error: error.message });
    }
  });

  router.post('/settings/regenerate-token', (_req, res) => {
    res.json(service.regenerateToken());
  });

  router.get('/ad-sources', (_req, res) => {
    res.json(service.adSources());
  });

  // Every matching call, newest first, streamed page by page so a large export never blocks the listener.
  router.get('/calls.csv', async (req, res) => {
    const query = parseListQuery(req.query as Record<string, unknown>);
    if ('error' in query) {
      res.status(400).json({ error: query.error });
      return;
    }
    const tz = typeof req.query.tz === 'string' && req.query.tz !== '' ? req.query.tz : undefined;
    if (tz !== undefined && !validTimeZone(tz)) {
      res.status(400).json({ error: `"tz" must be an IANA time zone such as America/Toronto` });
      return;
    }
    const day = new Date().toISOString().slice(0, 10);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="calls-${day}.csv"`);
    let closed = false;
    res.on('close', () => (closed = true));
    for (const chunk of service.csvChunks(query, tz)) {
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
      if (closed) break;
      await nextTurn();
    }
    res.end();
  });

  return router;
}

// The public-URL API the window's tunnel settings use: status, settings, self-test, restart, URL
// confirmation and the test call (contract in shared/api.ts).

import express from 'express';
import { z } from 'zod';
import { ConflictError, type TunnelService } from '../tunnel/service';
import { parseTunnelUpdate } from '../tunnel/settings';

export interface TunnelRouteDeps {
  /** The running core's tunnel, looked up per request (it starts after the listeners). */
  tunnel: () => TunnelService;
}

const confirmBody = z.object({ url: z.string() }).strict();
const hideBody = z.object({ hidden: z.boolean() }).strict();

export function tunnelRoutes(deps: TunnelRouteDeps): express.Router {
  const router = express.Router();
  const json = express.json({ limit: '16kb' });

  router.get('/tunnel', (_req, res) => {
    res.json(deps.tunnel().status());
  });

  router.put('/tunnel/settings', json, async (req, res) => {
    const update = parseTunnelUpdate(req.body);
    if ('error' in update) {
      res.status(400).json({ error: update.error });
      return;
    }
    res.json(await deps.tunnel().updateSettings(update));
  });

  router.post('/tunnel/check', async (_req, res) => {
    res.json(await deps.tunnel().check());
  });

  router.post('/tunnel/restart', (_req, res) => {
    res.json(deps.tunnel().restart());
  });

  router.post('/tunnel/confirm-url', json, (req, res) => {
    const body = confirmBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'Send {"url": "<the public webhook URL>"}' });
      return;
    }
    try {
      res.json(deps.tunnel().confirmUrl(body.data.url));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      res.status(409).json({ error: error.message });
    }
  });

  router.post('/tunnel/test-call', async (_req, res) => {
    res.json(await deps.tunnel().sendTestCall());
  });

  router.get('/tunnel/test-calls', (_req, res) => {
    res.json(deps.tunnel().testCalls());
  });

  router.put('/tunnel/test-calls', json, (req, res) => {
    const body = hideBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'Send {"hidden": true} or {"hidden": false}' });
      return;
    }
    res.json(deps.tunnel().setTestCallsHidden(body.data.hidden));
  });

  router.delete('/tunnel/test-calls', (_req, res) => {
    res.json(deps.tunnel().deleteTestCalls());
  });

  return router;
}

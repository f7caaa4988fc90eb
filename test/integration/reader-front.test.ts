// The reader thread in the front as shipped (store in its worker, searches in the reader): a webhook's call
// is found by the next search, the deliveries inspector reads it, and on close the WAL is checkpointed and
// removed by the last connection, so a second start finds everything in the database file.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/store/db';
import { startFront } from '../../electron/core/thread/start';
import { validRequest } from '../../shared/contract/requests';
import { postWebhook, tempDir } from '../support/core';
import { callDeliveries } from '../support/payloads';
import { hourlyCall } from '../support/readerHistory';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the front with its reader thread', () => {
  it('finds a call stored by the store worker, and leaves no WAL behind when it closes', async () => {
    const dataDir = tempDir('call-alerts-reader-front-');
    dirs.push(dataDir);
    const front = await startFront({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
    try {
      const call = callDeliveries(hourlyCall(3, '6135550177', { callerName: 'Lin Wei' }));
      for (const body of [call.start, call.processed]) expect((await postWebhook(front.webhookUrl, body)).status).toBe(200);
      const found = await front.handlers.listCalls(validRequest('listCalls', { q: 'Wei' }));
      expect(found.calls.map((c) => c.callerNumber)).toEqual(['6135550177']);
      const deliveries = await front.handlers.listDeliveries(validRequest('listDeliveries', { q: '6135550177' }));
      expect(deliveries.deliveries).toHaveLength(2);
    } finally {
      await front.close();
    }
    expect(fs.existsSync(path.join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);

    const again = await startFront({ dataDir, webhookPort: 0, appPort: 0, timeZone: 'UTC' });
    try {
      const found = await again.handlers.listCalls(validRequest('listCalls', { q: '6135550177' }));
      expect(found.calls).toHaveLength(1);
    } finally {
      await again.close();
    }
  }, 60_000);
});

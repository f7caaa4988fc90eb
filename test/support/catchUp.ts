// A real core whose catch-up asks a loopback stand-in of the vendor API (vendorApiStandIn.ts), with short
// retry waits so 5xx and timeouts settle in a test's time.

import type { CatchUpStatus } from '../../shared/api';
import type { CoreOptions } from '../../electron/core/core';
import { startTestCore, tempDir, type TestCore } from './core';
import { startVendorApiStandIn, type StandInOptions, type VendorApiStandIn } from './vendorApiStandIn';

export const TOKEN = 'tok-8f2c1e-SECRET-organization-token';
export const KEY = 'key-41d9aa-SECRET-subscription-key';
export const HOUR_MS = 3_600_000;

export const FAST_RETRY = { tries: 3, baseMs: 20, capMs: 60, timeoutMs: 3000, maxRetryAfterMs: 5000 };

export interface CatchUpRig {
  api: VendorApiStandIn;
  core: TestCore;
  dataDir: string;
  /** Starts (again) a core on the same data folder; settings given are kept, as headless flags are. */
  restart(options?: Partial<CoreOptions>): Promise<TestCore>;
  /** Waits until a run has finished after `since` (its lastRunAt) or the state is one of `states`. */
  settled(since?: string | null, states?: CatchUpStatus['state'][]): Promise<CatchUpStatus>;
  stop(): Promise<void>;
}

export async function until<T>(probe: () => T | Promise<T>, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function startCatchUpRig(
  standIn: Partial<StandInOptions> = {},
  settings: NonNullable<CoreOptions['catchUp']>['settings'] = {},
): Promise<CatchUpRig> {
  const api = await startVendorApiStandIn({ token: TOKEN, key: KEY, ...standIn });
  const dataDir = tempDir('catch-up-');
  const coreOptions = (extra: Partial<CoreOptions> = {}): Partial<CoreOptions> => ({
    dataDir,
    tunnel: { detectSleep: false },
    ...extra,
    catchUp: { detectSleep: false, pageSize: 100, retry: FAST_RETRY, ...extra.catchUp },
  });
  const rig: CatchUpRig = {
    api,
    dataDir,
    core: await startTestCore(
      coreOptions({ catchUp: { settings: { provider: 'marketing-edge', baseUrl: api.baseUrl, token: TOKEN, key: KEY, ...settings } } }),
    ),
    async restart(options = {}) {
      await rig.core.close();
      rig.core = await startTestCore(coreOptions(options));
      return rig.core;
    },
    settled: (since = null, states = ['idle', 'failed', 'waiting']) =>
      until(() => {
        const status = rig.core.catchUp.status();
        return status.lastRunAt !== since && states.includes(status.state) ? status : null;
      }, 'catch-up to settle'),
    async stop() {
      await rig.core.stop();
      await api.close();
    },
  };
  return rig;
}

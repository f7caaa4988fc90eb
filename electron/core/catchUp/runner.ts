// Catch-up's runner: when to ask the vendor's calls API, one run at a time, and the status the window shows.

import type { CatchUpCheck, CatchUpState, CatchUpStatus, SaveCatchUpSettingsRequest } from '../../../shared/api';
import type { CatchUpSettingsStore } from './settings';

/** Why a run starts: the status and the logs say it. */
export type CatchUpTrigger = 'start' | 'demand' | 'schedule' | 'wake' | 'network' | 'tunnel' | 'settings' | 'retry';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export class CatchUpRunner {
  private state: CatchUpState = 'idle';
  private error: string | null = null;
  private nextRunAt: number | null = null;

  constructor(private readonly settings: CatchUpSettingsStore) {}

  status(): CatchUpStatus {
    const choice = this.settings.choice();
    const progress = this.settings.progress();
    const token = this.settings.token();
    const key = this.settings.key();
    const off = choice.provider === 'off';
    return {
      provider: choice.provider,
      baseUrl: this.settings.baseUrl(choice),
      state: off ? 'off' : this.state,
      coveredUntil: iso(progress.coveredUntil),
      lastRunAt: iso(progress.lastRunAt),
      lastResult: progress.lastResult,
      error: off ? null : this.error,
      nextRunAt: off ? null : iso(this.nextRunAt),
      credentials: {
        token: token.readable && token.value !== null ? 'saved' : 'not-set',
        key: key.readable && key.value !== null ? 'saved' : 'not-set',
      },
      lastOutage: progress.lastOutage,
    };
  }

  run(_trigger: CatchUpTrigger, _days?: number): CatchUpStatus {
    return this.status();
  }

  saveSettings(update: SaveCatchUpSettingsRequest): CatchUpStatus {
    this.settings.write(update);
    return this.status();
  }

  check(): Promise<CatchUpCheck> {
    const off = this.settings.choice().provider === 'off';
    return Promise.resolve({ ok: false, message: off ? 'Choose Marketing Edge or Telmetrics first.' : 'Not checked yet.' });
  }
}

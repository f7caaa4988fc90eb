// Catch-up's runner: when to ask the vendor's calls API (at start, on demand, every 15 minutes, after a
// wake or the tunnel coming back), one run at a time, the cursor it keeps, and the status the window shows.

import type { CatchUpCheck, CatchUpOutage, CatchUpState, CatchUpStatus, SaveCatchUpSettingsRequest } from '../../../shared/api';
import { catchUpAlert, MINUTE_MS, outageBetween, requestWindows, runRange, runRetryDelay, type TimeRange } from '../../../shared/catchUp/plan';
import type { ChangeFeed } from '../changeFeed';
import type { ApiIngestResult } from '../store/apiIngest';
import { WakeDetector } from '../tunnel/wakeDetector';
import { VendorApiClient, VendorApiError, type ApiAnswer, type RetryPolicy, type VendorCredentials } from './client';
import type { CatchUpChoice, CatchUpSettingsStore } from './settings';

/** Why a run starts: the log says it. */
export type CatchUpTrigger = 'start' | 'demand' | 'schedule' | 'wake' | 'tunnel' | 'settings' | 'retry' | 'queued';

export interface CatchUpOptions {
  /** Between runs while all is well (15 minutes). */
  intervalMs?: number;
  /** How often the core writes that it is alive, to measure outages by (1 minute). */
  heartbeatMs?: number;
  /** Notice sleep from timer gaps (headless); the desktop shell turns it off and calls run('wake') from powerMonitor. */
  detectSleep?: boolean;
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
}

export interface CatchUpRunnerDeps {
  settings: CatchUpSettingsStore;
  ingest: (answer: ApiAnswer) => Promise<ApiIngestResult>;
  feed: ChangeFeed;
  options?: CatchUpOptions;
  now?: () => number;
  random?: () => number;
}

const INTERVAL_MS = 15 * MINUTE_MS;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface Totals {
  fetched: number;
  added: number;
  updated: number;
  missed: number;
  /** Calls the API listed that started during the outage being filled. */
  inOutage: number;
}

export class CatchUpRunner {
  private state: CatchUpState = 'idle';
  private error: string | null = null;
  /** 401/403: no run until the settings change. */
  private refused = false;
  private failures = 0;
  private nextRunAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private runAbort: AbortController | null = null;
  private queued: { days?: number } | null = null;
  private lastAlive: number | null = null;
  private pendingOutage: TimeRange | null = null;
  private closed = false;
  private readonly listeners = new Set<(status: CatchUpStatus) => void>();
  private readonly wake: WakeDetector | null;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly options: CatchUpOptions;

  constructor(private readonly deps: CatchUpRunnerDeps) {
    this.options = deps.options ?? {};
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.wake = this.options.detectSleep === false ? null : new WakeDetector(() => this.run('wake'));
  }

  /** Notes the outage since the core was last alive, starts the heartbeat, and runs. */
  start(): void {
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs ?? MINUTE_MS).unref();
    this.wake?.start();
    this.run('start');
  }

  /** Starts a run now (a run under way queues one more); `days`: import the last N days. */
  run(trigger: CatchUpTrigger, days?: number): CatchUpStatus {
    if (this.closed || this.deps.settings.choice().provider === 'off') return this.status();
    if (this.refused && trigger !== 'settings') return this.status();
    if (this.current) {
      this.queued = { days: Math.max(this.queued?.days ?? 0, days ?? 0) || undefined };
      return this.status();
    }
    this.state = 'running';
    this.current = this.runOnce(trigger, days).finally(() => {
      this.current = null;
      const next = this.queued;
      this.queued = null;
      if (next && !this.closed) this.run('queued', next.days);
    });
    return this.status();
  }

  status(): CatchUpStatus {
    const { settings } = this.deps;
    const choice = settings.choice();
    const progress = settings.progress();
    const token = settings.token();
    const key = settings.key();
    const off = choice.provider === 'off';
    return {
      provider: choice.provider,
      baseUrl: settings.baseUrl(choice),
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

  /** Each settled run's status (idle, waiting, failed); returns the function that unsubscribes. */
  onChange(listener: (status: CatchUpStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves the settings; a run under way stops, and a new one starts with them. */
  saveSettings(update: SaveCatchUpSettingsRequest): CatchUpStatus {
    this.deps.settings.write(update);
    this.refused = false;
    this.failures = 0;
    this.error = null;
    this.state = 'idle';
    this.clearTimer();
    this.runAbort?.abort();
    return this.run('settings');
  }

  /** One small request with the saved credentials: whether they work, in words. */
  async check(): Promise<CatchUpCheck> {
    const choice = this.deps.settings.choice();
    const client = this.client(choice, { tries: 1, rateLimitTries: 0, timeoutMs: 15_000 });
    if (typeof client === 'string') return { ok: false, message: client };
    try {
      await client.check(AbortSignal.timeout(20_000));
      return { ok: true, message: `${choice.provider === 'telmetrics' ? 'Telmetrics' : 'Marketing Edge'} answered: the credentials work.` };
    } catch (error) {
      return { ok: false, message: error instanceof VendorApiError ? error.message : 'The calls API could not be reached.' };
    }
  }

  /** Stops the timers and any run under way; resolves once it has stopped. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.wake?.stop();
    this.runAbort?.abort();
    await this.current;
  }

  /** Writes that the core is alive; a silence long enough to lose calls becomes the outage the next run fills. */
  private beat(): void {
    const now = this.now();
    const gap = outageBetween(this.lastAlive ?? this.deps.settings.heartbeat(), now);
    if (gap) this.pendingOutage = { from: Math.min(gap.from, this.pendingOutage?.from ?? gap.from), to: gap.to };
    this.lastAlive = now;
    this.deps.settings.beat(now);
  }

  /** The client for the saved choice, or what is missing, in words. */
  private client(choice: CatchUpChoice, retry?: Partial<RetryPolicy>): VendorApiClient | string {
    if (choice.provider === 'off') return 'Catch-up is off: choose Marketing Edge or Telmetrics in Settings.';
    const token = this.deps.settings.token();
    const key = this.deps.settings.key();
    if (!token.readable || !key.readable) return 'The API credentials could not be read from the key store: enter them again in Settings.';
    if (!token.value) return 'Enter the API token (Marketing Edge → Settings → API Access) in Settings.';
    if (choice.provider === 'marketing-edge' && !key.value)
      return 'Enter the API subscription key (Marketing Edge → Settings → API Access) in Settings.';
    const credentials: VendorCredentials = { token: token.value, key: key.value };
    return new VendorApiClient({
      provider: choice.provider,
      baseUrl: this.deps.settings.baseUrl(choice) as string,
      credentials,
      pageSize: this.options.pageSize,
      retry: { ...this.options.retry, ...retry },
      random: this.random,
      now: this.now,
    });
  }

  private async runOnce(trigger: CatchUpTrigger, days?: number): Promise<void> {
    this.clearTimer();
    const client = this.client(this.deps.settings.choice());
    if (typeof client === 'string') return this.finish('failed', client, null);
    const abort = new AbortController();
    this.runAbort = abort;
    this.beat();
    const outage = this.pendingOutage;
    const totals: Totals = { fetched: 0, added: 0, updated: 0, missed: 0, inOutage: 0 };
    const { coveredUntil } = this.deps.settings.progress();
    const range = runRange(coveredUntil, this.now(), days);
    const importing = coveredUntil === null || days !== undefined;
    try {
      for (const window of requestWindows(range)) {
        await client.fetchWindow(window, (answer, starts) => this.take(answer, starts, totals, outage), abort.signal);
        this.advanceCursor(window);
      }
      this.failures = 0;
      const lastOutage: CatchUpOutage | null = outage && {
        from: iso(outage.from) as string,
        to: iso(outage.to) as string,
        fetched: totals.inOutage,
        added: totals.added,
        missed: totals.missed,
      };
      if (outage) this.pendingOutage = null;
      const progress = this.deps.settings.progress();
      this.deps.settings.saveProgress({
        ...progress,
        lastRunAt: this.now(),
        lastResult: { fetched: totals.fetched, added: totals.added, updated: totals.updated },
        lastOutage: lastOutage ?? progress.lastOutage,
      });
      console.log(`Catch-up (${trigger}): ${totals.fetched} calls fetched, ${totals.added} added, ${totals.updated} updated.`);
      this.finish('idle', null, this.now() + (this.options.intervalMs ?? INTERVAL_MS));
    } catch (error) {
      if (abort.signal.aborted) return;
      this.deps.settings.saveProgress({ ...this.deps.settings.progress(), lastRunAt: this.now() });
      this.failed(error);
    } finally {
      if (this.runAbort === abort) this.runAbort = null;
      if (totals.added > 0) {
        const alert = catchUpAlert(totals.added, totals.missed, importing ? 'import' : outage ? 'off' : 'missed-webhooks');
        this.deps.feed.emitCatchUp({ added: totals.added, missed: totals.missed, alert });
      }
    }
  }

  private async take(answer: ApiAnswer, starts: number[], totals: Totals, outage: TimeRange | null): Promise<void> {
    const result = await this.deps.ingest(answer);
    totals.fetched += result.fetched;
    totals.added += result.added;
    totals.updated += result.updated;
    totals.missed += result.missed;
    if (outage) totals.inOutage += starts.filter((at) => at >= outage.from && at <= outage.to).length;
    for (const change of result.calls) this.deps.feed.emit({ call: change.call, alert: null });
  }

  /** The cursor moves only over time covered without a hole: a window that starts at or before it. */
  private advanceCursor(window: TimeRange): void {
    const progress = this.deps.settings.progress();
    if (progress.coveredUntil !== null && window.from > progress.coveredUntil) return;
    if (progress.coveredUntil !== null && window.to <= progress.coveredUntil) return;
    this.deps.settings.saveProgress({ ...progress, coveredUntil: window.to });
  }

  private failed(error: unknown): void {
    if (error instanceof VendorApiError && error.problem === 'refused') {
      this.refused = true;
      return this.finish('failed', error.message, null);
    }
    if (error instanceof VendorApiError && error.problem === 'unavailable') {
      this.failures++;
      const at = error.retryAt ?? this.now() + runRetryDelay(this.failures, this.random());
      return this.finish('waiting', error.message, at);
    }
    const message = error instanceof VendorApiError ? error.message : `A calls API answer could not be stored: ${(error as Error).message}`;
    console.warn(`Catch-up: ${message}`);
    this.finish('failed', message, this.now() + (this.options.intervalMs ?? INTERVAL_MS));
  }

  /** Settles the state and, unless retrying cannot help, when the next run is. */
  private finish(state: CatchUpState, error: string | null, nextRunAt: number | null): void {
    this.state = state;
    this.error = error;
    this.clearTimer();
    if (nextRunAt !== null && !this.closed) {
      this.nextRunAt = nextRunAt;
      this.timer = setTimeout(() => this.run(state === 'waiting' ? 'retry' : 'schedule'), Math.max(0, nextRunAt - this.now())).unref();
    }
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRunAt = null;
  }
}

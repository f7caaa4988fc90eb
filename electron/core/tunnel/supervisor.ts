// Keeps one provider's tunnel up: starting → online → reconnecting → failed, with a connect timeout,
// reconnects with backoff and jitter, a self-test through the public URL (on start, periodically, on demand),
// a restart on wake from sleep, and a stop that leaves no timer, socket or child process behind.
// A self-test that cannot reach the public URL from this PC keeps the link (online, unverified): only the
// provider or the relay saying the link is gone replaces it.

import { setTimeout as sleep } from 'node:timers/promises';
import type { TunnelCheck, TunnelState } from '../../../shared/api';
import { reconnectDelay, retestDelay } from '../../../shared/tunnel/backoff';
import { shouldGiveUp, tunnelProblem, type TunnelProblem } from '../../../shared/tunnel/problems';
import { publicWebhookUrl } from '../../../shared/tunnel/publicUrl';
import { keepsLink } from '../../../shared/tunnel/selfTest';
import { TunnelError, type LinkEvents, type TunnelLink, type TunnelProvider, type TunnelTarget } from './provider';
import type { PublicRoute } from './publicHttp';
import { notChecked, runSelfTest, type SelfTestResult } from './selfTest';

export interface SupervisorOptions {
  provider: TunnelProvider;
  target: TunnelTarget;
  /** The webhook path (/hooks/<token>), read at each check: the token can change while running. */
  webhookPath: () => string;
  /** Longest wait for a provider to open a link (the SDKs can wait for ever). */
  connectTimeoutMs?: number;
  /** Self-test period while online. Each check is one request on the person's tunnel quota. */
  checkIntervalMs?: number;
  checkTimeoutMs?: number;
  /** After a wrong answer while online (two in a row: the link is dead); also the first retest of an unverified link. */
  recheckDelayMs?: number;
  /** Waits before each self-test of a new link (a new public name can take a moment to work). */
  verifyDelaysMs?: readonly number[];
  /** How long a link that heals by itself may stay down before it is replaced. */
  healingDeadlineMs?: number;
  route?: PublicRoute;
  random?: () => number;
  onChange?: () => void;
}

export interface SupervisorSnapshot {
  state: TunnelState;
  url: string | null;
  problem: TunnelProblem | null;
  since: number;
  attempt: number;
  nextAttemptAt: number | null;
  lastCheck: TunnelCheck | null;
  /** Online, and the last self-test reached this app through the public URL. */
  verified: boolean;
  /** Online but this PC cannot reach its own public URL: why, in words; null otherwise. */
  unverifiedReason: string | null;
}

const RESUME_DEBOUNCE_MS = 5000;
const STOPPED = new TunnelError(tunnelProblem('unknown', 'The tunnel was stopped.'));

function problemOf(error: unknown): TunnelProblem {
  if (error instanceof TunnelError) return error.problem;
  return tunnelProblem('unknown', `The tunnel failed: ${(error as Error)?.message ?? String(error)}`);
}

export class TunnelSupervisor {
  private state: TunnelState = 'off';
  private since = Date.now();
  /** The current link's URL; while reconnecting, the last one known. */
  private url: string | null = null;
  private problem: TunnelProblem | null = null;
  private attempt = 0;
  private sameProblem = 0;
  private nextAttemptAt: number | null = null;
  private lastCheck: TunnelCheck | null = null;
  private checkFailures = 0;
  private unverifiedReason: string | null = null;
  /** Self-tests in a row that could not reach the public URL: spaces the retests out. */
  private retests = 0;
  private lastResume = 0;
  private running = false;
  /** Bumped by every (re)connect and by stop: results of an older generation are discarded. */
  private generation = 0;
  /** Aborted when the generation ends: cancels its open, its waits and its checks. */
  private cycle = new AbortController();
  private link: TunnelLink | null = null;
  /** Opens and closes still in progress: stop() waits for all of them. */
  private readonly pending = new Set<Promise<unknown>>();
  private retryTimer: NodeJS.Timeout | null = null;
  private checkTimer: NodeJS.Timeout | null = null;
  private healingTimer: NodeJS.Timeout | null = null;

  private readonly connectTimeoutMs: number;
  private readonly checkIntervalMs: number;
  private readonly checkTimeoutMs: number;
  private readonly recheckDelayMs: number;
  private readonly verifyDelaysMs: readonly number[];
  private readonly healingDeadlineMs: number;
  private readonly random: () => number;

  constructor(private readonly options: SupervisorOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
    this.checkIntervalMs = options.checkIntervalMs ?? 15 * 60_000;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 10_000;
    this.recheckDelayMs = options.recheckDelayMs ?? 5000;
    this.verifyDelaysMs = options.verifyDelaysMs ?? [0, 1000, 2000, 4000];
    this.healingDeadlineMs = options.healingDeadlineMs ?? 60_000;
    this.random = options.random ?? Math.random;
  }

  get provider(): TunnelProvider {
    return this.options.provider;
  }

  snapshot(): SupervisorSnapshot {
    return {
      state: this.state,
      url: this.url,
      problem: this.problem,
      since: this.since,
      attempt: this.attempt,
      nextAttemptAt: this.nextAttemptAt,
      lastCheck: this.lastCheck,
      verified: this.state === 'online' && this.unverifiedReason === null,
      unverifiedReason: this.state === 'online' ? this.unverifiedReason : null,
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setState('starting', null);
    void this.connect();
  }

  /** After sleep (the desktop shell's powerMonitor, or a timer gap in headless mode): start afresh. */
  resume(): void {
    if (!this.running || Date.now() - this.lastResume < RESUME_DEBOUNCE_MS) return;
    this.lastResume = Date.now();
    this.restart();
  }

  /** Reconnects now, forgetting past failures (also out of `failed`). */
  restart(): void {
    if (!this.running) return;
    this.attempt = 0;
    this.sameProblem = 0;
    this.setState(this.state === 'starting' ? 'starting' : 'reconnecting', null);
    void this.connect();
  }

  /** Runs the self-test now; while online, its result counts like a periodic one. */
  async checkNow(): Promise<TunnelCheck> {
    const gen = this.generation;
    const result = await this.runCheck();
    if (gen === this.generation && this.state === 'online') this.afterCheck(result);
    return result.check;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.endGeneration();
    this.clearTimers();
    void this.dropLink();
    await Promise.all(this.pending);
    this.url = null;
    this.attempt = 0;
    this.sameProblem = 0;
    this.nextAttemptAt = null;
    this.setState('off', null);
  }

  // ---- connecting -------------------------------------------------------------------------------

  private endGeneration(): number {
    this.cycle.abort(STOPPED);
    this.cycle = new AbortController();
    return ++this.generation;
  }

  private async connect(): Promise<void> {
    const gen = this.endGeneration();
    this.clearTimers();
    this.nextAttemptAt = null;
    // The old link goes first: a session still open elsewhere would hold the domain (ngrok) or subdomain.
    await this.dropLink();
    if (gen !== this.generation) return;
    const result = await this.track(this.openLink(gen, this.cycle.signal));
    if (gen !== this.generation || result === null) return;
    if (!('close' in result)) return this.fail(result);
    this.link = result;
    this.url = result.url;
    this.emit();
    const test = await this.verify(gen);
    if (gen !== this.generation) return;
    this.afterVerify(test, `The tunnel opened at ${result.url}`);
  }

  /** A new or healed link's self-test: online (perhaps unverified), or failed with `what` and the reason. */
  private afterVerify({ check, verdict }: SelfTestResult, what: string): void {
    if (keepsLink(verdict)) return this.becomeOnline(verdict.reason);
    this.fail(tunnelProblem('self-test-failed', `${what}, but test requests through it do not reach this app: ${check.error}`));
  }

  /** The provider's link, or the problem it failed with, or null when the generation ended meanwhile. */
  private async openLink(gen: number, cycle: AbortSignal): Promise<TunnelLink | TunnelProblem | null> {
    const controller = new AbortController();
    const onCycleEnd = () => controller.abort(STOPPED);
    cycle.addEventListener('abort', onCycleEnd, { once: true });
    const seconds = Math.round(this.connectTimeoutMs / 1000);
    const timeout = setTimeout(
      () =>
        controller.abort(
          new TunnelError(
            tunnelProblem('timeout', `No answer from ${this.provider.kind} within ${seconds} s: its service may be unreachable from this network.`),
          ),
        ),
      this.connectTimeoutMs,
    );
    try {
      const link = await this.provider.open(this.options.target, this.linkEvents(gen), controller.signal);
      if (gen === this.generation) return link;
      await link.close().catch(() => undefined);
      return null;
    } catch (error) {
      return gen === this.generation ? problemOf(error) : null;
    } finally {
      clearTimeout(timeout);
      cycle.removeEventListener('abort', onCycleEnd);
    }
  }

  private linkEvents(gen: number): LinkEvents {
    return {
      down: (problem, healing) => {
        if (gen !== this.generation || this.link === null) return;
        if (!healing) return this.fail(problem);
        if (this.healingTimer) return;
        this.clearTimer('check');
        this.setState('reconnecting', problem);
        this.healingTimer = setTimeout(() => {
          this.healingTimer = null;
          if (gen === this.generation) this.fail(problem);
        }, this.healingDeadlineMs).unref();
      },
      up: () => {
        if (gen !== this.generation || this.link === null || !this.healingTimer) return;
        this.clearTimer('healing');
        void this.verify(gen).then((test) => {
          if (gen === this.generation) this.afterVerify(test, 'The tunnel came back');
        });
      },
    };
  }

  /** `unverified`: why this PC could not check the link itself (null: the self-test reached this app). */
  private becomeOnline(unverified: string | null): void {
    this.attempt = 0;
    this.sameProblem = 0;
    this.checkFailures = 0;
    this.unverifiedReason = unverified;
    this.retests = unverified === null ? 0 : 1;
    this.setState('online', null);
    this.scheduleCheck(unverified === null ? this.checkIntervalMs : this.retestDelay());
  }

  private fail(problem: TunnelProblem): void {
    this.clearTimers();
    void this.dropLink();
    this.attempt += 1;
    this.sameProblem = this.problem?.code === problem.code ? this.sameProblem + 1 : 1;
    if (shouldGiveUp(problem, this.sameProblem)) {
      this.nextAttemptAt = null;
      this.setState('failed', problem);
      return;
    }
    const delay = reconnectDelay(this.attempt, this.random());
    this.nextAttemptAt = Date.now() + delay;
    this.setState('reconnecting', problem);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay).unref();
  }

  private dropLink(): Promise<void> {
    const link = this.link;
    if (!link) return Promise.resolve();
    this.link = null;
    return this.track(link.close().catch(() => undefined));
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => undefined);
    return work;
  }

  // ---- self-test --------------------------------------------------------------------------------

  private async runCheck(): Promise<SelfTestResult> {
    const url = this.link ? publicWebhookUrl(this.link.url, this.options.webhookPath()) : null;
    if (url === null) return notChecked('The tunnel is not connected.');
    const signal = this.cycle.signal;
    const result = await runSelfTest(this.provider.kind, url, { timeoutMs: this.checkTimeoutMs, route: this.options.route, signal });
    // A check cut short by a reconnect or a stop says nothing about the tunnel.
    if (signal.aborted) return result;
    this.lastCheck = result.check;
    this.emit();
    return result;
  }

  /** Self-tests a new link, a few times with pauses: the first request through a new tunnel may fail. */
  private async verify(gen: number): Promise<SelfTestResult> {
    let test = notChecked('Not checked.');
    const signal = this.cycle.signal;
    for (const delay of this.verifyDelaysMs) {
      if (delay > 0) {
        try {
          await sleep(delay, undefined, { signal, ref: false });
        } catch {
          return test;
        }
      }
      if (gen !== this.generation) return test;
      test = await this.runCheck();
      if (test.check.ok) return test;
    }
    return test;
  }

  private afterCheck({ check, verdict }: SelfTestResult): void {
    switch (verdict.verdict) {
      case 'verified':
        this.checkFailures = 0;
        this.retests = 0;
        this.unverifiedReason = null;
        this.scheduleCheck(this.checkIntervalMs);
        return this.emit();
      case 'unreachable':
        this.checkFailures = 0;
        this.retests += 1;
        this.unverifiedReason = verdict.reason;
        this.scheduleCheck(this.retestDelay());
        return this.emit();
      case 'relay-lost':
        return this.fail(tunnelProblem('relay-error', `The tunnel service no longer knows the tunnel at ${this.url}: ${verdict.reason}`));
      case 'wrong-answer':
        this.checkFailures += 1;
        if (this.checkFailures >= 2) {
          return this.fail(tunnelProblem('self-test-failed', `Test requests through ${this.url} stopped reaching this app: ${check.error}`));
        }
        return this.scheduleCheck(this.recheckDelayMs);
    }
  }

  private retestDelay(): number {
    return retestDelay(this.retests, this.recheckDelayMs, this.checkIntervalMs);
  }

  private scheduleCheck(delayMs: number): void {
    this.clearTimer('check');
    const gen = this.generation;
    this.checkTimer = setTimeout(() => {
      this.checkTimer = null;
      void this.runCheck().then((result) => {
        if (gen === this.generation && this.state === 'online') this.afterCheck(result);
      });
    }, delayMs).unref();
  }

  // ---- bookkeeping ------------------------------------------------------------------------------

  private clearTimer(which: 'retry' | 'check' | 'healing'): void {
    const key = `${which}Timer` as const;
    const timer = this[key];
    if (timer) clearTimeout(timer);
    this[key] = null;
  }

  private clearTimers(): void {
    this.clearTimer('retry');
    this.clearTimer('check');
    this.clearTimer('healing');
  }

  private setState(state: TunnelState, problem: TunnelProblem | null): void {
    if (state !== this.state) this.since = Date.now();
    if (state !== 'online') this.unverifiedReason = null;
    this.state = state;
    this.problem = problem;
    this.emit();
  }

  private emit(): void {
    try {
      this.options.onChange?.();
    } catch (error) {
      console.error('A tunnel status listener failed:', error);
    }
  }
}

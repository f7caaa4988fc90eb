// The core's tunnel: which provider the settings choose, its supervisor, the URL the person confirmed in
// Marketing Edge, and the test call. What the API routes, the headless printout and the tray read.

import type {
  DeleteTestCallsResponse,
  TestCallResult,
  TestCallsResponse,
  TunnelCheck,
  TunnelStatus,
  UpdateTunnelSettingsRequest,
} from '../../../shared/api';
import { RequestError } from '../../../shared/contract/requests';
import { providerInfo } from '../../../shared/tunnel/providers';
import { publicWebhookUrl, urlNeedsUpdate } from '../../../shared/tunnel/publicUrl';
import type { ChangeFeed } from '../changeFeed';
import type { SecretStore } from '../secrets';
import type { CallStore } from '../store/callStore';
import { CloudflaredProvider } from './cloudflaredProvider';
import { LocaltunnelProvider } from './localtunnelProvider';
import { ManualProvider } from './manualProvider';
import { NgrokProvider } from './ngrokProvider';
import type { TunnelProvider, TunnelTarget } from './provider';
import type { PublicRoute } from './publicHttp';
import { TunnelSettingsStore, UNREADABLE } from './settings';
import { TunnelSupervisor, type SupervisorOptions } from './supervisor';
import { UnreadableTokenProvider } from './unreadableTokenProvider';
import { sendTestCall } from './testCall';
import { WakeDetector } from './wakeDetector';

export interface TunnelOptions {
  /** Settings given at start (headless flags, tokens from the environment); kept like the window's. */
  settings?: UpdateTunnelSettingsRequest;
  /** Where the ngrok SDK dials; only tests set it (loopback stand-ins for ngrok's service). */
  ngrokServerAddr?: string;
  /** Connect-to for public URLs; only tests set it (a loopback relay stands in for DNS). */
  route?: PublicRoute;
  supervisor?: Pick<
    SupervisorOptions,
    'connectTimeoutMs' | 'checkIntervalMs' | 'checkTimeoutMs' | 'recheckDelayMs' | 'verifyDelaysMs' | 'healingDeadlineMs'
  >;
  /** Notice sleep from timer gaps (headless). The desktop shell turns it off and calls resume() from powerMonitor. */
  detectSleep?: boolean;
}

export interface TunnelServiceDeps {
  store: CallStore;
  secrets: SecretStore;
  feed: ChangeFeed;
  target: TunnelTarget;
  webhookPath: () => string;
  signatureSecret: () => string | null;
  version: string;
  options: TunnelOptions;
}

export class TunnelService {
  private supervisor: TunnelSupervisor | null = null;
  private readonly settings: TunnelSettingsStore;
  private readonly listeners = new Set<(status: TunnelStatus) => void>();
  private readonly wake: WakeDetector | null;
  private readonly createdAt = Date.now();
  /** Settings changes one at a time: the old tunnel is fully stopped before the new one starts. */
  private switching: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(private readonly deps: TunnelServiceDeps) {
    this.settings = new TunnelSettingsStore(deps.store, deps.secrets);
    if (deps.options.settings) this.settings.write(deps.options.settings);
    this.wake = deps.options.detectSleep === false ? null : new WakeDetector(() => this.resume());
  }

  start(): void {
    this.supervisor = this.build();
    this.supervisor?.start();
    this.wake?.start();
    this.emit();
  }

  status(): TunnelStatus {
    const settings = this.settings.view();
    const snap = this.supervisor?.snapshot() ?? null;
    const provider = this.supervisor?.provider ?? null;
    const url = snap?.url ?? null;
    const webhookUrl = publicWebhookUrl(url, this.deps.webhookPath());
    const confirmedUrl = this.settings.confirmedUrl();
    return {
      provider: settings.provider,
      state: snap?.state ?? 'off',
      url,
      publicWebhookUrl: webhookUrl,
      confirmedUrl,
      urlChanged: urlNeedsUpdate(webhookUrl, confirmedUrl),
      urlStable: provider?.stableUrl ?? true,
      caveat: provider ? provider.caveat : providerInfo(settings.provider).caveat,
      lastCheck: snap?.lastCheck ?? null,
      verified: snap?.verified ?? false,
      unverifiedReason: snap?.unverifiedReason ?? null,
      error: snap?.problem?.reason ?? null,
      errorCode: snap?.problem?.code ?? null,
      since: new Date(snap?.since ?? this.createdAt).toISOString(),
      attempt: snap?.attempt ?? 0,
      nextAttemptAt: snap?.nextAttemptAt ? new Date(snap.nextAttemptAt).toISOString() : null,
      settings,
      testCalls: this.testCalls(),
    };
  }

  /** Every status change (state, URL, check); returns the function that unsubscribes. */
  onChange(listener: (status: TunnelStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Saves the settings and replaces the running tunnel with the one they describe. */
  updateSettings(update: UpdateTunnelSettingsRequest): Promise<TunnelStatus> {
    const next = this.switching.then(async () => {
      this.settings.write(update);
      if (this.stopped) return this.status();
      await this.supervisor?.stop();
      this.supervisor = this.build();
      this.supervisor?.start();
      this.emit();
      return this.status();
    });
    this.switching = next.catch(() => undefined);
    return next;
  }

  check(): Promise<TunnelCheck> {
    if (!this.supervisor) {
      return Promise.resolve({ at: new Date().toISOString(), ok: false, ms: 0, error: 'No public URL is set up: choose a provider.' });
    }
    return this.supervisor.checkNow();
  }

  restart(): TunnelStatus {
    this.supervisor?.restart();
    return this.status();
  }

  /** The computer woke up: connections made before the sleep are likely dead. */
  resume(): void {
    this.supervisor?.resume();
  }

  /** Records that `url` is now entered in Marketing Edge. Refuses any URL but the current one. */
  confirmUrl(url: string): TunnelStatus {
    const current = this.status().publicWebhookUrl;
    if (current === null || url !== current) throw new RequestError(409, 'That is not the current public webhook URL; reload and confirm again.');
    this.settings.confirmUrl(url);
    this.emit();
    return this.status();
  }

  async sendTestCall(): Promise<TestCallResult> {
    const status = this.status();
    if (status.state !== 'online' || status.publicWebhookUrl === null) {
      return {
        ok: false,
        error: 'The public URL is not online yet: a test call could not reach this app.',
        status: null,
        deliveryId: null,
        callId: null,
        alerted: false,
        ms: 0,
      };
    }
    const result = await sendTestCall({
      publicWebhookUrl: status.publicWebhookUrl,
      feed: this.deps.feed,
      store: this.deps.store,
      secret: this.deps.signatureSecret(),
      route: this.deps.options.route,
    });
    this.emit();
    return result;
  }

  testCalls(): TestCallsResponse {
    return { callIds: this.deps.store.testCallIds(), hidden: this.deps.store.testCallsHidden() };
  }

  setTestCallsHidden(hidden: boolean): TestCallsResponse {
    this.deps.store.setTestCallsHidden(hidden);
    this.emit();
    return this.testCalls();
  }

  deleteTestCalls(): DeleteTestCallsResponse {
    const deleted = this.deps.store.deleteTestCalls();
    this.emit();
    return { deleted };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.stop();
    await this.switching;
    await this.supervisor?.stop();
    this.listeners.clear();
  }

  private build(): TunnelSupervisor | null {
    const provider = this.providerFor();
    if (!provider) return null;
    return new TunnelSupervisor({
      ...this.deps.options.supervisor,
      provider,
      target: this.deps.target,
      webhookPath: this.deps.webhookPath,
      route: this.deps.options.route,
      onChange: () => this.emit(),
    });
  }

  private providerFor(): TunnelProvider | null {
    const s = this.settings.read();
    switch (s.provider) {
      case 'ngrok': {
        const authtoken = this.settings.ngrokAuthtoken();
        if (authtoken === UNREADABLE) return new UnreadableTokenProvider('ngrok', this.deps.secrets.place ?? 'keychain');
        return new NgrokProvider({
          authtoken,
          domain: s.ngrokDomain,
          serverAddr: this.deps.options.ngrokServerAddr,
          version: this.deps.version,
        });
      }
      case 'cloudflared': {
        const token = this.settings.cloudflaredToken();
        if (token === UNREADABLE) return new UnreadableTokenProvider('cloudflared', this.deps.secrets.place ?? 'keychain');
        return new CloudflaredProvider({ token, binaryPath: s.cloudflaredPath });
      }
      case 'localtunnel':
        return new LocaltunnelProvider({ host: s.localtunnelHost, subdomain: s.localtunnelSubdomain ?? '' });
      case 'manual':
        return new ManualProvider(s.manualUrl);
      case 'none':
        return null;
    }
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        console.error('A tunnel status listener failed:', error);
      }
    }
  }
}

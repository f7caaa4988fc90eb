// Tunnel settings: the choice and its options in the settings table, tokens in the secret store (never in
// the database, never sent back to the window).

import { randomBytes } from 'node:crypto';
import type { TunnelSettings, TunnelSettingsView, UpdateTunnelSettingsRequest } from '../../../shared/api';
import { RequestError, validRequest } from '../../../shared/contract/requests';
import type { SecretStore } from '../secrets';
import type { CallStore } from '../store/callStore';

const SETTINGS_KEY = 'tunnel';
const CONFIRMED_URL_KEY = 'tunnelConfirmedUrl';
const SECRET_NGROK_AUTHTOKEN = 'ngrokAuthtoken';
const SECRET_CLOUDFLARED_TOKEN = 'cloudflaredToken';

/** A token the secret store has but could not read: the tunnel that needs it cannot start. */
export const UNREADABLE: unique symbol = Symbol('unreadable token');
export type TokenRead = string | null | typeof UNREADABLE;

const DEFAULT_TUNNEL_SETTINGS: TunnelSettings = {
  provider: 'none',
  ngrokDomain: null,
  cloudflaredPath: null,
  localtunnelHost: null,
  localtunnelSubdomain: null,
  manualUrl: null,
};

/** Reads the update by the contract's rules, or says what is wrong with it (headless mode's flags). */
export function parseTunnelUpdate(body: unknown): UpdateTunnelSettingsRequest | { error: string } {
  try {
    return validRequest('updateTunnelSettings', body ?? {});
  } catch (error) {
    if (error instanceof RequestError) return { error: error.message };
    throw error;
  }
}

export class TunnelSettingsStore {
  constructor(
    private readonly store: CallStore,
    private readonly secrets: SecretStore,
  ) {}

  read(): TunnelSettings {
    const raw = this.store.getSetting(SETTINGS_KEY);
    if (!raw) return { ...DEFAULT_TUNNEL_SETTINGS };
    try {
      return { ...DEFAULT_TUNNEL_SETTINGS, ...(JSON.parse(raw) as Partial<TunnelSettings>) };
    } catch {
      return { ...DEFAULT_TUNNEL_SETTINGS };
    }
  }

  view(): TunnelSettingsView {
    return {
      ...this.read(),
      // A token that cannot be read is still there: the window offers to replace it, not to add one.
      ngrokAuthtokenSet: this.ngrokAuthtoken() !== null,
      cloudflaredTokenSet: this.cloudflaredToken() !== null,
    };
  }

  /** The ngrok authtoken, null when none is kept, or UNREADABLE when the key store would not give it back. */
  ngrokAuthtoken(): TokenRead {
    return this.token(SECRET_NGROK_AUTHTOKEN);
  }

  cloudflaredToken(): TokenRead {
    return this.token(SECRET_CLOUDFLARED_TOKEN);
  }

  private token(name: string): TokenRead {
    try {
      return this.secrets.get(name);
    } catch {
      return UNREADABLE;
    }
  }

  /** Applies a validated update; a localtunnel choice without a subdomain gets a random one, kept for good. */
  write(update: UpdateTunnelSettingsRequest): TunnelSettings {
    const { ngrokAuthtoken, cloudflaredToken, ...plain } = update;
    const next: TunnelSettings = { ...this.read() };
    for (const [key, value] of Object.entries(plain) as [keyof TunnelSettings, unknown][]) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (next.provider === 'localtunnel' && !next.localtunnelSubdomain) {
      next.localtunnelSubdomain = `call-alerts-${randomBytes(6).toString('hex')}`;
    }
    this.store.setSetting(SETTINGS_KEY, JSON.stringify(next));
    if (ngrokAuthtoken !== undefined) this.secrets.set(SECRET_NGROK_AUTHTOKEN, ngrokAuthtoken);
    if (cloudflaredToken !== undefined) this.secrets.set(SECRET_CLOUDFLARED_TOKEN, cloudflaredToken);
    return next;
  }

  confirmedUrl(): string | null {
    return this.store.getSetting(CONFIRMED_URL_KEY);
  }

  confirmUrl(url: string): void {
    this.store.setSetting(CONFIRMED_URL_KEY, url);
  }
}

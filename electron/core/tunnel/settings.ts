// Tunnel settings: the choice and its options in the settings table, tokens in the secret store (never in
// the database, never sent back to the window).

import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { TunnelSettings, TunnelSettingsView, UpdateTunnelSettingsRequest } from '../../../shared/api';
import { TUNNEL_PROVIDER_KINDS } from '../../../shared/tunnel/providers';
import { normalisePublicBase } from '../../../shared/tunnel/publicUrl';
import type { SecretStore } from '../secrets';
import type { CallStore } from '../store/callStore';
import { LOCALTUNNEL_SUBDOMAIN } from './localtunnelProvider';

const SETTINGS_KEY = 'tunnel';
const CONFIRMED_URL_KEY = 'tunnelConfirmedUrl';
const SECRET_NGROK_AUTHTOKEN = 'ngrokAuthtoken';
const SECRET_CLOUDFLARED_TOKEN = 'cloudflaredToken';

const DEFAULT_TUNNEL_SETTINGS: TunnelSettings = {
  provider: 'none',
  ngrokDomain: null,
  cloudflaredPath: null,
  localtunnelHost: null,
  localtunnelSubdomain: null,
  manualUrl: null,
};

const optionalText = (check: z.ZodType<string, string>) =>
  z
    .union([check, z.null()])
    .optional()
    .transform((v) => (v === '' ? null : v));

const httpUrl = z.string().trim().refine((v) => v === '' || normalisePublicBase(v) !== null, 'must be an http(s) address');

const updateSchema = z
  .object({
    provider: z.enum(TUNNEL_PROVIDER_KINDS as [string, ...string[]]).optional(),
    ngrokDomain: optionalText(
      z
        .string()
        .trim()
        .toLowerCase()
        .transform((v) => v.replace(/^https?:\/\//, '').replace(/\/+$/, ''))
        .refine((v) => v === '' || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(v), 'must be a domain like name.ngrok-free.dev'),
    ),
    cloudflaredPath: optionalText(z.string().trim()),
    localtunnelHost: optionalText(httpUrl),
    localtunnelSubdomain: optionalText(
      z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => v === '' || LOCALTUNNEL_SUBDOMAIN.test(v), 'must be 4 to 63 lowercase letters, digits or "-"'),
    ),
    manualUrl: optionalText(httpUrl),
    ngrokAuthtoken: optionalText(z.string().trim().max(512)),
    cloudflaredToken: optionalText(z.string().trim().max(4096)),
  })
  .strict();

/** Reads the update, or says what is wrong with it. */
export function parseTunnelUpdate(body: unknown): UpdateTunnelSettingsRequest | { error: string } {
  const parsed = updateSchema.safeParse(body ?? {});
  if (!parsed.success) {
    return { error: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ') };
  }
  return parsed.data as UpdateTunnelSettingsRequest;
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
      ngrokAuthtokenSet: this.ngrokAuthtoken() !== null,
      cloudflaredTokenSet: this.cloudflaredToken() !== null,
    };
  }

  ngrokAuthtoken(): string | null {
    return this.secrets.get(SECRET_NGROK_AUTHTOKEN);
  }

  cloudflaredToken(): string | null {
    return this.secrets.get(SECRET_CLOUDFLARED_TOKEN);
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

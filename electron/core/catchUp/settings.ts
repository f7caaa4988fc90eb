// Catch-up settings: the provider and base URL in the settings table, the API token and key in the secret
// store (never in the database, never sent back, never in a URL), and what runs leave behind (the cursor,
// the last result, the heartbeat) in the settings table.

import type { CatchUpOutage, CatchUpProvider, CatchUpResult, SaveCatchUpSettingsRequest } from '../../../shared/api';
import { describeIssues } from '../../../shared/contract/requests';
import { saveCatchUpSettingsRequest } from '../../../shared/contract/schemas';
import type { SecretStore } from '../secrets';
import type { CallStore } from '../store/callStore';

const SETTINGS_KEY = 'catchUp';
const PROGRESS_KEY = 'catchUpProgress';
const HEARTBEAT_KEY = 'catchUpHeartbeat';
export const SECRET_VENDOR_TOKEN = 'vendorApiToken';
export const SECRET_VENDOR_KEY = 'vendorApiKey';

/** The vendors' own bases; the app requests `<base>/api/calls`. */
export const DEFAULT_BASE_URLS: Record<Exclude<CatchUpProvider, 'off'>, string> = {
  'marketing-edge': 'https://edgeapi.marchex.io/marketingedge/v5',
  telmetrics: 'https://api.telmetrics.com/v3',
};

export interface CatchUpChoice {
  provider: CatchUpProvider;
  /** null: the vendor's own base. */
  baseUrl: string | null;
}

/** What the runs have established, kept across restarts. */
export interface CatchUpProgress {
  /** Epoch ms: the newest call start time a successful run fully covered. */
  coveredUntil: number | null;
  lastRunAt: number | null;
  lastResult: CatchUpResult | null;
  lastOutage: CatchUpOutage | null;
}

/** A credential as read: its value, null when none is kept, or unreadable (the key store refused). */
export type CredentialRead = { readable: true; value: string | null } | { readable: false };

const NO_PROGRESS: CatchUpProgress = { coveredUntil: null, lastRunAt: null, lastResult: null, lastOutage: null };

/** Reads settings by the contract's rules, the provider optional (kept), or says what is wrong (headless mode's flags). */
export function parseCatchUpSettings(body: unknown): Partial<SaveCatchUpSettingsRequest> | { error: string } {
  const parsed = saveCatchUpSettingsRequest.partial({ provider: true }).safeParse(body);
  return parsed.success ? parsed.data : { error: describeIssues(parsed.error.issues) };
}

function parsed<T>(raw: string | null, fallback: T): T {
  if (!raw) return fallback;
  try {
    return { ...fallback, ...(JSON.parse(raw) as Partial<T>) };
  } catch {
    return fallback;
  }
}

export class CatchUpSettingsStore {
  constructor(
    private readonly store: CallStore,
    private readonly secrets: SecretStore,
  ) {}

  choice(): CatchUpChoice {
    return parsed<CatchUpChoice>(this.store.getSetting(SETTINGS_KEY), { provider: 'off', baseUrl: null });
  }

  /** The base URL requests go to: the one set, or the provider's own; null when off. */
  baseUrl(choice = this.choice()): string | null {
    return choice.provider === 'off' ? null : (choice.baseUrl ?? DEFAULT_BASE_URLS[choice.provider]);
  }

  token(): CredentialRead {
    return this.credential(SECRET_VENDOR_TOKEN);
  }

  key(): CredentialRead {
    return this.credential(SECRET_VENDOR_KEY);
  }

  private credential(name: string): CredentialRead {
    try {
      return { readable: true, value: this.secrets.get(name) };
    } catch {
      return { readable: false };
    }
  }

  /** Applies validated settings: the provider always, the base URL and credentials when present (null clears). */
  write(update: SaveCatchUpSettingsRequest): CatchUpChoice {
    const next: CatchUpChoice = { ...this.choice(), provider: update.provider };
    if (update.baseUrl !== undefined) next.baseUrl = update.baseUrl;
    this.store.setSetting(SETTINGS_KEY, JSON.stringify(next));
    if (update.token !== undefined) this.secrets.set(SECRET_VENDOR_TOKEN, update.token);
    if (update.key !== undefined) this.secrets.set(SECRET_VENDOR_KEY, update.key);
    return next;
  }

  progress(): CatchUpProgress {
    return parsed<CatchUpProgress>(this.store.getSetting(PROGRESS_KEY), NO_PROGRESS);
  }

  saveProgress(progress: CatchUpProgress): void {
    this.store.setSetting(PROGRESS_KEY, JSON.stringify(progress));
  }

  /** Epoch ms the core was last known alive (written every minute while running); null before the first beat. */
  heartbeat(): number | null {
    const raw = this.store.getSetting(HEARTBEAT_KEY);
    const at = raw === null ? NaN : Number(raw);
    return Number.isFinite(at) ? at : null;
  }

  beat(at: number): void {
    this.store.setSetting(HEARTBEAT_KEY, String(at));
  }
}

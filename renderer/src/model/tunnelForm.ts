// The public-URL form: what the person typed, the settings update it makes, and what to warn about before
// saving. Tokens are typed in and sent, never read back: the core only says whether one is set.

import type { TunnelProviderKind, TunnelSettingsView, UpdateTunnelSettingsRequest } from '../../../shared/api';
import { providerInfo, QUICK_TUNNEL_CAVEAT } from '../../../shared/tunnel/providers';

export interface TunnelDraft {
  provider: TunnelProviderKind;
  ngrokAuthtoken: string;
  ngrokDomain: string;
  cloudflaredToken: string;
  cloudflaredPath: string;
  localtunnelHost: string;
  localtunnelSubdomain: string;
  manualUrl: string;
}

/** The providers offered when setting up: "none" is a choice to turn it off, not a way to get a URL. */
export const SETUP_PROVIDERS: readonly TunnelProviderKind[] = ['ngrok', 'cloudflared', 'localtunnel', 'manual'];

/** The form as the saved settings fill it; with no provider yet, the recommended one is preselected. */
export function draftFrom(settings: TunnelSettingsView): TunnelDraft {
  return {
    provider: settings.provider === 'none' ? 'ngrok' : settings.provider,
    ngrokAuthtoken: '',
    ngrokDomain: settings.ngrokDomain ?? '',
    cloudflaredToken: '',
    cloudflaredPath: settings.cloudflaredPath ?? '',
    localtunnelHost: settings.localtunnelHost ?? '',
    localtunnelSubdomain: settings.localtunnelSubdomain ?? '',
    manualUrl: settings.manualUrl ?? '',
  };
}

/**
 * The chosen provider and its own options; a token only when one was typed (empty keeps the saved one). The
 * cloudflared program only where it can be chosen: the core refuses a program path over HTTP.
 */
export function tunnelUpdate(draft: TunnelDraft, canChooseProgram = true): UpdateTunnelSettingsRequest {
  const typed = (value: string) => (value.trim() === '' ? undefined : value.trim());
  switch (draft.provider) {
    case 'ngrok': {
      const ngrokAuthtoken = typed(draft.ngrokAuthtoken);
      return { provider: 'ngrok', ngrokDomain: draft.ngrokDomain.trim(), ...(ngrokAuthtoken ? { ngrokAuthtoken } : {}) };
    }
    case 'cloudflared': {
      const cloudflaredToken = typed(draft.cloudflaredToken);
      const program = canChooseProgram ? { cloudflaredPath: draft.cloudflaredPath.trim() } : {};
      return { provider: 'cloudflared', ...program, ...(cloudflaredToken ? { cloudflaredToken } : {}) };
    }
    case 'localtunnel':
      return { provider: 'localtunnel', localtunnelHost: draft.localtunnelHost.trim(), localtunnelSubdomain: draft.localtunnelSubdomain.trim() };
    case 'manual':
      return { provider: 'manual', manualUrl: draft.manualUrl.trim() };
    case 'none':
      return { provider: 'none' };
  }
}

/** What is missing before the chosen provider can work; null when it can be saved. */
export function missingForProvider(draft: TunnelDraft, settings: TunnelSettingsView): string | null {
  if (draft.provider === 'ngrok' && draft.ngrokAuthtoken.trim() === '' && !settings.ngrokAuthtokenSet) return 'Paste the token ngrok shows you.';
  if (draft.provider === 'manual' && draft.manualUrl.trim() === '') return 'Type your public address (https://…).';
  return null;
}

/** The warning to show beside the choice, as it would run with what is typed and saved. */
export function draftCaveat(draft: TunnelDraft, settings: TunnelSettingsView): string | null {
  if (draft.provider === 'cloudflared' && draft.cloudflaredToken.trim() === '' && !settings.cloudflaredTokenSet) {
    return `Without a token, Cloudflare gives a temporary address. ${QUICK_TUNNEL_CAVEAT}.`;
  }
  if (draft.provider === 'ngrok' && draft.ngrokDomain.trim() === '') {
    return 'Without your free ngrok address, ngrok gives a new one at every start, and Marketing Edge would need it each time.';
  }
  return providerInfo(draft.provider).caveat;
}

const FIELD_LABELS: Record<string, string> = {
  provider: 'Provider',
  ngrokAuthtoken: 'The token ngrok shows you',
  ngrokDomain: 'Your free ngrok address',
  cloudflaredToken: 'The token Cloudflare shows you',
  cloudflaredPath: 'cloudflared program',
  localtunnelHost: 'localtunnel server',
  localtunnelSubdomain: 'Name in the address',
  manualUrl: 'Public address',
};

/** The core's "manualUrl: must be an http(s) address" with the form's own field names. */
export function settingsErrorText(message: string): string {
  return message.replace(/\b(\w+):/g, (match, key: string) => (key in FIELD_LABELS ? `${FIELD_LABELS[key]}:` : match));
}

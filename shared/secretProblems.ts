// What a secret that cannot be read (Keychain "Deny", a locked keyring, a reset key store, a damaged
// secrets file) stops from working, and what to do, in words a receptionist can pass on. Never holds a secret.

import type { SecretPlace, SecretProblem, TunnelProviderKind, UnreadableSecretName } from './api';

const WHAT: Record<UnreadableSecretName, { stops: string; short: string; item: string; where: string }> = {
  webhookSecret: {
    stops: 'Calls still arrive, but their webhook signatures are not checked',
    short: 'signatures not checked',
    item: 'the webhook secret',
    where: 'Settings',
  },
  ngrokAuthtoken: {
    stops: 'The public URL (ngrok) cannot start',
    short: 'the ngrok public URL cannot start',
    item: 'the ngrok authtoken',
    where: 'Settings → Public URL',
  },
  cloudflaredToken: {
    stops: 'The public URL (Cloudflare Tunnel) cannot start',
    short: 'the Cloudflare public URL cannot start',
    item: 'the tunnel token',
    where: 'Settings → Public URL',
  },
  vendorApiToken: {
    stops: 'Calls missed while this PC was off cannot be fetched from Marketing Edge',
    short: 'missed calls cannot be fetched',
    item: 'the API token',
    where: 'Settings → Catch-up',
  },
  vendorApiKey: {
    stops: 'Calls missed while this PC was off cannot be fetched from Marketing Edge',
    short: 'missed calls cannot be fetched',
    item: 'the API subscription key',
    where: 'Settings → Catch-up',
  },
};

const UNLOCK =
  'Unlock the keychain and restart Call Alerts (on a Mac choose "Always Allow" when it asks about Call Alerts; on Linux unlock the login keyring)';

const WHAT_TO_DO: Record<SecretPlace, (item: string, where: string) => string> = {
  keychain: (item, where) => `Call Alerts could not read ${item} from the system keychain. ${UNLOCK}, or enter ${item} again in ${where}.`,
  file: (item, where) =>
    `Call Alerts could not read ${item} from its secrets file (secrets.json in the data folder). Repair or remove that file, restart Call Alerts, and enter ${item} again in ${where}.`,
};

/** The secret a tunnel provider needs, if any. */
const PROVIDER_SECRET: Partial<Record<TunnelProviderKind, UnreadableSecretName>> = { ngrok: 'ngrokAuthtoken', cloudflared: 'cloudflaredToken' };

export function secretProblem(secret: UnreadableSecretName, place: SecretPlace = 'keychain'): SecretProblem {
  const what = WHAT[secret];
  return { secret, short: what.short, text: `${what.stops}: ${WHAT_TO_DO[place](what.item, what.where)}` };
}

/** What is in use that a secret serves: the signature check (any mode but off), the chosen tunnel, catch-up. */
export interface SecretsInUse {
  signatures: boolean;
  provider: TunnelProviderKind;
  /** Catch-up from the vendor's calls API is on: it needs the API token (and Marketing Edge's subscription key). */
  catchUp?: boolean;
}

/**
 * The problems worth telling: of the secrets that could not be read, those a feature in use needs (a token
 * of a tunnel not chosen stops nothing; the webhook token is kept by the call database too).
 */
export function secretProblems(unreadable: Iterable<string>, inUse: SecretsInUse, place: SecretPlace = 'keychain'): SecretProblem[] {
  const names = new Set(unreadable);
  const wanted: UnreadableSecretName[] = inUse.signatures ? ['webhookSecret'] : [];
  const tunnelSecret = PROVIDER_SECRET[inUse.provider];
  if (tunnelSecret) wanted.push(tunnelSecret);
  if (inUse.catchUp) wanted.push('vendorApiToken', 'vendorApiKey');
  return wanted.filter((name) => names.has(name)).map((name) => secretProblem(name, place));
}

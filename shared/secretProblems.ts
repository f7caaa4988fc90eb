// What a secret the system key store would not give back (Keychain "Deny", a locked keyring, a reset key
// store) stops from working, and what to do, in words a receptionist can pass on. Never holds a secret.

import type { SecretProblem, TunnelProviderKind, UnreadableSecretName } from './api';

const UNLOCK =
  'Unlock the keychain and restart Call Alerts (on a Mac choose "Always Allow" when it asks about Call Alerts; on Linux unlock the login keyring)';

const PROBLEMS: Record<UnreadableSecretName, Omit<SecretProblem, 'secret'>> = {
  webhookSecret: {
    short: 'signatures not checked',
    text: `Calls still arrive, but their webhook signatures are not checked: Call Alerts could not read the webhook secret from the system keychain. ${UNLOCK}, or enter the secret again in Settings.`,
  },
  ngrokAuthtoken: {
    short: 'the ngrok public URL cannot start',
    text: `The public URL (ngrok) cannot start: Call Alerts could not read the ngrok authtoken from the system keychain. ${UNLOCK}, or enter the authtoken again in Settings → Public URL.`,
  },
  cloudflaredToken: {
    short: 'the Cloudflare public URL cannot start',
    text: `The public URL (Cloudflare Tunnel) cannot start: Call Alerts could not read the tunnel token from the system keychain. ${UNLOCK}, or enter the token again in Settings → Public URL.`,
  },
};

/** The secret a tunnel provider needs, if any. */
const PROVIDER_SECRET: Partial<Record<TunnelProviderKind, UnreadableSecretName>> = { ngrok: 'ngrokAuthtoken', cloudflared: 'cloudflaredToken' };

export function secretProblem(secret: UnreadableSecretName): SecretProblem {
  return { secret, ...PROBLEMS[secret] };
}

/**
 * The problems worth telling: of the secrets that could not be read, those a feature in use needs (a token
 * of a tunnel not chosen stops nothing; the webhook token is kept by the call database too).
 */
export function secretProblems(unreadable: Iterable<string>, provider: TunnelProviderKind): SecretProblem[] {
  const names = new Set(unreadable);
  const wanted: UnreadableSecretName[] = ['webhookSecret'];
  const tunnelSecret = PROVIDER_SECRET[provider];
  if (tunnelSecret) wanted.push(tunnelSecret);
  return wanted.filter((name) => names.has(name)).map(secretProblem);
}

/** The reason a tunnel gives when the token it needs could not be read. */
export function unreadableTokenReason(secret: 'ngrokAuthtoken' | 'cloudflaredToken'): string {
  return PROBLEMS[secret].text;
}

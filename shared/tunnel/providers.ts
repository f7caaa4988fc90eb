// What the window says about each way of getting a public URL: name, what it needs, and its caveat.

import type { TunnelProviderKind } from '../api';

export interface TunnelProviderInfo {
  kind: TunnelProviderKind;
  label: string;
  summary: string;
  /** Shown beside the name when choosing; null when there is nothing to warn about. */
  caveat: string | null;
  /** Where the person gets what the provider needs. */
  setup: string | null;
}

export const QUICK_TUNNEL_CAVEAT = 'URL changes on every start — for trying only';
export const LOCALTUNNEL_CAVEAT = 'Unreliable: anyone can take the subdomain while the app is off, and traffic to the relay is not encrypted';

export const TUNNEL_PROVIDERS: readonly TunnelProviderInfo[] = [
  {
    kind: 'ngrok',
    label: 'ngrok (recommended)',
    summary: 'A free ngrok account gives one permanent address, so Marketing Edge is set up once.',
    caveat: null,
    setup:
      'Sign up at ngrok.com, then copy your authtoken (dashboard → Your Authtoken) and your free domain (dashboard → Domains, e.g. name.ngrok-free.dev).',
  },
  {
    kind: 'cloudflared',
    label: 'Cloudflare Tunnel',
    summary: 'For a domain you already have on Cloudflare. Needs the cloudflared program installed.',
    caveat: null,
    setup:
      'In Cloudflare Zero Trust → Networks → Tunnels, create a tunnel, add a public hostname pointing to the local webhook address, and copy the tunnel token. Without a token a quick tunnel is used.',
  },
  {
    kind: 'localtunnel',
    label: 'localtunnel',
    summary: 'No account needed.',
    caveat: LOCALTUNNEL_CAVEAT,
    setup: null,
  },
  {
    kind: 'manual',
    label: 'My own public URL',
    summary: 'A router port forward, your own reverse proxy or Tailscale Funnel. The app only checks that it reaches it.',
    caveat: null,
    setup: 'Forward HTTPS on your public address to the local webhook address, then enter the public address.',
  },
  { kind: 'none', label: 'None', summary: 'Receive only on this computer (for testing).', caveat: null, setup: null },
];

export function providerInfo(kind: TunnelProviderKind): TunnelProviderInfo {
  return TUNNEL_PROVIDERS.find((p) => p.kind === kind)!;
}

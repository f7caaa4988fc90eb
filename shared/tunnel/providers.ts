// What the window says about each way of getting a public URL: name, what it needs in plain words, its caveat,
// and the pages where its token or address is made.

import type { TunnelProviderKind } from '../api';

/** A page where the person makes what a provider needs (https only; opened in the system browser). */
export interface ProviderLink {
  label: string;
  href: string;
}

export interface TunnelProviderInfo {
  kind: TunnelProviderKind;
  label: string;
  summary: string;
  /** Shown beside the name when choosing; null when there is nothing to warn about. */
  caveat: string | null;
  /** Where the person gets what the provider needs, in words with no IT terms left unexplained. */
  setup: string | null;
  links: readonly ProviderLink[];
}

/** Why a public address is needed at all: the first thing a new person reads. */
export const WHY_PUBLIC_ADDRESS =
  'Marketing Edge is on the internet; this PC is behind your office router, so calls need a public address that forwards to it.';

export const QUICK_TUNNEL_CAVEAT = 'The address changes every time it starts — for trying only';
export const LOCALTUNNEL_CAVEAT =
  'Unreliable: someone else can take its address while this PC is off, and calls pass through a shared server without encryption';

/** Where Cloudflare offers its free cloudflared program, for each kind of PC. */
export const CLOUDFLARED_DOWNLOADS = 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/downloads/';

/** Tailscale Funnel, said with what it is, everywhere it is named. */
export const TAILSCALE_FUNNEL = 'Tailscale Funnel (a free service that gives this PC a public address)';

export const TUNNEL_PROVIDERS: readonly TunnelProviderInfo[] = [
  {
    kind: 'ngrok',
    label: 'ngrok (recommended)',
    summary: 'Free account, and one address that never changes, so Marketing Edge is set up once.',
    caveat: null,
    setup:
      'Make a free ngrok account, then copy two things from its website: the token ngrok shows you (it calls it your "authtoken"), and your free address (under Domains, like name.ngrok-free.dev).',
    links: [
      { label: 'Make a free ngrok account', href: 'https://dashboard.ngrok.com/signup' },
      { label: 'The token ngrok shows you', href: 'https://dashboard.ngrok.com/get-started/your-authtoken' },
      { label: 'Your free ngrok address', href: 'https://dashboard.ngrok.com/domains' },
    ],
  },
  {
    kind: 'cloudflared',
    label: 'Cloudflare Tunnel',
    summary: "If your business already uses Cloudflare. Needs Cloudflare's free program, cloudflared, installed on this PC.",
    caveat: null,
    setup:
      "First download and install cloudflared, Cloudflare's free program (Call Alerts finds it by itself). Then, in Cloudflare's dashboard, make a tunnel for this PC (Cloudflare's guide shows each step) and copy the token it shows you. Point the tunnel at this PC's own address, under Technical details below. Without a token, a temporary address is used.",
    links: [
      { label: 'Download cloudflared (free)', href: CLOUDFLARED_DOWNLOADS },
      { label: "Cloudflare's dashboard", href: 'https://one.dash.cloudflare.com/' },
      {
        label: "Cloudflare's guide to making a tunnel",
        href: 'https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/get-started/create-remote-tunnel/',
      },
    ],
  },
  {
    kind: 'localtunnel',
    label: 'localtunnel',
    summary: 'No account, for a quick try; unreliable.',
    caveat: LOCALTUNNEL_CAVEAT,
    setup: null,
    links: [],
  },
  {
    kind: 'manual',
    label: 'Your own address',
    summary: `Your office router forwards calls to this PC: ask whoever set up your internet. Or use ${TAILSCALE_FUNNEL}.`,
    caveat: null,
    setup:
      "Ask whoever set up your internet to forward secure web traffic (https) from your office's public address to this PC's own address (under Technical details below), then type the public address here. Call Alerts checks that it really reaches this PC.",
    links: [{ label: 'How to set up Tailscale Funnel', href: 'https://tailscale.com/kb/1223/funnel' }],
  },
  { kind: 'none', label: 'None', summary: 'Receive only on this computer (for testing).', caveat: null, setup: null, links: [] },
];

export function providerInfo(kind: TunnelProviderKind): TunnelProviderInfo {
  return TUNNEL_PROVIDERS.find((p) => p.kind === kind)!;
}

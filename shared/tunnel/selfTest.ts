// What a self-test through the public URL proves. Only an answer from the tunnel's relay can prove the link
// broken; failing to reach the public URL from this PC (office DNS filter, no hairpin NAT, TLS-inspecting
// proxy) says nothing about whether Marketing Edge, out on the internet, can reach it.

import type { TunnelProviderKind } from '../api';

/** What the self-test request came back with: an HTTP answer, or the error that stopped it. */
export type SelfTestOutcome =
  | { kind: 'answer'; status: number; headers: Readonly<Record<string, string | string[] | undefined>>; body: string; echoed: boolean }
  | { kind: 'error'; code: string | undefined; message: string };

/**
 * verified: this app answered. relay-lost: the relay says it does not know the tunnel (reconnect now).
 * wrong-answer: something answered, but not this app (the vendor would get the same: reconnect if it persists).
 * unreachable: no answer from the public side at all (keep the link, say it is unverified, retest later).
 */
export type SelfTestVerdict =
  | { verdict: 'verified'; reason: null }
  | { verdict: 'relay-lost'; reason: string }
  | { verdict: 'wrong-answer'; reason: string }
  | { verdict: 'unreachable'; reason: string };

/** Whether the link stays up after this verdict: this app answered, or this PC could not ask. */
export function keepsLink(verdict: SelfTestVerdict): boolean {
  return verdict.verdict === 'verified' || verdict.verdict === 'unreachable';
}

/** Node's error codes for a certificate that is not the service's (an office proxy inspecting TLS, a block page). */
const CERTIFICATE_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** Why this PC got no answer, as the words inside the parentheses of the unverified reason. */
function whyUnreachable(code: string | undefined, message: string): string {
  if (code && CERTIFICATE_CODES.has(code))
    return "its certificate is not the tunnel service's: an office proxy or filter may be inspecting secure traffic";
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'name not resolved';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'ECONNABORTED':
    case 'EPIPE':
      return 'connection cut';
    case 'TIMEOUT':
    case 'ETIMEDOUT':
      return 'no answer in time';
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'EHOSTUNREACH':
      return 'no route to it';
    case 'EPROTO':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
      return 'the secure connection failed: an office proxy or filter may be in the way';
    default:
      return message.trim() === '' ? (code ?? 'unknown error') : message.trim().split('\n')[0]!;
  }
}

export function unreachableReason(why: string): string {
  return `This PC cannot reach its own public address (${why}); Marketing Edge may still reach it. Send a test call from Marketing Edge to be sure.`;
}

function header(answer: SelfTestOutcome & { kind: 'answer' }, name: string): string {
  const value = answer.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim();
}

/** The relay's own "I do not know this tunnel" answer, per provider; null when the answer is not that. */
function relayLost(provider: TunnelProviderKind, answer: SelfTestOutcome & { kind: 'answer' }): string | null {
  const { status, body } = answer;
  switch (provider) {
    case 'ngrok': {
      // ngrok's error pages carry the code in the body and in the ngrok-error-code header.
      const code = header(answer, 'ngrok-error-code') || (/ERR_NGROK_\d+/.exec(body)?.[0] ?? '');
      if (code === 'ERR_NGROK_3200') return 'ngrok says the endpoint is offline (ERR_NGROK_3200).';
      if (code === 'ERR_NGROK_724') return 'ngrok has no agent serving this endpoint (ERR_NGROK_724).';
      return null;
    }
    case 'cloudflared':
      // Cloudflare answers 530 with error 1033 in the page when no cloudflared is connected for the hostname.
      if (status === 530 || /error code:?\s*1033|\b1033\b.*tunnel/i.test(body))
        return 'Cloudflare says no tunnel is connected for this hostname (error 1033).';
      return null;
    case 'localtunnel':
      // localtunnel-server answers a bare "404" for a subdomain it has no client for; loca.lt a 503 page.
      if (status === 404 && body.trim() === '404') return 'The localtunnel relay does not know this tunnel (404).';
      if (status === 503 && /tunnel unavailable/i.test(body)) return 'The localtunnel relay says the tunnel is unavailable (503).';
      return null;
    case 'manual':
    case 'none':
      return null;
  }
}

/** A public URL's answer that is not this app's, in words. */
export function describeForeignAnswer(status: number, body: string): string {
  const ngrokCode = /ERR_NGROK_\d+/.exec(body)?.[0];
  if (ngrokCode === 'ERR_NGROK_3200') return 'ngrok says the endpoint is offline (ERR_NGROK_3200).';
  if (ngrokCode === 'ERR_NGROK_8012') return "ngrok reached this PC but not the app's webhook listener (ERR_NGROK_8012).";
  if (ngrokCode) return `ngrok answered HTTP ${status} (${ngrokCode}).`;
  if (status === 404) return 'The public URL answered 404: it does not lead to this app (or to a different webhook token).';
  if (status >= 502 && status <= 504) return `The public URL answered ${status}: the tunnel could not reach this app.`;
  if (status === 200) return 'Something other than this app answered at the public URL.';
  return `The public URL answered HTTP ${status}.`;
}

export function classifySelfTest(provider: TunnelProviderKind, outcome: SelfTestOutcome): SelfTestVerdict {
  if (outcome.kind === 'error') return { verdict: 'unreachable', reason: unreachableReason(whyUnreachable(outcome.code, outcome.message)) };
  if (outcome.status === 200 && outcome.echoed) return { verdict: 'verified', reason: null };
  // A proxy between this PC and the internet wants a login: the request never left the office.
  if (outcome.status === 407) return { verdict: 'unreachable', reason: unreachableReason('a proxy on this network asks for a login') };
  const lost = relayLost(provider, outcome);
  if (lost) return { verdict: 'relay-lost', reason: lost };
  return { verdict: 'wrong-answer', reason: describeForeignAnswer(outcome.status, outcome.body) };
}

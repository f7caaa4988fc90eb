// Why a tunnel is down, in words a person can act on, and whether trying again can help.

import type { TunnelProblemCode } from '../api';

export interface TunnelProblem {
  code: TunnelProblemCode;
  reason: string;
  /** Failures in a row with this code after which retrying stops (0: at once); null: retry for ever. */
  giveUpAfter: number | null;
}

export function tunnelProblem(code: TunnelProblemCode, reason: string, giveUpAfter: number | null = null): TunnelProblem {
  return { code, reason, giveUpAfter };
}

/** A domain held by a stale session (the PC slept) frees itself within minutes; longer, it is held elsewhere. */
export const DOMAIN_IN_USE_ATTEMPTS = 8;

/** Whether `problem`, seen `consecutive` times in a row, means retrying should stop. */
export function shouldGiveUp(problem: TunnelProblem, consecutive: number): boolean {
  return problem.giveUpAfter !== null && consecutive > problem.giveUpAfter;
}

const NETWORK_PATTERNS = [
  /failed to establish tcp connection/i,
  /\bENOTFOUND\b|\bEAI_AGAIN\b|no such host|failed to lookup|dns (query|resolution)/i,
  /\bENETUNREACH\b|\bEHOSTUNREACH\b|network is unreachable|no route to host/i,
  /\bECONNREFUSED\b|connection refused/i,
  /\bECONNRESET\b|connection reset/i,
  /tls handshake/i,
];

/** A transport failure (DNS, refused, reset, TLS): almost always the internet connection or a firewall. */
export function isNetworkFailure(message: string): boolean {
  return NETWORK_PATTERNS.some((p) => p.test(message));
}

function firstLine(message: string): string {
  return (
    message
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? message.trim()
  );
}

/** ngrok's error (message, and `errorCode` when the SDK copied the ERR_NGROK_ code out of it) in plain words. */
export function ngrokProblem(message: string, errorCode?: string | null): TunnelProblem {
  const code = errorCode ?? /ERR_NGROK_\d+/.exec(message)?.[0] ?? null;
  switch (code) {
    case 'ERR_NGROK_105':
    case 'ERR_NGROK_106':
    case 'ERR_NGROK_107':
      return tunnelProblem('bad-token', `ngrok refused the authtoken (${code}): copy it again from dashboard.ngrok.com → Your Authtoken.`, 0);
    case 'ERR_NGROK_4018':
      return tunnelProblem('missing-token', `ngrok needs your account's authtoken (${code}): copy it from dashboard.ngrok.com → Your Authtoken.`, 0);
    case 'ERR_NGROK_102':
    case 'ERR_NGROK_103':
      return tunnelProblem('account-blocked', `ngrok says the account cannot be used right now (${code}): check dashboard.ngrok.com.`, 0);
    case 'ERR_NGROK_108':
      return tunnelProblem(
        'too-many-sessions',
        `Another ngrok agent is already running on this account (${code}): the free plan allows one. Stop it, or wait if it was this PC before it slept.`,
        DOMAIN_IN_USE_ATTEMPTS,
      );
    case 'ERR_NGROK_334':
      return tunnelProblem(
        'domain-in-use',
        `The ngrok domain is already online elsewhere (${code}): another computer or program is using it, or this PC's session from before it slept has not expired yet.`,
        DOMAIN_IN_USE_ATTEMPTS,
      );
    default:
      break;
  }
  if (code) return tunnelProblem('unknown', `ngrok refused the connection (${code}): ${firstLine(message.replace(code, ''))}`);
  if (isNetworkFailure(message)) {
    return tunnelProblem('no-internet', `Cannot reach ngrok: check the internet connection or firewall (${firstLine(message)}).`);
  }
  return tunnelProblem('unknown', `ngrok: ${firstLine(message)}`);
}

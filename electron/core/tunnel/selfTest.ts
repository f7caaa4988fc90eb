// One self-test: GET <public webhook URL>?echo=<random> from this PC, out and back in through the tunnel,
// and what its outcome proves about the link.

import { randomBytes } from 'node:crypto';
import type { TunnelCheck, TunnelProviderKind } from '../../../shared/api';
import { classifySelfTest, type SelfTestOutcome, type SelfTestVerdict } from '../../../shared/tunnel/selfTest';
import { publicRequest, type PublicRoute } from './publicHttp';

export interface SelfTestResult {
  check: TunnelCheck;
  verdict: SelfTestVerdict;
}

/** A self-test that was not made (no link yet, or cut short): proves nothing either way. */
export function notChecked(error: string): SelfTestResult {
  return { check: { at: new Date().toISOString(), ok: false, ms: 0, error }, verdict: { verdict: 'wrong-answer', reason: error } };
}

export async function runSelfTest(
  provider: TunnelProviderKind,
  webhookUrl: string,
  options: { timeoutMs: number; route?: PublicRoute; signal?: AbortSignal },
): Promise<SelfTestResult> {
  const at = new Date().toISOString();
  const echo = randomBytes(12).toString('base64url');
  let outcome: SelfTestOutcome;
  let ms = 0;
  try {
    const res = await publicRequest(`${webhookUrl}?echo=${echo}`, { method: 'GET', ...options });
    ms = res.ms;
    outcome = { kind: 'answer', status: res.status, headers: res.headers, body: res.body, echoed: res.body === echo };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    outcome = { kind: 'error', code: e?.code, message: e?.message ?? String(error) };
  }
  const verdict = classifySelfTest(provider, outcome);
  return { check: { at, ok: verdict.verdict === 'verified', ms, error: verdict.reason }, verdict };
}

// "Send a test call": a sample Call Start posted to the public webhook URL, so it travels the whole way a
// real one does (internet, tunnel, listener, database, alert), then marked as a test.

import { randomBytes } from 'node:crypto';
import type { TestCallResult } from '../../../shared/api';
import { TEST_CALLER_NUMBER, testCallStartBody } from '../../../shared/tunnel/testCall';
import type { ChangeFeed } from '../changeFeed';
import { signatureOf } from '../ingest/signature';
import type { CallStore } from '../store/callStore';
import { describeForeignAnswer } from '../../../shared/tunnel/selfTest';
import { describeRequestError, publicRequest, type PublicRoute } from './publicHttp';

export interface TestCallDeps {
  publicWebhookUrl: string;
  feed: ChangeFeed;
  store: CallStore;
  /** The signature secret, so the test passes "enforce" as the vendor's signed deliveries do. */
  secret: string | null;
  route?: PublicRoute;
  timeoutMs?: number;
  /** How long to wait for the alert after the delivery was acknowledged. */
  alertWaitMs?: number;
}

export async function sendTestCall(deps: TestCallDeps): Promise<TestCallResult> {
  const started = performance.now();
  const result = (fields: Partial<TestCallResult>): TestCallResult => ({
    ok: false,
    error: null,
    status: null,
    deliveryId: null,
    callId: null,
    alerted: false,
    ...fields,
    ms: Math.round(performance.now() - started),
  });

  // Listen before sending: the alert is published as soon as the delivery commits, maybe before the answer.
  const alerted = new Set<number>();
  let onAlert: ((callId: number) => void) | null = null;
  const unsubscribe = deps.feed.onCall((event) => {
    if (event.call.callerNumber !== TEST_CALLER_NUMBER || event.alert === null) return;
    alerted.add(event.call.id);
    onAlert?.(event.call.id);
  });
  try {
    const body = testCallStartBody(Date.now(), randomBytes(9).toString('base64url'));
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (deps.secret) headers['ms-signature'] = signatureOf(Buffer.from(body, 'utf8'), deps.secret);
    let res;
    try {
      res = await publicRequest(deps.publicWebhookUrl, { method: 'POST', headers, body, timeoutMs: deps.timeoutMs ?? 15_000, route: deps.route });
    } catch (error) {
      return result({ error: `The test call did not get through: ${describeRequestError(error, deps.publicWebhookUrl)}` });
    }
    let answer: { ok?: boolean; delivery?: number; outcome?: string } = {};
    try {
      answer = JSON.parse(res.body) as typeof answer;
    } catch {
      // Not this app's answer: described below.
    }
    if (res.status !== 200 || typeof answer.delivery !== 'number') {
      const why =
        res.status === 200
          ? describeForeignAnswer(res.status, res.body)
          : `${describeForeignAnswer(res.status, res.body)} ${res.body.slice(0, 200)}`.trim();
      return result({ status: res.status, error: `The test call did not get through: ${why}` });
    }
    const deliveryId = answer.delivery;
    const callId = deps.store.markTestCalls(deliveryId)[0] ?? null;
    if (answer.outcome !== 'accepted' || callId === null) {
      return result({
        status: res.status,
        deliveryId,
        error: `The test call arrived but was not stored as a call (outcome: ${answer.outcome ?? 'unknown'}).`,
      });
    }
    if (!alerted.has(callId)) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deps.alertWaitMs ?? 2000);
        onAlert = (id) => {
          if (id !== callId) return;
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const ok = alerted.has(callId);
    return result({ ok, status: res.status, deliveryId, callId, alerted: ok, error: ok ? null : 'The test call was stored but raised no alert.' });
  } finally {
    unsubscribe();
  }
}

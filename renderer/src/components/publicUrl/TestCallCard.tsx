// The test call through the public URL, and the test calls in the history: hidden from the list, or deleted.

import { useState } from 'react';
import type { TunnelStatus } from '../../../../shared/api';
import type { Outcome, TunnelState } from '../../data/tunnel';
import { testCallCount } from '../../format/tunnel';
import { Feedback } from '../Feedback';

export function TestCallCard({ status, tunnel, onOpenCall }: { status: TunnelStatus; tunnel: TunnelState; onOpenCall(id: number): void }) {
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<(Outcome & { callId: number | null }) | null>(null);
  const [message, setMessage] = useState<Outcome | null>(null);
  // The box shows the choice at once and keeps it until the core's push confirms it (the push can come after
  // the request's answer: going back to the old status meanwhile flipped the box back for a moment).
  const [hiding, setHiding] = useState<boolean | null>(null);
  const online = status.state === 'online';
  const { callIds } = status.testCalls;
  if (hiding !== null && status.testCalls.hidden === hiding) setHiding(null);
  const hidden = hiding ?? status.testCalls.hidden;
  return (
    <section className="card" aria-labelledby="test-call-title">
      <h3 id="test-call-title">Step 2: Send a test call</h3>
      <p>
        Sends a sample call to the public address, the way Marketing Edge does: it comes in from the internet, is stored, and raises an alert. The
        caller is <strong>TEST CALL (Call Alerts)</strong>.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={!online || sending}
          onClick={async () => {
            setSending(true);
            setResult(null);
            setResult(await tunnel.sendTestCall());
            setSending(false);
          }}
        >
          {sending ? 'Sending…' : 'Send a test call'}
        </button>
        {!online && <span className="muted form-actions__note">Available once the public address is online (step 1).</span>}
      </div>
      {result && (
        <div
          className={`notice test-call__result ${result.ok ? 'notice--ok' : 'notice--error'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid="test-call-result"
        >
          {result.ok && <strong className="test-call__received">Test call received. </strong>}
          {result.text}
          {result.ok && result.callId !== null && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={() => onOpenCall(result.callId!)}>
                Open the test call
              </button>
            </>
          )}
        </div>
      )}

      <div className="test-calls">
        <p data-testid="test-call-count">
          {callIds.length === 0 ? 'No test calls in the history.' : `In the history: ${testCallCount(callIds.length)}.`}
        </p>
        <label className="check">
          <input
            type="checkbox"
            checked={hidden}
            onChange={async (e) => {
              setHiding(e.target.checked);
              const failure = await tunnel.setTestCallsHidden(e.target.checked);
              setMessage(failure);
              if (failure) setHiding(null);
            }}
          />
          Hide test calls <span className="muted">from the call list and searches</span>
        </label>
        {callIds.length > 0 && (
          <div className="form-actions">
            <button type="button" className="button button--small button--danger" onClick={async () => setMessage(await tunnel.deleteTestCalls())}>
              Delete test calls
            </button>
          </div>
        )}
      </div>
      <Feedback message={message} />
    </section>
  );
}

// The public URL (tunnel): first-run setup (choose a provider, paste what it needs, watch it come online),
// then its status with the URL to copy, the self-test, the test call and the provider's settings.
// Tokens are typed in, never shown back: the core only says whether one is set.

import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TunnelProviderKind, TunnelSettingsView, TunnelStatus } from '../../../shared/api';
import { formatWhen } from '../../../shared/format';
import { providerInfo } from '../../../shared/tunnel/providers';
import { useNow } from '../data/time';
import type { Outcome, TunnelState } from '../data/tunnel';
import { checkSummary, retryLine, STATE_LABELS, testCallCount } from '../format/tunnel';
import { draftCaveat, draftFrom, missingForProvider, SETUP_PROVIDERS, tunnelUpdate, type TunnelDraft } from '../model/tunnelForm';
import { WebhookUrlValue } from './WebhookUrl';
import { Feedback } from './Feedback';

interface Props {
  tunnel: TunnelState;
  /** The webhook listener on this PC: what a port forward or proxy must reach. */
  localWebhookUrl: string | null;
  onOpenCall(id: number): void;
}

export function PublicUrlView({ tunnel, localWebhookUrl, onOpenCall }: Props) {
  const { status, error } = tunnel;
  const settingUp = status !== null && status.provider === 'none';
  return (
    <section className="page public-url" aria-labelledby="public-url-title">
      <div className="page__head">
        <h2 id="public-url-title">Public URL</h2>
        <p className="muted">Marketing Edge sends each call's webhooks to a public address that forwards them to this computer.</p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not read the public URL's status: {error}
        </p>
      )}
      {status && settingUp && <Setup status={status} tunnel={tunnel} localWebhookUrl={localWebhookUrl} />}
      {status && !settingUp && (
        <>
          <StatusCard status={status} tunnel={tunnel} />
          <TestCallCard status={status} tunnel={tunnel} onOpenCall={onOpenCall} />
          <section className="card" aria-labelledby="provider-title">
            <h3 id="provider-title">Provider</h3>
            <ProviderForm settings={status.settings} save={tunnel.save} localWebhookUrl={localWebhookUrl} choices={[...SETUP_PROVIDERS, 'none']} submitLabel="Save and reconnect" />
          </section>
        </>
      )}
    </section>
  );
}

function Setup({ status, tunnel, localWebhookUrl }: { status: TunnelStatus; tunnel: TunnelState; localWebhookUrl: string | null }) {
  return (
    <section className="card setup" aria-labelledby="setup-title">
      <h3 id="setup-title">Set up a public URL</h3>
      <p>
        Calls can reach this computer only through a public address. Choose how to get one, give it what it needs, and save: Call
        Alerts connects and checks that the address really reaches it. Then you copy the address into Marketing Edge and send a test
        call.
      </p>
      <ProviderForm settings={status.settings} save={tunnel.save} localWebhookUrl={localWebhookUrl} choices={SETUP_PROVIDERS} submitLabel="Save and connect" />
    </section>
  );
}

const STATE_HINTS: Record<TunnelStatus['state'], string> = {
  off: '',
  starting: 'Connecting and checking that the address reaches this computer…',
  online: 'A test request through the public URL reached this computer.',
  reconnecting: '',
  failed: '',
};

function StatusCard({ status, tunnel }: { status: TunnelStatus; tunnel: TunnelState }) {
  // The retry countdown ticks each second; otherwise the clock only needs to move the "today 2:14 PM" words.
  const now = useNow(status.state === 'reconnecting' ? 1000 : 30_000);
  const [busy, setBusy] = useState<'check' | 'restart' | null>(null);
  const [message, setMessage] = useState<Outcome | null>(null);
  const retry = retryLine(status, now);
  const run = async (which: 'check' | 'restart') => {
    setBusy(which);
    setMessage(which === 'check' ? await tunnel.check() : await tunnel.restart());
    setBusy(null);
  };
  const info = providerInfo(status.provider);
  return (
    <section className="card tunnel-status" aria-labelledby="tunnel-status-title">
      <h3 id="tunnel-status-title">Status</h3>
      <div className="tunnel-status__state" aria-live="polite">
        <span className={`state-pill state-pill--${status.state}`} data-testid="tunnel-state">
          {STATE_LABELS[status.state]}
        </span>
        <span className="muted">
          {info.label} · since {formatWhen(status.since, now, undefined, true)}
        </span>
      </div>
      {STATE_HINTS[status.state] && <p className="muted">{STATE_HINTS[status.state]}</p>}
      {status.error && status.state !== 'online' && (
        <div className="notice notice--error tunnel-status__problem" data-testid="tunnel-error">
          <p>{status.error}</p>
          {retry && <p className="tunnel-status__retry">{retry}</p>}
        </div>
      )}
      {status.caveat && <p className="notice notice--warn">{status.caveat}</p>}
      {!status.caveat && !status.urlStable && (
        <p className="notice notice--warn">This address changes every time the tunnel starts: Marketing Edge will need the new one each time.</p>
      )}

      <div className="webhook-url tunnel-status__url">
        <WebhookUrlValue
          id="public-webhook-url-label"
          label="Webhook URL for Marketing Edge"
          url={status.publicWebhookUrl}
          copyLabel="Copy public webhook URL"
          testId="public-webhook-url"
          pending={`No public address yet${status.state === 'starting' ? ': waiting for the tunnel…' : '.'}`}
        />
        {status.publicWebhookUrl && (
          <p className="muted">
            {status.urlChanged
              ? 'Not confirmed as entered in Marketing Edge yet: see the banner above.'
              : 'This is the URL you confirmed is entered in Marketing Edge.'}
          </p>
        )}
      </div>

      <dl className="facts tunnel-status__facts">
        <div className="facts__row">
          <dt>Last self-test</dt>
          <dd data-testid="tunnel-last-check">{checkSummary(status.lastCheck, now)}</dd>
        </div>
      </dl>
      <div className="form-actions">
        <button type="button" className="button button--small" disabled={busy !== null || status.state === 'starting'} onClick={() => void run('check')}>
          {busy === 'check' ? 'Checking…' : 'Check now'}
        </button>
        <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void run('restart')}>
          Reconnect
        </button>
      </div>
      <Feedback message={message} />
    </section>
  );
}

function TestCallCard({ status, tunnel, onOpenCall }: { status: TunnelStatus; tunnel: TunnelState; onOpenCall(id: number): void }) {
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<(Outcome & { callId: number | null }) | null>(null);
  const [message, setMessage] = useState<Outcome | null>(null);
  // The box shows the choice at once and keeps it until the core's push confirms it (the push can come after
  // the request's answer: going back to the old status meanwhile flipped the box back for a moment).
  const [hiding, setHiding] = useState<boolean | null>(null);
  const online = status.state === 'online';
  const { callIds } = status.testCalls;
  const hidden = hiding ?? status.testCalls.hidden;
  useEffect(() => {
    if (hiding !== null && status.testCalls.hidden === hiding) setHiding(null);
  }, [hiding, status.testCalls.hidden]);
  return (
    <section className="card" aria-labelledby="test-call-title">
      <h3 id="test-call-title">Test call</h3>
      <p>
        Sends a sample Call Start to the public URL, the way Marketing Edge does: it travels through the tunnel, is stored, and raises
        an alert. The caller is <strong>TEST CALL (Call Alerts)</strong>.
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
        {!online && <span className="muted form-actions__note">Available once the public URL is online.</span>}
      </div>
      {result && (
        <div className={`notice test-call__result ${result.ok ? 'notice--ok' : 'notice--error'}`} role={result.ok ? 'status' : 'alert'} data-testid="test-call-result">
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

interface FormProps {
  settings: TunnelSettingsView;
  save: TunnelState['save'];
  localWebhookUrl: string | null;
  choices: readonly TunnelProviderKind[];
  submitLabel: string;
}

function ProviderForm({ settings, save, localWebhookUrl, choices, submitLabel }: FormProps) {
  const [draft, setDraft] = useState<TunnelDraft>(() => draftFrom(settings));
  const [message, setMessage] = useState<Outcome | null>(null);
  const [saving, setSaving] = useState(false);
  // Saved settings coming back (this window or another) refill the form; typed tokens are dropped with them.
  // In the same render that shows them, so "Saved" never appears beside the token still in its box.
  const savedKey = JSON.stringify(settings);
  const [draftOf, setDraftOf] = useState(savedKey);
  if (draftOf !== savedKey) {
    setDraftOf(savedKey);
    setDraft(draftFrom(settings));
  }
  const set = (change: Partial<TunnelDraft>) => setDraft((d) => ({ ...d, ...change }));
  const missing = missingForProvider(draft, settings);
  const caveat = draftCaveat(draft, settings);
  const help = providerInfo(draft.provider).setup;
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing) {
      setMessage({ ok: false, text: missing });
      return;
    }
    setSaving(true);
    setMessage(await save(tunnelUpdate(draft)));
    setSaving(false);
  };
  const removeToken = async (which: 'ngrokAuthtoken' | 'cloudflaredToken') => {
    setMessage(await save({ [which]: null }));
  };

  return (
    <form className="provider-form" onSubmit={(e) => void submit(e)}>
      <fieldset className="provider-choices">
        <legend>How this computer gets a public address</legend>
        {choices.map((kind) => {
          const info = providerInfo(kind);
          return (
            <label key={kind} className={`provider-choice${draft.provider === kind ? ' provider-choice--chosen' : ''}`}>
              <input type="radio" name={`${id}-provider`} value={kind} checked={draft.provider === kind} onChange={() => set({ provider: kind })} />
              <span className="provider-choice__text">
                <strong>{info.label}</strong>
                <span className="muted">{info.summary}</span>
                {info.caveat && <span className="provider-choice__caveat">{info.caveat}</span>}
              </span>
            </label>
          );
        })}
      </fieldset>

      {draft.provider !== 'none' && (
        <div className="provider-fields">
          {help && <p className="provider-fields__help">{help}</p>}
          {draft.provider === 'ngrok' && (
            <>
              <TokenField
                label="ngrok authtoken"
                set={settings.ngrokAuthtokenSet}
                value={draft.ngrokAuthtoken}
                onChange={(v) => set({ ngrokAuthtoken: v })}
                onRemove={() => void removeToken('ngrokAuthtoken')}
              />
              <TextField label="Your ngrok domain" value={draft.ngrokDomain} placeholder="name.ngrok-free.dev" onChange={(v) => set({ ngrokDomain: v })} />
            </>
          )}
          {draft.provider === 'cloudflared' && (
            <>
              <TokenField
                label="Tunnel token"
                set={settings.cloudflaredTokenSet}
                value={draft.cloudflaredToken}
                onChange={(v) => set({ cloudflaredToken: v })}
                onRemove={() => void removeToken('cloudflaredToken')}
                note="Optional: without one, a quick tunnel is used."
              />
              <TextField
                label="cloudflared program (optional)"
                value={draft.cloudflaredPath}
                placeholder="Found on its own when installed in the usual place"
                onChange={(v) => set({ cloudflaredPath: v })}
              />
              {localWebhookUrl && <LocalTarget url={localWebhookUrl}>Point the tunnel's public hostname at</LocalTarget>}
            </>
          )}
          {draft.provider === 'localtunnel' && (
            <>
              <TextField
                label="Subdomain (optional)"
                value={draft.localtunnelSubdomain}
                placeholder="Chosen for you and kept"
                onChange={(v) => set({ localtunnelSubdomain: v })}
              />
              <TextField
                label="Relay (optional)"
                value={draft.localtunnelHost}
                placeholder="https://localtunnel.me"
                onChange={(v) => set({ localtunnelHost: v })}
              />
            </>
          )}
          {draft.provider === 'manual' && (
            <>
              <TextField label="Public address" value={draft.manualUrl} placeholder="https://hooks.example.com" onChange={(v) => set({ manualUrl: v })} />
              {localWebhookUrl && <LocalTarget url={localWebhookUrl}>Forward it to</LocalTarget>}
            </>
          )}
        </div>
      )}
      {caveat && (
        <p className="notice notice--warn" data-testid="provider-caveat">
          {caveat}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          {saving ? 'Saving…' : draft.provider === 'none' ? 'Turn off the public URL' : submitLabel}
        </button>
      </div>
      <Feedback message={message} />
    </form>
  );
}

function LocalTarget({ url, children }: { url: string; children: ReactNode }) {
  return (
    <p className="muted">
      {children} <code>{new URL(url).origin}</code> (the webhook listener on this computer).
    </p>
  );
}

function TextField({ label, value, placeholder, onChange }: { label: string; value: string; placeholder: string; onChange(value: string): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input className="input" type="text" spellCheck={false} autoComplete="off" value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

interface TokenProps {
  label: string;
  set: boolean;
  value: string;
  note?: string;
  onChange(value: string): void;
  onRemove(): void;
}

/** A token goes in through a password box and is never shown back: only whether one is saved. */
function TokenField({ label, set, value, note, onChange, onRemove }: TokenProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <input
        id={`${id}-input`}
        className="input"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-describedby={`${id}-state`}
        placeholder={set ? 'Leave empty to keep the saved token' : 'Paste it here'}
        onChange={(e) => onChange(e.target.value)}
      />
      <span className="field__note" id={`${id}-state`}>
        <span className={`badge badge--small ${set ? 'badge--answered' : ''}`} data-testid="token-state">
          {set ? 'Saved' : 'Not set'}
        </span>{' '}
        {set ? 'Type a new one to replace it.' : note}
        {set && (
          <>
            {' '}
            <button type="button" className="link-button" onClick={onRemove}>
              Remove the saved token
            </button>
          </>
        )}
      </span>
    </div>
  );
}

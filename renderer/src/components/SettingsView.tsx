// Settings: the webhook URL and token, the phone lines' labels, catch-up from the vendor's calls API, the
// signature check, which calls alert and when not (and this desk's name, kept with every call-back change),
// where the data lives, and CSV export of the calls the current filters show.

import { useState, type FormEvent } from 'react';
import type { AlertPreferences, SettingsResponse, SignatureModeSetting } from '../../../shared/api';
import { notificationPermission, type NotificationPermissionState } from '../data/alerts';
import type { CatchUpState } from '../data/catchUp';
import { useTransport, type SettingsState } from '../data/settings';
import { CopyButton } from './CopyButton';
import { CatchUpSettings } from './CatchUpSettings';
import { ConfirmedAction } from './ConfirmedAction';
import { Feedback } from './Feedback';
import { LinesSettings } from './LinesSettings';

interface Props {
  state: SettingsState;
  catchUp: CatchUpState;
  now: number;
  filtersDescription: string;
  onExport(): void;
}

export function SettingsView({ state, catchUp, now, filtersDescription, onExport }: Props) {
  const { settings, error } = state;
  return (
    <section className="page settings" aria-labelledby="settings-title">
      <div className="page__head">
        <h2 id="settings-title">Settings</h2>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load settings: {error}
        </p>
      )}
      {settings && (
        <>
          <WebhookSection settings={settings} regenerate={state.regenerateToken} />
          <LinesSettings />
          <CatchUpSettings catchUp={catchUp} now={now} />
          <SignatureSection settings={settings} save={state.save} />
          <AlertsSection alerts={settings.alerts} deskName={settings.deskName} save={state.save} />
          <section className="card" aria-labelledby="data-title">
            <h3 id="data-title">Data</h3>
            <p>Calls are stored in this folder (an SQLite database and the raw webhooks):</p>
            <div className="webhook-url__row">
              <code className="path">{settings.dataDir}</code>
              <CopyButton text={settings.dataDir} label="Copy data folder path" />
            </div>
            <p className="muted">Call Alerts {settings.version}</p>
          </section>
          <section className="card" aria-labelledby="export-title">
            <h3 id="export-title">Export</h3>
            <p>
              Save {filtersDescription} as a CSV file for a spreadsheet. Cells that a spreadsheet would run as a formula are written as plain text.
            </p>
            <button type="button" className="button" onClick={onExport}>
              Export calls to CSV
            </button>
          </section>
        </>
      )}
    </section>
  );
}

function WebhookSection({ settings, regenerate }: { settings: SettingsResponse; regenerate: SettingsState['regenerateToken'] }) {
  return (
    <section className="card" aria-labelledby="webhook-title">
      <h3 id="webhook-title">Webhook</h3>
      <p>The webhook listener on this PC. Marketing Edge reaches it through the public URL (the Public URL view has the address to give it):</p>
      <div className="webhook-url__row">
        <code className="webhook-url__value" data-testid="settings-webhook-url">
          {settings.webhookUrl}
        </code>
        <CopyButton text={settings.webhookUrl} label="Copy webhook URL" />
      </div>
      <p className="muted">
        Token: <code>{settings.webhookToken}</code>
      </p>
      <ConfirmedAction
        label="Regenerate token…"
        confirmLabel="Regenerate now"
        id="regen-warning"
        warning={
          <>
            <strong>The current webhook URL stops working at once.</strong> Calls are lost until you paste the new URL into Marketing Edge.
          </>
        }
        run={regenerate}
        done="New token made. Update the URL in Marketing Edge now."
      />
    </section>
  );
}

const MODES: [SignatureModeSetting, string, string][] = [
  ['off', 'Off', 'Signatures are not checked.'],
  ['report', 'Report', 'Checked and recorded on each delivery; nothing is refused.'],
  ['enforce', 'Enforce', 'Deliveries without a valid signature are refused (401).'],
];

function SignatureSection({ settings, save }: { settings: SettingsResponse; save: SettingsState['save'] }) {
  const [mode, setMode] = useState(settings.signature.mode);
  const [secret, setSecret] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Saved settings coming back refill the choice.
  const [modeOf, setModeOf] = useState(settings.signature.mode);
  if (modeOf !== settings.signature.mode) {
    setModeOf(settings.signature.mode);
    setMode(settings.signature.mode);
  }

  const submit = async (event: FormEvent, clear = false) => {
    event.preventDefault();
    const failure = await save({
      signature: clear ? { mode: 'off', secret: null } : { mode, ...(secret.trim() ? { secret: secret.trim() } : {}) },
    });
    if (!failure) setSecret('');
    setMessage(failure ? { ok: false, text: failure } : { ok: true, text: 'Signature settings saved.' });
  };

  return (
    <section className="card" aria-labelledby="signature-title">
      <h3 id="signature-title">Signature check</h3>
      <p className="muted">
        Marketing Edge can sign each delivery (<code>ms-signature</code>) with a secret set on the webhook.{' '}
        {settings.signature.secretSet ? 'A secret is set.' : 'No secret is set.'}
      </p>
      <form onSubmit={(e) => void submit(e)}>
        <fieldset className="radios">
          <legend>Mode</legend>
          {MODES.map(([value, label, help]) => (
            <label key={value} className="radio">
              <input type="radio" name="signature-mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              <span>
                <strong>{label}</strong> <span className="muted">{help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{settings.signature.secretSet ? 'Replace the secret' : 'Secret'}</span>
          <input
            className="input"
            type="password"
            autoComplete="off"
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
            placeholder={settings.signature.secretSet ? 'Leave empty to keep the current secret' : 'The secret from Marketing Edge'}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="button button--small">
            Save signature settings
          </button>
          {settings.signature.secretSet && (
            <button type="button" className="button button--ghost button--small" onClick={(e) => void submit(e, true)}>
              Remove secret
            </button>
          )}
        </div>
      </form>
      <Feedback message={message} />
    </section>
  );
}

function AlertsSection({ alerts, deskName, save }: { alerts: AlertPreferences; deskName: string; save: SettingsState['save'] }) {
  const [draft, setDraft] = useState(alerts);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const transport = useTransport();
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  // Saved settings coming back refill the form.
  const [draftOf, setDraftOf] = useState(alerts);
  if (draftOf !== alerts) {
    setDraftOf(alerts);
    setDraft(alerts);
  }

  const toggle = (key: 'onStart' | 'onMissed' | 'onVoicemail', label: string) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.checked })} />
      {label}
    </label>
  );

  return (
    <section className="card" aria-labelledby="alerts-title">
      <h3 id="alerts-title">Alerts</h3>
      <DeskNameForm deskName={deskName} save={save} />
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          const failure = await save({ alerts: draft });
          setMessage(failure ? { ok: false, text: failure } : { ok: true, text: 'Alert settings saved.' });
        }}
      >
        <fieldset className="checks">
          <legend>Alert me when</legend>
          {toggle('onStart', 'A call starts ringing')}
          {toggle('onMissed', 'A call was missed')}
          {toggle('onVoicemail', 'A caller left a voicemail')}
        </fieldset>
        <fieldset className="checks">
          <legend>Quiet hours</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.quietHours.enabled}
              onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, enabled: e.target.checked } })}
            />
            No alerts between
          </label>
          <input
            className="input input--time"
            type="time"
            aria-label="Quiet hours start"
            value={draft.quietHours.start}
            disabled={!draft.quietHours.enabled}
            onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, start: e.target.value } })}
          />
          <span>and</span>
          <input
            className="input input--time"
            type="time"
            aria-label="Quiet hours end"
            value={draft.quietHours.end}
            disabled={!draft.quietHours.enabled}
            onChange={(e) => setDraft({ ...draft, quietHours: { ...draft.quietHours, end: e.target.value } })}
          />
        </fieldset>
        <button type="submit" className="button button--small">
          Save alert settings
        </button>
      </form>
      <Feedback message={message} />
      {transport === 'http' && (
        <div className="browser-notifications">
          <h4>Browser notifications</h4>
          {permission === 'granted' && <p className="muted">This browser shows a notification for each alert.</p>}
          {permission === 'denied' && <p className="muted">Notifications are blocked for this page in the browser's site settings.</p>}
          {permission === 'unsupported' && <p className="muted">This browser cannot show notifications; alerts appear inside the page.</p>}
          {permission === 'default' && (
            <button type="button" className="button button--small" onClick={() => void Notification.requestPermission().then(setPermission)}>
              Allow browser notifications
            </button>
          )}
        </div>
      )}
    </section>
  );
}

/** Who marks a call-back done or writes a note from this PC ("Front desk"); the core keeps it with each change. */
function DeskNameForm({ deskName, save }: { deskName: string; save: SettingsState['save'] }) {
  const [draft, setDraft] = useState(deskName);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [draftOf, setDraftOf] = useState(deskName);
  if (draftOf !== deskName) {
    setDraftOf(deskName);
    setDraft(deskName);
  }
  return (
    <form
      className="desk-name"
      aria-label="This desk's name"
      onSubmit={async (event) => {
        event.preventDefault();
        const failure = await save({ deskName: draft });
        setMessage(failure ? { ok: false, text: failure } : { ok: true, text: 'Desk name saved.' });
      }}
    >
      <label className="field">
        <span>This desk's name</span>
        <input
          className="input"
          type="text"
          maxLength={60}
          required
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            setMessage(null);
          }}
        />
      </label>
      <p className="muted">Kept with every call-back marked done and every note written from this PC.</p>
      <button type="submit" className="button button--small">
        Save desk name
      </button>
      <Feedback message={message} />
    </form>
  );
}

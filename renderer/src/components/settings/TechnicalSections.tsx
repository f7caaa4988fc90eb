// Settings → the technical choices, last: the webhook address on this PC (token masked) and making a new
// one, and the check that a delivery really comes from Marketing Edge. Saved as they are made; their headings sit under Technical settings.

import { useState } from 'react';
import type { SettingsResponse, SignatureModeSetting } from '../../../../shared/api';
import type { SettingsState } from '../../data/settings';
import { ConfirmedAction } from '../ConfirmedAction';
import { Feedback } from '../Feedback';
import { LOCAL_ADDRESS_LABEL } from '../publicUrl/LocalAddress';
import { MaskedUrl } from '../WebhookUrl';
import { useSaveNote } from './useSaveNote';

export function WebhookSection({ settings, regenerate }: { settings: SettingsResponse; regenerate: SettingsState['regenerateToken'] }) {
  return (
    <section className="card" aria-labelledby="webhook-title">
      <h4 id="webhook-title">Webhook address on this PC</h4>
      <p>Calls arrive here through the public address (the Public URL view has the one to give Marketing Edge). {LOCAL_ADDRESS_LABEL}.</p>
      <MaskedUrl url={settings.webhookUrl} copyLabel="Copy the address on this PC" testId="settings-webhook-url" />
      <p className="muted">The hidden part is the secret that lets Marketing Edge in. Make a new one if it was shared by mistake.</p>
      <ConfirmedAction
        label="Make a new secret part…"
        confirmLabel="Make it now"
        id="regen-warning"
        warning={
          <>
            <strong>The current address stops working at once.</strong> Calls are lost until you paste the new address into Marketing Edge.
          </>
        }
        run={regenerate}
        done="New address made. Give it to Marketing Edge now (Public URL, step 3)."
      />
    </section>
  );
}

const MODES: [SignatureModeSetting, string, string][] = [
  ['off', "Don't check", 'Every delivery is accepted.'],
  ['report', 'Check, but accept every delivery', 'The result is noted on each delivery (see Deliveries); nothing is turned away.'],
  ['enforce', 'Turn away deliveries that fail the check', 'A delivery without the right signature is not stored and Marketing Edge is told so.'],
];

export function SignatureSection({ settings, save }: { settings: SettingsResponse; save: SettingsState['save'] }) {
  const [mode, setMode] = useState(settings.signature.mode);
  const [secret, setSecret] = useState('');
  const [note, run] = useSaveNote();
  // Saved settings coming back refill the choice.
  const [modeOf, setModeOf] = useState(settings.signature.mode);
  if (modeOf !== settings.signature.mode) {
    setModeOf(settings.signature.mode);
    setMode(settings.signature.mode);
  }
  // A check needs the secret: until one is saved, the choice waits for it instead of being refused.
  const chooseMode = (next: SignatureModeSetting) => {
    setMode(next);
    if (next !== 'off' && !settings.signature.secretSet && !secret.trim()) {
      void run(() => Promise.resolve('paste the secret from Marketing Edge below first; the check starts once it is saved.'));
      return;
    }
    void run(() => save({ signature: { mode: next, ...(secret.trim() ? { secret: secret.trim() } : {}) } })).then((ok) => ok && setSecret(''));
  };
  const commitSecret = () => {
    if (!secret.trim()) return;
    void run(() => save({ signature: { mode, secret: secret.trim() } })).then((ok) => ok && setSecret(''));
  };

  return (
    <section className="card" aria-labelledby="signature-title">
      <h4 id="signature-title">Check that deliveries come from Marketing Edge</h4>
      <p className="muted">
        Marketing Edge can sign each delivery with a secret you set on its webhook; Call Alerts then checks the signature with the same secret.{' '}
        {settings.signature.secretSet ? 'A secret is saved here.' : 'No secret is saved here.'}
      </p>
      <fieldset className="radios">
        <legend>Signature check</legend>
        {MODES.map(([value, label, help]) => (
          <label key={value} className="radio">
            <input type="radio" name="signature-mode" value={value} checked={mode === value} onChange={() => chooseMode(value)} />
            <span>
              <strong>{label}</strong> <span className="muted">{help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <label className="field">
        <span>{settings.signature.secretSet ? 'Replace the secret' : 'The secret set in Marketing Edge'}</span>
        <input
          className="input"
          type="password"
          autoComplete="off"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          onBlur={commitSecret}
          onKeyDown={(e) => e.key === 'Enter' && commitSecret()}
          placeholder={settings.signature.secretSet ? 'Leave empty to keep the saved secret' : 'Paste it here; saved when you leave the box'}
        />
      </label>
      {settings.signature.secretSet && (
        <div className="form-actions">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void run(() => save({ signature: { mode: 'off', secret: null } }))}
          >
            Remove the secret (and stop checking)
          </button>
        </div>
      )}
      <Feedback message={note} />
    </section>
  );
}

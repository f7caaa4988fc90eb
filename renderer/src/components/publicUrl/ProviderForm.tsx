// How this computer gets a public address: the provider and its own options. Tokens are typed in, never shown
// back: the core only says whether one is set.

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TunnelProviderKind, TunnelSettingsView } from '../../../../shared/api';
import { providerInfo } from '../../../../shared/tunnel/providers';
import { useTransport } from '../../data/settings';
import type { Outcome, TunnelState } from '../../data/tunnel';
import { draftCaveat, draftFrom, missingForProvider, tunnelUpdate, type TunnelDraft } from '../../model/tunnelForm';
import { Feedback } from '../Feedback';
import { TextField } from './TextField';
import { TokenField } from './TokenField';

interface FormProps {
  settings: TunnelSettingsView;
  save: TunnelState['save'];
  localWebhookUrl: string | null;
  choices: readonly TunnelProviderKind[];
  submitLabel: string;
}

export function ProviderForm({ settings, save, localWebhookUrl, choices, submitLabel }: FormProps) {
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
  const canChooseProgram = useTransport() === 'ipc';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (missing) {
      setMessage({ ok: false, text: missing });
      return;
    }
    setSaving(true);
    setMessage(await save(tunnelUpdate(draft, canChooseProgram)));
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
              <TextField
                label="Your ngrok domain"
                value={draft.ngrokDomain}
                placeholder="name.ngrok-free.dev"
                onChange={(v) => set({ ngrokDomain: v })}
              />
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
              {canChooseProgram ? (
                <TextField
                  label="cloudflared program (optional)"
                  value={draft.cloudflaredPath}
                  placeholder="Found on its own when installed in the usual place"
                  onChange={(v) => set({ cloudflaredPath: v })}
                />
              ) : (
                <p className="muted" data-testid="cloudflared-program">
                  cloudflared program: {settings.cloudflaredPath ?? 'found on its own when installed in the usual place'}. Another one is set when
                  starting, with --cloudflared-path or CLOUDFLARED_PATH.
                </p>
              )}
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
              <TextField
                label="Public address"
                value={draft.manualUrl}
                placeholder="https://hooks.example.com"
                onChange={(v) => set({ manualUrl: v })}
              />
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

// How this computer gets a public address: the way, what it needs in plain words with links to where it is
// made, and its own options. Tokens are typed in, never shown back: the core only says whether one is set.

import { useId, useState, type FormEvent } from 'react';
import type { TunnelProviderKind, TunnelSettingsView } from '../../../../shared/api';
import { providerInfo } from '../../../../shared/tunnel/providers';
import { useTransport } from '../../data/settings';
import type { Outcome, TunnelState } from '../../data/tunnel';
import { draftCaveat, draftFrom, missingForProvider, tunnelUpdate, type TunnelDraft } from '../../model/tunnelForm';
import { ExternalLink } from '../ExternalLink';
import { Feedback } from '../Feedback';
import { TextField } from './TextField';
import { TokenField } from './TokenField';

interface FormProps {
  settings: TunnelSettingsView;
  save: TunnelState['save'];
  choices: readonly TunnelProviderKind[];
  submitLabel: string;
}

export function ProviderForm({ settings, save, choices, submitLabel }: FormProps) {
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
  const { setup: help, links } = providerInfo(draft.provider);
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
        <legend>Pick the one that suits your office</legend>
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
          {links.length > 0 && (
            <ul className="provider-links" aria-label="Where to get what it needs">
              {links.map((link) => (
                <li key={link.href}>
                  <ExternalLink href={link.href}>{link.label}</ExternalLink>
                </li>
              ))}
            </ul>
          )}
          {draft.provider === 'ngrok' && (
            <>
              <TokenField
                label="The token ngrok shows you (authtoken)"
                set={settings.ngrokAuthtokenSet}
                value={draft.ngrokAuthtoken}
                onChange={(v) => set({ ngrokAuthtoken: v })}
                onRemove={() => void removeToken('ngrokAuthtoken')}
              />
              <TextField
                label="Your free ngrok address (domain)"
                value={draft.ngrokDomain}
                placeholder="name.ngrok-free.dev"
                onChange={(v) => set({ ngrokDomain: v })}
              />
            </>
          )}
          {draft.provider === 'cloudflared' && (
            <>
              <TokenField
                label="The token Cloudflare shows you"
                set={settings.cloudflaredTokenSet}
                value={draft.cloudflaredToken}
                onChange={(v) => set({ cloudflaredToken: v })}
                onRemove={() => void removeToken('cloudflaredToken')}
                note="Optional: without one, a temporary address is used."
              />
              {canChooseProgram ? (
                <TextField
                  label="cloudflared program (optional)"
                  value={draft.cloudflaredPath}
                  placeholder="Found by itself once installed"
                  onChange={(v) => set({ cloudflaredPath: v })}
                />
              ) : (
                <p className="muted" data-testid="cloudflared-program">
                  The cloudflared program: {settings.cloudflaredPath ?? 'found by itself once installed'}. (Whoever starts Call Alerts as a server can
                  name another copy with --cloudflared-path.)
                </p>
              )}
            </>
          )}
          {draft.provider === 'localtunnel' && (
            <>
              <TextField
                label="A name for the address (optional)"
                value={draft.localtunnelSubdomain}
                placeholder="Chosen for you and kept"
                onChange={(v) => set({ localtunnelSubdomain: v })}
              />
              <TextField
                label="localtunnel server (optional; leave empty)"
                value={draft.localtunnelHost}
                placeholder="https://localtunnel.me"
                onChange={(v) => set({ localtunnelHost: v })}
              />
            </>
          )}
          {draft.provider === 'manual' && (
            <>
              <TextField
                label="Your public address"
                value={draft.manualUrl}
                placeholder="https://hooks.example.com"
                onChange={(v) => set({ manualUrl: v })}
              />
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

// Settings → Catch-up (also step 4 of the Public URL): the vendor API that fills the gaps while this PC was off,
// its credentials (password boxes, never shown back; each saved as it is left), Check, Fetch missed calls now,
// the first import, and the last run.

import { useId, useState } from 'react';
import type { CatchUpStatus, SaveCatchUpSettingsRequest } from '../../../shared/api';
import { CATCH_UP_MAX_DAYS } from '../../../shared/contract/schemas';
import type { CatchUpState } from '../data/catchUp';
import type { Outcome } from '../data/tunnel';
import {
  catchUpChanged,
  catchUpDraftFrom,
  catchUpNotReady,
  catchUpUpdate,
  coveredLine,
  IMPORT_DAYS_DEFAULT,
  importDays,
  lastRunLine,
  needsKey,
  nextRunLine,
  PROVIDER_CHOICES,
  type CatchUpDraft,
} from '../model/catchUpForm';
import { Feedback } from './Feedback';
import { TokenField } from './publicUrl/TokenField';

const CATCH_UP_INTRO =
  "Webhooks reach this PC only while it is on and online: catch-up asks Marketing Edge's calls API for the calls made meanwhile, so none is lost.";

interface Props {
  catchUp: CatchUpState;
  now: number;
  title?: string;
  intro?: string;
  /** Its heading's level: 3 as a step of the Public URL, 4 under Settings' Technical settings. */
  level?: 3 | 4;
}

export function CatchUpSettings({ catchUp, now, title = 'Catch-up', intro = CATCH_UP_INTRO, level = 3 }: Props) {
  const Heading = level === 3 ? 'h3' : 'h4';
  const { status, error } = catchUp;
  // Kept here: a choice saved elsewhere remounts the form (see formKey), and the outcome must stay in view.
  const [saved, setSaved] = useState<Outcome | null>(null);
  return (
    <section className="card" aria-labelledby="catch-up-title">
      <Heading id="catch-up-title">{title}</Heading>
      <p>{intro}</p>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load the catch-up settings: {error}
        </p>
      )}
      {status && <CatchUpForm key={formKey(status)} status={status} save={catchUp.save} onSaved={setSaved} />}
      <Feedback message={saved} />
      {status && <CatchUpRun status={status} catchUp={catchUp} now={now} level={level} />}
    </section>
  );
}

// Another API chosen (here or in another window) refills the form; a credential or address saved does not,
// so the box the person moved on to keeps its focus and what is being typed in it.
const formKey = (s: CatchUpStatus) => s.provider;

interface FormProps {
  status: CatchUpStatus;
  save: CatchUpState['save'];
  onSaved(outcome: Outcome): void;
}

function CatchUpForm({ status, save, onSaved }: FormProps) {
  const [draft, setDraft] = useState<CatchUpDraft>(() => catchUpDraftFrom(status));
  const [busy, setBusy] = useState(false);
  const id = useId();
  const set = (change: Partial<CatchUpDraft>) => setDraft((d) => ({ ...d, ...change }));
  // A saved API address coming back (this window or another) refills its own box only.
  const [baseUrlOf, setBaseUrlOf] = useState(status.baseUrl);
  if (baseUrlOf !== status.baseUrl) {
    setBaseUrlOf(status.baseUrl);
    setDraft((d) => ({ ...d, baseUrl: catchUpDraftFrom(status).baseUrl }));
  }

  const send = async (update: SaveCatchUpSettingsRequest) => {
    setBusy(true);
    const outcome = await save(update);
    setBusy(false);
    // What was saved leaves its box: a credential is never shown back, only "Saved".
    if (outcome.ok) set({ ...('token' in update ? { token: '' } : {}), ...('key' in update ? { key: '' } : {}) });
    onSaved(outcome);
  };
  const remove = (which: 'token' | 'key') => void send({ provider: status.provider, [which]: null });
  // Save as you go: a box left (or Enter) saves what changed in it; nothing typed, nothing sent.
  const commit = () => {
    if (!catchUpChanged(draft, status)) return;
    void send(catchUpUpdate(draft));
  };

  return (
    <form
      aria-label="Catch-up settings"
      onSubmit={(event) => {
        event.preventDefault();
        void send(catchUpUpdate(draft));
      }}
    >
      <fieldset className="radios">
        <legend>Calls API</legend>
        {PROVIDER_CHOICES.map(([value, label]) => (
          <label key={value} className="radio">
            <input
              type="radio"
              name={`${id}-provider`}
              value={value}
              checked={draft.provider === value}
              onChange={() => {
                set({ provider: value });
                void send(catchUpUpdate({ ...draft, provider: value }));
              }}
            />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {draft.provider !== 'off' && (
        <>
          <p className="muted">
            An administrator creates the API token{needsKey(draft.provider) ? ' and the subscription key' : ''} in the Marketing Edge portal under{' '}
            <strong>Settings → API Access</strong> (a read-only token is enough).
          </p>
          <TokenField
            label="API token"
            noun="token"
            set={status.provider === draft.provider && status.credentials.token === 'saved'}
            value={draft.token}
            note="Paste the organization token."
            onChange={(token) => set({ token })}
            onRemove={() => remove('token')}
            onCommit={commit}
          />
          {needsKey(draft.provider) && (
            <TokenField
              label="Subscription key"
              noun="key"
              set={status.provider === draft.provider && status.credentials.key === 'saved'}
              value={draft.key}
              note="One key per account, shared by all its tokens."
              onChange={(key) => set({ key })}
              onRemove={() => remove('key')}
              onCommit={commit}
            />
          )}
          <details className="advanced">
            <summary>Advanced: the API's address</summary>
            <label className="field">
              <span>API address</span>
              <input
                className="input"
                type="text"
                spellCheck={false}
                autoComplete="off"
                value={draft.baseUrl}
                placeholder="Leave empty for the vendor's own address"
                onChange={(e) => set({ baseUrl: e.target.value })}
                onBlur={commit}
              />
            </label>
          </details>
        </>
      )}
      {busy && <p className="muted">Saving…</p>}
    </form>
  );
}

function CatchUpRun({ status, catchUp, now, level }: { status: CatchUpStatus; catchUp: CatchUpState; now: number; level: 3 | 4 }) {
  const Heading = level === 3 ? 'h4' : 'h5';
  const [message, setMessage] = useState<Outcome | null>(null);
  const [days, setDays] = useState(String(IMPORT_DAYS_DEFAULT));
  const notReady = catchUpNotReady(status);
  const running = status.state === 'running';
  const act = async (action: () => Promise<Outcome>) => setMessage(await action());

  return (
    <div className="catch-up-run" aria-label="Catch-up runs" role="group">
      <Heading>Runs</Heading>
      <p data-testid="catch-up-last-run">{lastRunLine(status, now)}</p>
      {status.state === 'failed' || status.state === 'waiting'
        ? status.error && (
            <p className="notice notice--error" data-testid="catch-up-error">
              {status.error}
            </p>
          )
        : null}
      {[coveredLine(status, now), nextRunLine(status, now)].filter(Boolean).map((line) => (
        <p key={line} className="muted">
          {line}
        </p>
      ))}
      {notReady && <p className="muted">{notReady}</p>}
      <div className="form-actions">
        <button type="button" className="button button--small" disabled={notReady !== null} onClick={() => void act(catchUp.check)}>
          Check
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          disabled={notReady !== null || running}
          onClick={() => void act(() => catchUp.run())}
        >
          Fetch missed calls now
        </button>
      </div>
      <form
        className="catch-up-import"
        onSubmit={(event) => {
          event.preventDefault();
          const parsed = importDays(days);
          if ('error' in parsed) setMessage({ ok: false, text: parsed.error });
          else void act(() => catchUp.run(parsed.days));
        }}
      >
        <label className="check">
          {status.coveredUntil ? 'Import older calls: the last' : 'First setup: import the last'}
          <input
            className="input input--days"
            type="number"
            min={1}
            max={CATCH_UP_MAX_DAYS}
            value={days}
            aria-label="Days to import"
            onChange={(e) => setDays(e.target.value)}
          />
          days (up to {CATCH_UP_MAX_DAYS})
        </label>
        <button type="submit" className="button button--small" disabled={notReady !== null || running}>
          Import
        </button>
      </form>
      <Feedback message={message} />
    </div>
  );
}

// Settings → what the desk changes: this desk's name, which calls alert, quiet hours, and (in a browser)
// notifications. Each change is saved as it is made, one save at a time with the form's latest state.

import { useCallback, useState } from 'react';
import type { AlertPreferences } from '../../../../shared/api';
import { notificationPermission, type NotificationPermissionState } from '../../data/alerts';
import { useTransport, type SettingsState } from '../../data/settings';
import { Feedback } from '../Feedback';
import { useSaveNote } from './useSaveNote';
import { useSaveQueue } from './useSaveQueue';

export function AlertsSection({ alerts, deskName, save }: { alerts: AlertPreferences; deskName: string; save: SettingsState['save'] }) {
  const [draft, setDraft] = useState(alerts);
  const saves = useSaveQueue(useCallback((next: AlertPreferences) => save({ alerts: next }), [save]));
  const note = saves.note;
  const transport = useTransport();
  const [permission, setPermission] = useState<NotificationPermissionState>(notificationPermission);
  // Saved settings coming back (this window or another) refill the form, but never over edits still being saved.
  const [draftOf, setDraftOf] = useState(alerts);
  if (draftOf !== alerts && !saves.busy) {
    setDraftOf(alerts);
    setDraft(alerts);
  }
  const change = (next: AlertPreferences) => {
    setDraft(next);
    saves.change(next);
  };
  const quiet = (q: Partial<AlertPreferences['quietHours']>) => change({ ...draft, quietHours: { ...draft.quietHours, ...q } });

  const toggle = (key: 'onStart' | 'onMissed' | 'onVoicemail', label: string) => (
    <label className="check">
      <input type="checkbox" checked={draft[key]} onChange={(e) => change({ ...draft, [key]: e.target.checked })} />
      {label}
    </label>
  );

  return (
    <section className="card" aria-labelledby="alerts-title">
      <h3 id="alerts-title">Alerts</h3>
      <DeskNameField deskName={deskName} save={save} />
      <fieldset className="checks">
        <legend>Alert me when</legend>
        {toggle('onStart', 'A call starts ringing')}
        {toggle('onMissed', 'A call was missed')}
        {toggle('onVoicemail', 'A caller left a voicemail')}
      </fieldset>
      <fieldset className="checks">
        <legend>Quiet hours</legend>
        <label className="check">
          <input type="checkbox" checked={draft.quietHours.enabled} onChange={(e) => quiet({ enabled: e.target.checked })} />
          No alerts between
        </label>
        <input
          className="input input--time"
          type="time"
          aria-label="Quiet hours start"
          value={draft.quietHours.start}
          disabled={!draft.quietHours.enabled}
          onChange={(e) => e.target.value && quiet({ start: e.target.value })}
        />
        <span>and</span>
        <input
          className="input input--time"
          type="time"
          aria-label="Quiet hours end"
          value={draft.quietHours.end}
          disabled={!draft.quietHours.enabled}
          onChange={(e) => e.target.value && quiet({ end: e.target.value })}
        />
      </fieldset>
      <div data-testid="alerts-saved">
        <Feedback message={note} />
      </div>
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

/** Who marks a call-back done or writes a note from this PC ("Front desk"): saved when the box is left or on Enter. */
function DeskNameField({ deskName, save }: { deskName: string; save: SettingsState['save'] }) {
  const [draft, setDraft] = useState(deskName);
  const [note, run, clear] = useSaveNote();
  const [draftOf, setDraftOf] = useState(deskName);
  if (draftOf !== deskName) {
    setDraftOf(deskName);
    setDraft(deskName);
  }
  const commit = () => {
    if (draft.trim() === deskName) return;
    if (draft.trim() === '') {
      void run(() => Promise.resolve('type a name for this desk, like "Front desk".'));
      return;
    }
    void run(() => save({ deskName: draft.trim() }));
  };
  return (
    <div className="desk-name">
      <label className="field">
        <span>This desk's name</span>
        <input
          className="input"
          type="text"
          maxLength={60}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            clear();
          }}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      </label>
      <p className="muted">Kept with every call-back marked done and every note written from this PC.</p>
      <Feedback message={note} />
    </div>
  );
}

// Settings, in the order people need them: what the desk changes (alerts, quiet hours, this desk's name), the
// phone lines and export, then the technical choices (the webhook address, the signature check, catch-up,
// where the data lives), grouped under their own heading. Every change is saved as it is made: there is no Save button to forget.

import type { CatchUpState } from '../data/catchUp';
import type { SettingsState } from '../data/settings';
import { CatchUpSettings } from './CatchUpSettings';
import { CopyButton } from './CopyButton';
import { LinesSettings } from './LinesSettings';
import { AlertsSection } from './settings/AlertsSection';
import { SignatureSection, WebhookSection } from './settings/TechnicalSections';

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
        <p className="muted">Each change is saved as you make it.</p>
      </div>
      {error && (
        <p className="notice notice--error" role="alert">
          Could not load settings: {error}
        </p>
      )}
      {settings && (
        <>
          <AlertsSection alerts={settings.alerts} deskName={settings.deskName} save={state.save} />
          <LinesSettings />
          <section className="card" aria-labelledby="export-title">
            <h3 id="export-title">Export</h3>
            <p>
              Save {filtersDescription} as a CSV file for a spreadsheet. Cells that a spreadsheet would run as a formula are written as plain text.
            </p>
            <button type="button" className="button" onClick={onExport}>
              Export calls to CSV
            </button>
          </section>
          <section className="settings__technical" aria-labelledby="technical-title">
            <h3 className="settings__group" id="technical-title">
              Technical settings
            </h3>
            <p className="muted settings__group-note">Set once, usually while setting up the public address.</p>
            <WebhookSection settings={settings} regenerate={state.regenerateToken} />
            <SignatureSection settings={settings} save={state.save} />
            <CatchUpSettings catchUp={catchUp} now={now} level={4} />
            <section className="card" aria-labelledby="data-title">
              <h4 id="data-title">Data</h4>
              <p>Calls are stored in this folder (an SQLite database and the raw webhooks):</p>
              <div className="webhook-url__row">
                <code className="path">{settings.dataDir}</code>
                <CopyButton text={settings.dataDir} label="Copy data folder path" />
              </div>
              <p className="muted">Call Alerts {settings.version}</p>
            </section>
          </section>
        </>
      )}
    </section>
  );
}

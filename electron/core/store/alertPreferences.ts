// Alert preferences live in the settings table as JSON; a missing or unreadable value means the defaults.

import { DEFAULT_ALERT_PREFERENCES } from '../../../shared/alertPrefs';
import type { AlertPreferences } from '../../../shared/api';
import type { SettingsStore } from './settingsStore';

const KEY = 'alertPreferences';

type SettingsTable = Pick<SettingsStore, 'getSetting' | 'setSetting'>;

export function readAlertPreferences(store: SettingsTable): AlertPreferences {
  const stored = store.getSetting(KEY);
  if (!stored) return DEFAULT_ALERT_PREFERENCES;
  try {
    const value = JSON.parse(stored) as Partial<AlertPreferences>;
    return {
      ...DEFAULT_ALERT_PREFERENCES,
      ...value,
      quietHours: { ...DEFAULT_ALERT_PREFERENCES.quietHours, ...value.quietHours },
    };
  } catch {
    return DEFAULT_ALERT_PREFERENCES;
  }
}

export function writeAlertPreferences(store: SettingsTable, prefs: AlertPreferences): void {
  store.setSetting(KEY, JSON.stringify(prefs));
}

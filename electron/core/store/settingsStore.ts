// The settings table: one text value per key, for the preferences and flags the core keeps with the calls.

import type { Db } from './db';

export class SettingsStore {
  private readonly stmt;

  constructor(db: Db) {
    this.stmt = {
      get: db.prepare<[string], string>(`SELECT value FROM settings WHERE key = ?`).pluck(),
      set: db.prepare<[string, string]>(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    };
  }

  getSetting(key: string): string | null {
    return this.stmt.get.get(key) ?? null;
  }

  setSetting(key: string, value: string): void {
    this.stmt.set.run(key, value);
  }
}

// The front's copy of the values the store worker pushes, with a listener list for each, so the tray,
// notifications and the listeners read them synchronously and hear when they change.

import type { Mirror } from './protocol';

type Listeners = { [K in keyof Mirror]: Set<(value: Mirror[K]) => void> };

export class FrontMirror {
  private values: Mirror | null = null;
  private readonly listeners: Listeners = {
    token: new Set(),
    signatureMode: new Set(),
    alertPreferences: new Set(),
    openFollowUps: new Set(),
    followUpsBuilding: new Set(),
    secretProblems: new Set(),
    database: new Set(),
    tunnel: new Set(),
    catchUp: new Set(),
  };

  /** The value as last pushed; the front reads none before the first worker is ready. */
  get<K extends keyof Mirror>(key: K): Mirror[K] {
    if (!this.values) throw new Error('The call database has not started yet');
    return this.values[key];
  }

  /** Takes what changed (or, from a worker that just started, everything) and tells who listens to a value that moved. */
  apply(changed: Partial<Mirror>): void {
    const before = this.values;
    this.values = { ...(before ?? (changed as Mirror)), ...changed };
    if (!before) return;
    for (const key of Object.keys(changed) as (keyof Mirror)[]) {
      if (JSON.stringify(before[key]) === JSON.stringify(changed[key])) continue;
      for (const listener of this.listeners[key] as Set<(value: unknown) => void>) {
        try {
          listener(changed[key]);
        } catch (error) {
          console.error('A listener of the call database failed:', error);
        }
      }
    }
  }

  on<K extends keyof Mirror>(key: K, listener: (value: Mirror[K]) => void): () => void {
    const set = this.listeners[key] as Set<(value: Mirror[K]) => void>;
    set.add(listener);
    return () => set.delete(listener);
  }
}

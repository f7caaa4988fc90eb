// Where secrets (webhook signature secret, tunnel tokens) live. The desktop shell supplies one backed by
// Electron's safeStorage; headless mode keeps them in a file only the current user can read (0600).

import fs from 'node:fs';
import path from 'node:path';
import type { SecretPlace } from '../../shared/api';

export interface SecretStore {
  /** Where the secrets are, for saying what to do when one cannot be read; the system keychain when omitted. */
  readonly place?: SecretPlace;
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

/** The secrets file as name → value (encrypted or not, as its store wrote it); empty when there is none yet. */
export function readSecretsFile(file: string): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`Cannot read the secrets file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

export class FileSecretStore implements SecretStore {
  readonly place = 'file';

  constructor(private readonly file: string) {}

  private read(): Record<string, string> {
    return readSecretsFile(this.file);
  }

  get(name: string): string | null {
    return this.read()[name] ?? null;
  }

  set(name: string, value: string | null): void {
    const all = this.read();
    if (value === null) delete all[name];
    else all[name] = value;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.chmodSync(tmp, 0o600);
    fs.renameSync(tmp, this.file);
  }
}

/** A secret as read: its value (null when none is kept), or unreadable (the key store refused, or cannot decrypt it). */
export type SecretRead = { readable: true; value: string | null } | { readable: false };

/**
 * The store the core uses: passes reads and writes through, and remembers which secrets could not be read
 * until one is read or stored again, so health, the tray and the window can say what that stops.
 */
export class WatchedSecretStore implements SecretStore {
  private readonly failed = new Set<string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly inner: SecretStore) {}

  get place(): SecretPlace {
    return this.inner.place ?? 'keychain';
  }

  /** Throws what the store threw, as before; `read` is the way that does not. */
  get(name: string): string | null {
    try {
      const value = this.inner.get(name);
      this.mark(name, null);
      return value;
    } catch (error) {
      this.mark(name, error);
      throw error;
    }
  }

  read(name: string): SecretRead {
    try {
      return { readable: true, value: this.get(name) };
    } catch {
      return { readable: false };
    }
  }

  set(name: string, value: string | null): void {
    this.inner.set(name, value);
    this.mark(name, null);
  }

  /** The names whose last read failed. */
  unreadable(): string[] {
    return [...this.failed];
  }

  /** Called when a secret becomes unreadable or readable again; returns the function that unsubscribes. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private mark(name: string, error: unknown): void {
    if ((error !== null) === this.failed.has(name)) return;
    if (error !== null) {
      this.failed.add(name);
      // The store's message names the secret and the key store's complaint, never the value.
      console.warn(`The secret "${name}" could not be read: ${(error as Error).message}`);
    } else {
      this.failed.delete(name);
      console.log(`The secret "${name}" can be read again`);
    }
    for (const listener of this.listeners) listener();
  }
}

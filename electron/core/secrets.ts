// Where secrets (webhook signature secret, tunnel tokens) live. The desktop shell supplies one backed by
// Electron's safeStorage; headless mode keeps them in a file only the current user can read (0600).

import fs from 'node:fs';
import path from 'node:path';

export interface SecretStore {
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

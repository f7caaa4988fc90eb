// Secrets (webhook signature secret, tunnel tokens) encrypted with the OS key store through Electron's
// safeStorage: Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux. On disk only ciphertext.

import fs from 'node:fs';
import path from 'node:path';
import { FileSecretStore, readSecretsFile, type SecretStore } from '../core/secrets';

/** What this store needs of Electron's safeStorage (main.ts passes the real one). */
export interface SecretCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which key store backs the encryption. */
  getSelectedStorageBackend?(): string;
}

/** Why secrets cannot be stored safely here, or null when they can. */
export function encryptionProblem(cipher: SecretCipher, platform: NodeJS.Platform): string | null {
  if (!cipher.isEncryptionAvailable()) {
    return 'The system key store is not available, so Call Alerts cannot store secrets safely.';
  }
  // "basic_text" encrypts with a key built into Chromium: no better than plain text on disk.
  if (platform === 'linux' && cipher.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No system keyring (GNOME Keyring or KWallet) is running, so Call Alerts will not store secrets: they would be as good as plain text. Start or install a keyring and restart Call Alerts.';
  }
  return null;
}

/**
 * Secrets sealed with the OS key store. Until headless mode's plain file has been moved in (it is moved only
 * where encryption is usable), a secret sealed nowhere is read from that file: it is on disk in plain anyway,
 * and reading it keeps its feature working (signature checks, the tunnel) on a machine without a keyring.
 */
export class EncryptedSecretStore implements SecretStore {
  readonly place = 'keychain';

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly unmigratedFile: string | null = null,
  ) {}

  private read(): Record<string, string> {
    return readSecretsFile(this.file);
  }

  private usable(): void {
    const problem = encryptionProblem(this.cipher, this.platform);
    if (problem) throw new Error(problem);
  }

  /** Whether a sealed value is kept for `name` (readable or not). */
  sealed(name: string): boolean {
    return this.read()[name] !== undefined;
  }

  get(name: string): string | null {
    const sealed = this.read()[name];
    if (sealed === undefined) return this.unmigratedFile ? (readSecretsFile(this.unmigratedFile)[name] ?? null) : null;
    this.usable();
    try {
      return this.cipher.decryptString(Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new Error(`The stored secret "${name}" cannot be decrypted (was the system key store reset?): ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  set(name: string, value: string | null): void {
    const all = this.read();
    if (value === null) delete all[name];
    else {
      this.usable();
      all[name] = this.cipher.encryptString(value).toString('base64');
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
    // A cleared secret must not come back from the file not moved in yet.
    if (value === null && this.unmigratedFile && readSecretsFile(this.unmigratedFile)[name] !== undefined) {
      new FileSecretStore(this.unmigratedFile).set(name, null);
    }
  }
}

function decrypts(store: EncryptedSecretStore, name: string): boolean {
  try {
    store.get(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves secrets that headless mode kept in a plain file (secrets.json, mode 0600) into the encrypted store
 * and deletes the plain file. A secret already sealed and readable stays as it is; one that cannot be
 * decrypted any more is replaced by the plain copy. Returns the names moved; does nothing (and keeps the
 * plain file) when encryption is not usable.
 */
export function importPlainSecrets(
  plainFile: string,
  store: EncryptedSecretStore,
  cipher: SecretCipher,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (!fs.existsSync(plainFile) || encryptionProblem(cipher, platform)) return [];
  const plain = readSecretsFile(plainFile);
  const names = Object.keys(plain).filter((name) => !store.sealed(name) || !decrypts(store, name));
  try {
    for (const name of names) store.set(name, plain[name]!);
  } catch (error) {
    console.warn(`The plain secrets file stays where it is: ${(error as Error).message}`);
    return [];
  }
  fs.rmSync(plainFile);
  return names;
}

// Secrets (webhook signature secret, tunnel tokens) encrypted with the OS key store through Electron's
// safeStorage: Keychain on macOS, DPAPI on Windows, libsecret/KWallet on Linux. On disk only ciphertext.

import fs from 'node:fs';
import path from 'node:path';
import { readSecretsFile, type SecretStore } from '../core/secrets';

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

export class EncryptedSecretStore implements SecretStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  private read(): Record<string, string> {
    return readSecretsFile(this.file);
  }

  private usable(): void {
    const problem = encryptionProblem(this.cipher, this.platform);
    if (problem) throw new Error(problem);
  }

  get(name: string): string | null {
    const sealed = this.read()[name];
    if (sealed === undefined) return null;
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
  }
}

/**
 * Moves secrets that headless mode kept in a plain file (secrets.json, mode 0600) into the encrypted store
 * and deletes the plain file. Returns the names moved; does nothing when encryption is not usable.
 */
export function importPlainSecrets(
  plainFile: string,
  store: EncryptedSecretStore,
  cipher: SecretCipher,
  platform: NodeJS.Platform = process.platform,
): string[] {
  if (!fs.existsSync(plainFile) || encryptionProblem(cipher, platform)) return [];
  const plain = JSON.parse(fs.readFileSync(plainFile, 'utf8')) as Record<string, string>;
  const names = Object.keys(plain);
  for (const name of names) if (store.get(name) === null) store.set(name, plain[name]!);
  fs.rmSync(plainFile);
  return names;
}

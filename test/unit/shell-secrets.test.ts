// Secrets on disk in the desktop app: only ciphertext, refused where the OS key store is missing, moved
// out of headless mode's plain file; a secret that cannot be read degrades its feature, never start-up.
// Electron's safeStorage (the OS key store) is replaced by AesGcmKeyStore, which encrypts with AES-256-GCM
// under a key held in memory, as safeStorage does with the key it keeps in the Keychain, DPAPI or
// libsecret; its `refuse` switch makes decryption throw Electron's own error, as after Keychain "Deny".

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, WatchedSecretStore } from '../../electron/core/secrets';
import { EncryptedSecretStore, encryptionProblem, importPlainSecrets, type SecretCipher } from '../../electron/shell/secretStore';
import { secretProblem, secretProblems } from '../../shared/secretProblems';
import { startTestCore, tempDir } from '../support/core';

class AesGcmKeyStore implements SecretCipher {
  private readonly key = randomBytes(32);

  constructor(
    public available = true,
    private readonly backend = 'gnome_libsecret',
  ) {}

  isEncryptionAvailable(): boolean {
    return this.available;
  }

  getSelectedStorageBackend(): string {
    return this.backend;
  }

  encryptString(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  /** Keychain "Deny": the key is not handed over, and safeStorage throws on every decrypt. */
  refuse = false;

  decryptString(sealed: Buffer): string {
    if (this.refuse) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
}

const dirs: string[] = [];
function dir(): string {
  const d = tempDir('secrets-');
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const SECRET = 'whsec_7f3c9a1e-very-secret';

describe('encrypted secret store', () => {
  it('round-trips secrets and never writes them in plain text', () => {
    const file = path.join(dir(), 'secrets.enc.json');
    const store = new EncryptedSecretStore(file, new AesGcmKeyStore(), 'linux');
    store.set('webhookSecret', SECRET);
    store.set('ngrokAuthtoken', '2abcDEF_token');
    expect(store.get('webhookSecret')).toBe(SECRET);
    expect(store.get('ngrokAuthtoken')).toBe('2abcDEF_token');
    expect(store.get('missing')).toBeNull();
    const onDisk = fs.readFileSync(file, 'utf8');
    expect(onDisk).not.toContain(SECRET);
    expect(onDisk).not.toContain('2abcDEF_token');
    expect(Object.keys(JSON.parse(onDisk))).toEqual(['webhookSecret', 'ngrokAuthtoken']);
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    store.set('ngrokAuthtoken', null);
    expect(store.get('ngrokAuthtoken')).toBeNull();
  });

  it('cannot be read with another key (the store is bound to this user’s key store)', () => {
    const file = path.join(dir(), 'secrets.enc.json');
    new EncryptedSecretStore(file, new AesGcmKeyStore(), 'darwin').set('webhookSecret', SECRET);
    expect(() => new EncryptedSecretStore(file, new AesGcmKeyStore(), 'darwin').get('webhookSecret')).toThrow(/cannot be decrypted/);
  });

  it('refuses to store a secret when there is no key store, or only Chromium’s built-in key on Linux', () => {
    expect(encryptionProblem(new AesGcmKeyStore(false), 'win32')).toMatch(/not available/);
    expect(encryptionProblem(new AesGcmKeyStore(true, 'basic_text'), 'linux')).toMatch(/No system keyring/);
    expect(encryptionProblem(new AesGcmKeyStore(true, 'kwallet5'), 'linux')).toBeNull();
    expect(encryptionProblem(new AesGcmKeyStore(true, 'basic_text'), 'darwin')).toBeNull();
    const file = path.join(dir(), 'secrets.enc.json');
    const store = new EncryptedSecretStore(file, new AesGcmKeyStore(true, 'basic_text'), 'linux');
    expect(() => store.set('webhookSecret', SECRET)).toThrow(/No system keyring/);
    expect(fs.existsSync(file)).toBe(false);
    expect(store.get('webhookSecret')).toBeNull();
  });

  it('moves headless mode’s plain secrets file into the encrypted store and deletes it', () => {
    const d = dir();
    const plainFile = path.join(d, 'secrets.json');
    new FileSecretStore(plainFile).set('webhookSecret', SECRET);
    const cipher = new AesGcmKeyStore();
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), cipher, 'linux');
    expect(importPlainSecrets(plainFile, store, cipher, 'linux')).toEqual(['webhookSecret']);
    expect(fs.existsSync(plainFile)).toBe(false);
    expect(store.get('webhookSecret')).toBe(SECRET);
    expect(importPlainSecrets(plainFile, store, cipher, 'linux')).toEqual([]);
  });

  it('leaves the plain file alone where secrets cannot be encrypted', () => {
    const d = dir();
    const plainFile = path.join(d, 'secrets.json');
    new FileSecretStore(plainFile).set('webhookSecret', SECRET);
    const cipher = new AesGcmKeyStore(true, 'basic_text');
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), cipher, 'linux');
    expect(importPlainSecrets(plainFile, store, cipher, 'linux')).toEqual([]);
    expect(fs.existsSync(plainFile)).toBe(true);
  });

  it('serves the core: the webhook secret set at start is kept encrypted and checks signatures', async () => {
    const d = dir();
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), new AesGcmKeyStore(), 'linux');
    const core = await startTestCore({ dataDir: path.join(d, 'data'), secrets: store, webhookSecret: SECRET, signatureMode: 'enforce' });
    try {
      expect(core.config().secret).toBe(SECRET);
      expect(fs.existsSync(path.join(d, 'data', 'secrets.json'))).toBe(false);
      expect(fs.readFileSync(path.join(d, 'secrets.enc.json'), 'utf8')).not.toContain(SECRET);
      expect((await core.post('{"Id":"x","Notifications":[]}')).status).toBe(401);
    } finally {
      await core.close();
    }
  });
});

describe('a secret that cannot be read', () => {
  const sealedStore = (cipher: AesGcmKeyStore, platform: NodeJS.Platform = 'darwin') => {
    const d = dir();
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), cipher, platform, path.join(d, 'secrets.json'));
    store.set('webhookSecret', SECRET);
    store.set('ngrokAuthtoken', '2abcDEF_token');
    return { d, store };
  };

  it('is told apart from one never set, remembered until it reads again, and never named by its value', () => {
    const cipher = new AesGcmKeyStore();
    const { store } = sealedStore(cipher);
    const watched = new WatchedSecretStore(store);
    let changes = 0;
    watched.onChange(() => changes++);
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      cipher.refuse = true;
      expect(watched.read('webhookSecret')).toEqual({ readable: false });
      expect(watched.read('missing')).toEqual({ readable: true, value: null });
      expect(() => watched.get('ngrokAuthtoken')).toThrow(/cannot be decrypted/);
      expect(watched.unreadable().sort()).toEqual(['ngrokAuthtoken', 'webhookSecret']);
      watched.read('webhookSecret');
      expect(changes).toBe(2);
      cipher.refuse = false;
      expect(watched.read('webhookSecret')).toEqual({ readable: true, value: SECRET });
      expect(watched.unreadable()).toEqual(['ngrokAuthtoken']);
      cipher.refuse = true;
      watched.set('ngrokAuthtoken', null);
      expect(watched.unreadable()).toEqual([]);
      expect(changes).toBe(4);
    } finally {
      console.warn = warn;
    }
    expect(warnings.join('\n')).toMatch(/"webhookSecret" could not be read/);
    expect(warnings.join('\n')).not.toContain(SECRET);
  });

  it('is told only where it stops a feature in use, with what to do where the secrets are kept', () => {
    const unreadable = ['webhookToken', 'ngrokAuthtoken', 'webhookSecret'];
    expect(secretProblems(unreadable, { signatures: true, provider: 'ngrok' }).map((p) => p.secret)).toEqual(['webhookSecret', 'ngrokAuthtoken']);
    expect(secretProblems(unreadable, { signatures: true, provider: 'cloudflared' }).map((p) => p.secret)).toEqual(['webhookSecret']);
    // Signatures switched off: nothing is checked anyway, so nothing is lost.
    expect(secretProblems(unreadable, { signatures: false, provider: 'ngrok' }).map((p) => p.secret)).toEqual(['ngrokAuthtoken']);
    expect(secretProblems(['webhookToken', 'cloudflaredToken'], { signatures: true, provider: 'manual' })).toEqual([]);
    // Catch-up's credentials matter only while catch-up is on.
    const vendor = ['vendorApiToken', 'vendorApiKey'];
    expect(secretProblems(vendor, { signatures: false, provider: 'manual', catchUp: false })).toEqual([]);
    expect(secretProblems(vendor, { signatures: false, provider: 'manual', catchUp: true }).map((p) => p.secret)).toEqual(vendor);
    expect(secretProblem('vendorApiToken').text).toMatch(
      /^Calls missed while this PC was off cannot be fetched .*enter the API token again in Settings → Catch-up\.$/,
    );
    expect(secretProblem('cloudflaredToken').text).toMatch(
      /^The public URL \(Cloudflare Tunnel\) cannot start: .*system keychain\. Unlock the keychain/,
    );
    expect(secretProblem('webhookSecret', 'file').text).toMatch(/secrets\.json in the data folder\)\. Repair or remove that file/);
    expect(new WatchedSecretStore(new FileSecretStore('/nowhere/secrets.json')).place).toBe('file');
    expect(new WatchedSecretStore(new EncryptedSecretStore('/nowhere/secrets.enc.json', new AesGcmKeyStore())).place).toBe('keychain');
  });

  it('throws where the key store has become unavailable or is only Chromium’s built-in key', () => {
    const cipher = new AesGcmKeyStore();
    const { store } = sealedStore(cipher, 'linux');
    cipher.available = false;
    expect(() => store.get('webhookSecret')).toThrow(/not available/);
    expect(new WatchedSecretStore(store).read('webhookSecret')).toEqual({ readable: false });
  });

  it('reads headless mode’s plain file while it cannot be moved in, and a cleared secret does not come back from it', () => {
    const d = dir();
    const plainFile = path.join(d, 'secrets.json');
    new FileSecretStore(plainFile).set('webhookSecret', SECRET);
    const cipher = new AesGcmKeyStore(true, 'basic_text');
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), cipher, 'linux', plainFile);
    expect(importPlainSecrets(plainFile, store, cipher, 'linux')).toEqual([]);
    expect(store.get('webhookSecret')).toBe(SECRET);
    store.set('webhookSecret', null);
    expect(store.get('webhookSecret')).toBeNull();
    expect(JSON.parse(fs.readFileSync(plainFile, 'utf8'))).toEqual({});
  });

  it('moving the plain file in replaces a sealed secret that cannot be decrypted any more, and keeps one that can', () => {
    const old = new AesGcmKeyStore();
    const { d } = sealedStore(old);
    const plainFile = path.join(d, 'secrets.json');
    new FileSecretStore(plainFile).set('webhookSecret', 'from-headless');
    new FileSecretStore(plainFile).set('ngrokAuthtoken', 'also-from-headless');
    // The key store was reset: a new key, so what was sealed with the old one cannot be decrypted.
    const reset = new AesGcmKeyStore();
    const again = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), reset, 'darwin', plainFile);
    expect(importPlainSecrets(plainFile, again, reset, 'darwin').sort()).toEqual(['ngrokAuthtoken', 'webhookSecret']);
    expect(again.get('webhookSecret')).toBe('from-headless');
    expect(fs.existsSync(plainFile)).toBe(false);
  });

  it('a secret given at start that cannot be kept is used for this run', async () => {
    const d = dir();
    const store = new EncryptedSecretStore(path.join(d, 'secrets.enc.json'), new AesGcmKeyStore(true, 'basic_text'), 'linux');
    const core = await startTestCore({ dataDir: path.join(d, 'data'), secrets: store, webhookSecret: SECRET, signatureMode: 'enforce' });
    try {
      expect(core.config()).toMatchObject({ secret: SECRET, secretUnreadable: false });
      expect((await core.post('{"Id":"x","Notifications":[]}')).status).toBe(401);
    } finally {
      await core.close();
    }
  });

  it('does not stop the core: it starts unchecked, says what is affected, and checks again once the secret is entered', async () => {
    const cipher = new AesGcmKeyStore();
    const d = dir();
    const file = path.join(d, 'secrets.enc.json');
    const first = await startTestCore({
      dataDir: path.join(d, 'data'),
      secrets: new EncryptedSecretStore(file, cipher, 'darwin'),
      webhookSecret: SECRET,
      signatureMode: 'enforce',
    });
    const token = first.config().token;
    await first.close();
    cipher.refuse = true;
    const core = await startTestCore({ dataDir: path.join(d, 'data'), secrets: new EncryptedSecretStore(file, cipher, 'darwin') });
    try {
      expect(core.config()).toMatchObject({ token, secret: null, signatureMode: 'enforce', secretUnreadable: true });
      expect(core.secretProblems().map((p) => p.secret)).toEqual(['webhookSecret']);
      expect(JSON.stringify(core.secretProblems())).not.toContain(SECRET);
      // Unsigned, yet stored: refusing would lose the call once the vendor gives up.
      expect((await core.post('{"Id":"x","Notifications":[]}')).status).toBe(200);
      // Asking for checks without giving the secret again says why it is needed.
      expect(() => core.handlers.updateSettings({ signature: { mode: 'report' } })).toThrow('The webhook secret could not be read: enter it again');
      cipher.refuse = false;
      core.setSignature('whsec_new', 'enforce');
      expect(core.secretProblems()).toEqual([]);
      expect((await core.post('{"Id":"y","Notifications":[]}')).status).toBe(401);
    } finally {
      await core.close();
    }
  });
});

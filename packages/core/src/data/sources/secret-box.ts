import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const PREFIX = 'enc:v1:';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The key file `loadSecretKey` creates under the Baton home when no key is configured. */
export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {}

/**
 * Seals and opens project secrets (data source connection strings) with AES-256-GCM: each
 * value gets a fresh 96-bit IV, and the authentication tag makes a wrong key or a tampered
 * value fail loudly instead of decrypting to garbage. Stored form:
 * `enc:v1:<base64 iv>:<base64 tag>:<base64 ciphertext>`. Values written before encryption
 * existed (no prefix) are plaintext; `isSealed` tells them apart so they can be re-sealed.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES) throw new SecretKeyError(`the secret key must be ${KEY_BYTES} bytes`);
    this.#key = Buffer.from(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
  }

  /** The plaintext of a stored value (a legacy plaintext value is returned as it is). */
  open(stored: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [iv = '', tag = '', data = ''] = stored.slice(PREFIX.length).split(':');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64').subarray(0, TAG_BYTES));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError('the secret cannot be decrypted with this server key');
    }
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }
}

/** A configured key: 32 bytes as 64 hex digits or as base64. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES || (!/^[0-9a-f]{64}$/i.test(trimmed) && key.toString('base64') !== trimmed)) {
    throw new SecretKeyError(
      'BATON_SECRET_KEY must be 32 bytes written as 64 hex digits or base64 (e.g. `openssl rand -hex 32`)',
    );
  }
  return key;
}

/**
 * The key that seals project secrets: the configured one (`BATON_SECRET_KEY`) or else the
 * key file under the Baton home, created on first start with a random key, readable by the
 * owner only (0600). Several servers or workers sharing one database need the same key.
 */
export function loadSecretKey(options: { key?: string | undefined; home: string }): Buffer {
  if (options.key !== undefined) return parseSecretKey(options.key);
  const file = path.join(options.home, SECRET_KEY_FILE);
  mkdirSync(options.home, { recursive: true });
  try {
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  // Another process may have created the file an instant ago and not written it yet.
  for (let attempt = 0; ; attempt++) {
    const text = readFileSync(file, 'utf8');
    if (text.trim() !== '' || attempt >= 50) return parseSecretKey(text);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}

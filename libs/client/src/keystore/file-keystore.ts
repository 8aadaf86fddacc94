import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeystoreBackend, KeystoreContents } from './keystore-contents';
import { ClientError, ClientErrorCode } from '../errors';
import {
  deriveKeystoreKey,
  KEYSTORE_DEFAULT_KDF,
  KEYSTORE_MIN_PASSPHRASE_LENGTH,
  openKeystoreWithKey,
  sealKeystoreWithKey,
  type KeystoreKdf,
  type KeystoreKey,
} from './keystore-seal';

/**
 * The keystore as a file only its owner can read (0600), sealed under a
 * passphrase, replaced atomically so a crash never leaves half a keystore.
 */
export class FileKeystore implements KeystoreBackend {
  /** The passphrase, or a function asked for it the first time the keystore is opened. */
  constructor(
    readonly file: string,
    private readonly passphrase: string | (() => Promise<string>),
    private readonly kdf: KeystoreKdf = KEYSTORE_DEFAULT_KDF,
  ) {}

  private key: KeystoreKey | null = null;
  /** What this process last read or wrote, and the file's identity then. */
  private cached: { stamp: string; contents: KeystoreContents } | null = null;

  private async secret(): Promise<string> {
    return typeof this.passphrase === 'string' ? this.passphrase : this.passphrase();
  }

  /**
   * The contents; re-read only when the file changed (another process wrote
   * it), and decrypted with the key already derived when the salt is the same.
   */
  async load(): Promise<KeystoreContents | null> {
    const before = await stampOf(this.file);
    if (before === null) return null;
    if (this.cached?.stamp === before) return structuredClone(this.cached.contents);
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // openKeystoreWithKey says what is wrong with it
    }
    const opened = openKeystoreWithKey(parsed, await this.secret(), this.key ?? undefined);
    this.key = opened.key;
    this.cached = { stamp: before, contents: opened.contents };
    return structuredClone(opened.contents);
  }

  async save(contents: KeystoreContents): Promise<void> {
    await writeSecretFile(
      this.file,
      JSON.stringify(sealKeystoreWithKey(contents, await this.keyForSaving()), null, 2),
    );
    const stamp = await stampOf(this.file);
    this.cached = stamp === null ? null : { stamp, contents: structuredClone(contents) };
  }

  /** The key the file was opened with, or — for a new file — one derived from a checked passphrase. */
  private async keyForSaving(): Promise<KeystoreKey> {
    if (this.key) return this.key;
    const passphrase = await this.secret();
    if (passphrase.length < KEYSTORE_MIN_PASSPHRASE_LENGTH) {
      throw new ClientError(
        ClientErrorCode.WeakPassphrase,
        `the keystore passphrase needs at least ${KEYSTORE_MIN_PASSPHRASE_LENGTH} characters`,
      );
    }
    this.key = deriveKeystoreKey(passphrase, this.kdf);
    return this.key;
  }
}

async function stampOf(file: string): Promise<string | null> {
  try {
    const info = await stat(file, { bigint: true });
    return `${info.ino}:${info.size}:${info.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes a file readable by its owner only, through a temporary file and a rename. */
export async function writeSecretFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${text}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

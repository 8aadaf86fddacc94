import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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

  private async secret(): Promise<string> {
    return typeof this.passphrase === 'string' ? this.passphrase : this.passphrase();
  }

  async load(): Promise<KeystoreContents | null> {
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
      // openKeystore says what is wrong with it
    }
    const opened = openKeystoreWithKey(parsed, await this.secret());
    this.key = opened.key;
    return opened.contents;
  }

  async save(contents: KeystoreContents): Promise<void> {
    await writeSecretFile(
      this.file,
      JSON.stringify(sealKeystoreWithKey(contents, await this.keyForSaving()), null, 2),
    );
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

/** Writes a file readable by its owner only, through a temporary file and a rename. */
export async function writeSecretFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${text}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

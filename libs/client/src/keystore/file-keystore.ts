import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeystoreBackend, KeystoreContents } from './keystore-contents';
import {
  KEYSTORE_DEFAULT_KDF,
  openKeystore,
  sealKeystore,
  type KeystoreKdf,
} from './keystore-seal';

/**
 * The keystore as a file only its owner can read (0600), sealed under a
 * passphrase, replaced atomically so a crash never leaves half a keystore.
 */
export class FileKeystore implements KeystoreBackend {
  constructor(
    readonly file: string,
    private readonly passphrase: string,
    private readonly kdf: KeystoreKdf = KEYSTORE_DEFAULT_KDF,
  ) {}

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
    return openKeystore(parsed, this.passphrase);
  }

  async save(contents: KeystoreContents): Promise<void> {
    await writeSecretFile(
      this.file,
      JSON.stringify(sealKeystore(contents, this.passphrase, this.kdf), null, 2),
    );
  }
}

/** Writes a file readable by its owner only, through a temporary file and a rename. */
export async function writeSecretFile(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, `${text}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

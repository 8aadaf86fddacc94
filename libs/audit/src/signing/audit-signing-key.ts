import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { keyIdOf } from './checkpoint-signature';
import { sodium } from './sodium';

export const SIGNING_KEY_FILE_NAME = 'audit-signing.key';
const SEED_BYTES = 32;
const PUBLIC_KEY_BYTES = 32;

/** Where the audit signing key lives, from the configuration. */
export interface SigningKeySettings {
  environment: 'development' | 'production' | 'test';
  /** AUDIT_SIGNING_KEY_FILE, if set. */
  signingKeyFile?: string;
  /** DATA_DIR: where development and test keep a generated key. */
  dataDir: string;
}

export interface SigningKeyLocation {
  file: string;
  /** True for the development/test default: the worker creates the file when it is missing. */
  generated: boolean;
}

export interface AuditSigningKey {
  publicKey: Uint8Array;
  /** Ed25519 secret key (seed and public key), as libsodium wants it. */
  privateKey: Uint8Array;
  keyId: string;
}

/**
 * The key file named by AUDIT_SIGNING_KEY_FILE. Without it, development and
 * test use (and create) `<DATA_DIR>/audit-signing.key`; production refuses,
 * because a key generated next to the data protects nothing.
 */
export function signingKeyLocation(settings: SigningKeySettings): SigningKeyLocation {
  if (settings.signingKeyFile) {
    return { file: path.resolve(settings.signingKeyFile), generated: false };
  }
  if (settings.environment === 'production') {
    throw new Error(
      'AUDIT_SIGNING_KEY_FILE is required in production (the audit signing key, kept outside the database)',
    );
  }
  return { file: path.resolve(settings.dataDir, SIGNING_KEY_FILE_NAME), generated: true };
}

/** A 32-byte value written as 64 hex digits or base64 (standard or URL-safe). */
export function decodeKeyBytes(text: string, bytes: number): Uint8Array | undefined {
  const value = text.trim();
  if (new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`).test(value)) {
    return new Uint8Array(Buffer.from(value, 'hex'));
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  const decoded = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return decoded.length === bytes ? new Uint8Array(decoded) : undefined;
}

export function parsePublicKey(text: string): Uint8Array | undefined {
  return decodeKeyBytes(text, PUBLIC_KEY_BYTES);
}

export function encodePublicKey(publicKey: Uint8Array): string {
  return Buffer.from(publicKey).toString('base64');
}

export async function keyFromSeed(seed: Uint8Array): Promise<AuditSigningKey> {
  const lib = await sodium();
  const { publicKey, privateKey } = lib.crypto_sign_seed_keypair(seed);
  return { publicKey, privateKey, keyId: keyIdOf(publicKey) };
}

/**
 * Reads the key file (the 32-byte seed as base64 or hex). Synchronous: the
 * worker reads it while its modules are put together, so a missing or bad
 * file stops it with one line. Errors name the file, never its contents.
 */
export function readSigningSeed(file: string): Uint8Array {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new Error(`cannot read the audit signing key file ${file}: ${code}`);
  }
  const seed = decodeKeyBytes(text, SEED_BYTES);
  if (!seed) {
    throw new Error(
      `the audit signing key file ${file} must hold a 32-byte seed as base64 or 64 hex digits`,
    );
  }
  return seed;
}

export async function readSigningKey(file: string): Promise<AuditSigningKey> {
  return keyFromSeed(readSigningSeed(file));
}

/**
 * Creates the key file with a random seed (mode 600) unless it exists.
 * Written to a temporary file and linked into place, so processes starting
 * together agree on one key and none reads a half-written file.
 */
export function createSigningKeyFile(file: string): boolean {
  if (existsSync(file)) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, `${randomBytes(SEED_BYTES).toString('base64')}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    chmodSync(temporary, 0o600);
    linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** The worker's seed: read from its file, created first where that is allowed and needed. */
export function loadSigningSeed(location: SigningKeyLocation): {
  seed: Uint8Array;
  created: boolean;
} {
  const created = location.generated ? createSigningKeyFile(location.file) : false;
  return { seed: readSigningSeed(location.file), created };
}

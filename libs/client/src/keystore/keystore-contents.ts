import type { BackupKeyCertificateJson } from '@fpn/crypto';

/** What the SDK keeps on a device. Everything here is secret or integrity-critical. */
export interface KeystoreContents {
  version: 1;
  /** The server this keystore belongs to and the account it holds keys for. */
  serverUrl: string;
  accountId: string;
  /**
   * The Ed25519 identity key's 32-byte seed (base64url). Null on a ministry
   * system's device: the person who issued its API credential certified it
   * and keeps the identity key; the system holds only its device keys.
   */
  identitySeed: string | null;
  /** This device: its id and the seeds of its signing and encryption keys (base64url). */
  device: KeystoreDevice | null;
  /** Every identity key this device has seen, by account id (its own included). */
  pins: Record<string, Pin>;
  /** The certified backup key, once a backup is published: where new entries are sealed to. */
  backup: { certificate: BackupKeyCertificateJson } | null;
  /** Message content keys this device holds (base64url), by message id. */
  messageKeys: Record<string, string>;
  /** Messages this device received but could not accept (forged, …), by id: not shown twice. */
  rejected?: Record<string, string>;
}

export interface KeystoreDevice {
  deviceId: string;
  signingSeed: string;
  encryptionSeed: string;
  issuedAt: string;
  /** The last delivery cursor this device confirmed. */
  cursor?: string | null;
}

/** Trust on first use, upgraded to `verified` once safety numbers were compared. */
export interface Pin {
  identityPublicKey: string;
  verified: boolean;
  pinnedAt: string;
  verifiedAt: string | null;
  /** Keys pinned before, with when the user accepted the change. */
  previous: { identityPublicKey: string; verified: boolean; replacedAt: string }[];
}

/** Where the keystore lives: an encrypted file for the CLI, memory in tests. */
export interface KeystoreBackend {
  load(): Promise<KeystoreContents | null>;
  save(contents: KeystoreContents): Promise<void>;
}

export class MemoryKeystore implements KeystoreBackend {
  private contents: KeystoreContents | null = null;
  async load() {
    return this.contents && structuredClone(this.contents);
  }
  async save(contents: KeystoreContents) {
    this.contents = structuredClone(contents);
  }
}

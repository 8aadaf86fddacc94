import { Logger } from '@nestjs/common';
import { AppConfig } from '@fpn/config';
import {
  encodePublicKey,
  keyFromSeed,
  loadSigningSeed,
  signingKeyLocation,
  type AuditSigningKey,
  type SigningKeyLocation,
} from './audit-signing-key';
import { signCheckpoint } from './checkpoint-signature';

/** The seed read at module assembly, and where it came from. */
export interface LoadedSigningSeed {
  seed: Uint8Array;
  created: boolean;
  location: SigningKeyLocation;
}

/**
 * The worker's audit signing key, from the file the configuration names.
 * Only the worker holds it; the database never does.
 */
export class AuditSigner {
  constructor(private readonly key: AuditSigningKey) {}

  /**
   * Reads (or, in development and test, creates) the key file. Synchronous
   * and before any provider exists, so a missing or bad key stops the worker
   * with one line naming the setting.
   */
  static loadSeed(config: AppConfig): LoadedSigningSeed {
    const location = signingKeyLocation({
      environment: config.environment,
      signingKeyFile: config.audit.signingKeyFile,
      dataDir: config.dataDir,
    });
    return { ...loadSigningSeed(location), location };
  }

  static async create({ seed, created, location }: LoadedSigningSeed): Promise<AuditSigner> {
    const logger = new Logger(AuditSigner.name);
    const key = await keyFromSeed(seed);
    if (created) {
      logger.warn(
        { file: location.file },
        'generated an audit signing key for development (set AUDIT_SIGNING_KEY_FILE in production)',
      );
    }
    logger.log(
      { keyId: key.keyId, publicKey: encodePublicKey(key.publicKey) },
      'audit signing key loaded',
    );
    return new AuditSigner(key);
  }

  get keyId(): string {
    return this.key.keyId;
  }

  get publicKey(): Uint8Array {
    return this.key.publicKey;
  }

  sign(seq: number, headHash: string): Promise<string> {
    return signCheckpoint(this.key.privateKey, seq, headHash);
  }
}

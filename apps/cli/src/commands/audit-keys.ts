import {
  encodePublicKey,
  keyIdOf,
  parsePublicKey,
  readSigningKey,
  signingKeyLocation,
  type SigningKeySettings,
} from '@fpn/audit';

export interface AuditKeyEnv {
  NODE_ENV: SigningKeySettings['environment'];
  DATA_DIR: string;
  AUDIT_SIGNING_KEY_FILE?: string;
  AUDIT_PUBLIC_KEY?: string;
}

/** The signing key's public half, read from the file the worker signs with. */
export async function publicKeyFromSigningKeyFile(env: AuditKeyEnv) {
  const { file } = signingKeyLocation({
    environment: env.NODE_ENV,
    signingKeyFile: env.AUDIT_SIGNING_KEY_FILE,
    dataDir: env.DATA_DIR,
  });
  const key = await readSigningKey(file).catch((error: Error) => {
    const hint = env.AUDIT_SIGNING_KEY_FILE
      ? ''
      : ' (the worker creates it on first start; or set AUDIT_PUBLIC_KEY)';
    throw new Error(`${error.message}${hint}`);
  });
  return { publicKey: key.publicKey, keyId: key.keyId, file };
}

/**
 * The key checkpoints are verified with: AUDIT_PUBLIC_KEY when set (best: a
 * copy kept away from the server), else derived from the signing key file.
 */
export async function auditPublicKey(env: AuditKeyEnv): Promise<Uint8Array> {
  if (env.AUDIT_PUBLIC_KEY) {
    const publicKey = parsePublicKey(env.AUDIT_PUBLIC_KEY);
    if (!publicKey) throw new Error('AUDIT_PUBLIC_KEY must be a 32-byte Ed25519 public key');
    return publicKey;
  }
  if (env.NODE_ENV === 'production' && !env.AUDIT_SIGNING_KEY_FILE) {
    throw new Error('set AUDIT_PUBLIC_KEY (or AUDIT_SIGNING_KEY_FILE) to verify checkpoints');
  }
  return (await publicKeyFromSigningKeyFile(env)).publicKey;
}

export function describePublicKey(publicKey: Uint8Array): string[] {
  return [`AUDIT_PUBLIC_KEY=${encodePublicKey(publicKey)}`, `key id ${keyIdOf(publicKey)}`];
}

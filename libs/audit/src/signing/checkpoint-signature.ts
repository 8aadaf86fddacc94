import { createHash } from 'node:crypto';
import { sodium } from './sodium';

/** What a checkpoint's signature covers. The prefix keeps the signature from meaning anything else. */
export function checkpointMessage(seq: number, headHash: string): string {
  return `fpn-audit-checkpoint:v1|${seq}|${headHash}`;
}

/** First 16 hex digits of SHA-256 of the public key: names the key a checkpoint was signed with. */
export function keyIdOf(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 16);
}

/** Ed25519 signature, base64. */
export async function signCheckpoint(
  privateKey: Uint8Array,
  seq: number,
  headHash: string,
): Promise<string> {
  const lib = await sodium();
  const signature = lib.crypto_sign_detached(checkpointMessage(seq, headHash), privateKey);
  return Buffer.from(signature).toString('base64');
}

export async function checkpointSignatureValid(
  publicKey: Uint8Array,
  seq: number,
  headHash: string,
  signatureBase64: string,
): Promise<boolean> {
  const lib = await sodium();
  const signature = Buffer.from(signatureBase64, 'base64');
  if (signature.length !== lib.crypto_sign_BYTES) return false;
  try {
    return lib.crypto_sign_verify_detached(signature, checkpointMessage(seq, headHash), publicKey);
  } catch {
    return false;
  }
}

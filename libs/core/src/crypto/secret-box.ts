import sodium from 'libsodium-wrappers-sumo';

/**
 * Encrypts server-held secrets (TOTP seeds, pending e-mail links) at rest with XChaCha20-Poly1305
 * under a key from configuration, bound to their owner (associated data), so a
 * database copy alone reveals nothing and a seed cannot be moved to another
 * account.
 */
export class SecretBox {
  private constructor(private readonly key: Uint8Array) {}

  static async create(base64Key: string): Promise<SecretBox> {
    await sodium.ready;
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== sodium.crypto_aead_xchacha20poly1305_ietf_KEYBYTES) {
      throw new Error('The encryption key must be exactly 32 bytes, base64-encoded');
    }
    return new SecretBox(new Uint8Array(key));
  }

  seal(plaintext: string, owner: string): string {
    const nonce = sodium.randombytes_buf(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
    const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
      plaintext,
      owner,
      null,
      nonce,
      this.key,
    );
    return `v1.${Buffer.from(nonce).toString('base64url')}.${Buffer.from(sealed).toString('base64url')}`;
  }

  open(box: string, owner: string): string {
    const [version, nonce, sealed] = box.split('.');
    if (version !== 'v1' || !nonce || !sealed) throw new Error('unknown secret box format');
    const plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      Buffer.from(sealed, 'base64url'),
      owner,
      Buffer.from(nonce, 'base64url'),
      this.key,
    );
    return Buffer.from(plaintext).toString('utf8');
  }
}

import sodium from 'libsodium-wrappers-sumo';

export interface Argon2Cost {
  passes: number;
  memoryKib: number;
}

/**
 * Argon2id through libsodium, synchronously: for worker threads and one-off
 * commands. The API never calls this on its event loop (see PasswordHasher).
 */
export async function argon2idHash(password: string, cost: Argon2Cost): Promise<string> {
  await sodium.ready;
  return sodium.crypto_pwhash_str(password, cost.passes, cost.memoryKib * 1024);
}

export async function argon2idVerify(
  hash: string,
  password: string,
  cost: Argon2Cost,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  await sodium.ready;
  const ok = sodium.crypto_pwhash_str_verify(hash, password);
  const needsRehash =
    ok && sodium.crypto_pwhash_str_needs_rehash(hash, cost.passes, cost.memoryKib * 1024);
  return { ok, needsRehash };
}

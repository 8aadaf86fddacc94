import sodium from 'libsodium-wrappers-sumo';

/**
 * Runs in a worker thread (Piscina): libsodium's Argon2id is synchronous and
 * would otherwise block the API's event loop for every login.
 */
export interface HashTask {
  op: 'hash';
  password: string;
  opsLimit: number;
  memLimitBytes: number;
}

export interface VerifyTask {
  op: 'verify';
  password: string;
  hash: string;
  opsLimit: number;
  memLimitBytes: number;
}

export interface VerifyResult {
  ok: boolean;
  needsRehash: boolean;
}

export default async function run(task: HashTask | VerifyTask): Promise<string | VerifyResult> {
  await sodium.ready;
  if (task.op === 'hash') {
    return sodium.crypto_pwhash_str(task.password, task.opsLimit, task.memLimitBytes);
  }
  const ok = sodium.crypto_pwhash_str_verify(task.hash, task.password);
  const needsRehash =
    ok && sodium.crypto_pwhash_str_needs_rehash(task.hash, task.opsLimit, task.memLimitBytes);
  return { ok, needsRehash };
}

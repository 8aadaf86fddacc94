import { type Argon2Cost, argon2idHash, argon2idVerify } from './argon2id';

/**
 * Runs in a worker thread (Piscina): libsodium's Argon2id is synchronous and
 * would otherwise block the API's event loop for every login.
 */
export type HashTask = { op: 'hash'; password: string } & Argon2Cost;
export type VerifyTask = { op: 'verify'; password: string; hash: string } & Argon2Cost;

export interface VerifyResult {
  ok: boolean;
  needsRehash: boolean;
}

export default async function run(task: HashTask | VerifyTask): Promise<string | VerifyResult> {
  return task.op === 'hash'
    ? argon2idHash(task.password, task)
    : argon2idVerify(task.hash, task.password, task);
}

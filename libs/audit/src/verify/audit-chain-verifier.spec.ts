import { entryHash, GENESIS_HASH } from '../chain/canonical-encoding';
import { keyFromSeed, type AuditSigningKey } from '../signing/audit-signing-key';
import { signCheckpoint } from '../signing/checkpoint-signature';
import {
  AuditChainVerifier,
  parseExpectedHead,
  type ExpectedHead,
  type StoredCheckpoint,
  type StoredEntry,
} from './audit-chain-verifier';

/** A chain of `count` entries, hashed as the chainer does. */
function chain(count: number): StoredEntry[] {
  const entries: StoredEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const event = {
      seq,
      prevHash,
      type: seq % 2 ? 'LOGIN_SUCCEEDED' : 'LOGIN_FAILED',
      actorId: null,
      actorRole: null,
      subjectType: 'user',
      subjectId: `user-${seq}`,
      memberState: null,
      ip: '192.0.2.1',
      requestId: null,
      details: { attempt: seq },
      occurredAt: new Date(Date.UTC(2026, 0, 15, 9, 0, seq)),
    };
    const hash = entryHash(event);
    entries.push({ ...event, hash });
    prevHash = hash;
  }
  return entries;
}

/** Recomputes every hash from `from` on, as someone covering their tracks would. */
function rehash(entries: StoredEntry[], from: number): StoredEntry[] {
  const out = entries.map((entry) => ({ ...entry }));
  for (let index = from - 1; index < out.length; index += 1) {
    out[index].prevHash = index === 0 ? GENESIS_HASH : out[index - 1].hash;
    out[index].hash = entryHash(out[index]);
  }
  return out;
}

let key: AuditSigningKey;
let otherKey: AuditSigningKey;
beforeAll(async () => {
  key = await keyFromSeed(new Uint8Array(32).fill(7));
  otherKey = await keyFromSeed(new Uint8Array(32).fill(9));
});

async function checkpoint(
  id: number,
  entry: StoredEntry,
  signer: AuditSigningKey = key,
): Promise<StoredCheckpoint> {
  return {
    id,
    seq: entry.seq,
    headHash: entry.hash,
    entryCount: entry.seq,
    signature: await signCheckpoint(signer.privateKey, entry.seq, entry.hash),
    keyId: signer.keyId,
  };
}

async function verify(
  entries: StoredEntry[],
  checkpoints: StoredCheckpoint[] = [],
  expected?: ExpectedHead,
) {
  const verifier = await AuditChainVerifier.create(checkpoints, key.publicKey, expected);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}

describe('AuditChainVerifier', () => {
  let intact: StoredEntry[];
  let checkpoints: StoredCheckpoint[];
  beforeAll(async () => {
    intact = chain(12);
    checkpoints = [await checkpoint(1, intact[4]), await checkpoint(2, intact[9])];
  });

  it('passes an intact chain and reports its head and checkpoints', async () => {
    expect(await verify(intact, checkpoints)).toEqual({
      ok: true,
      entries: 12,
      head: intact[11].hash,
      checkpoints: 2,
    });
  });

  it('passes an empty log', async () => {
    expect(await verify([])).toEqual({ ok: true, entries: 0, head: null, checkpoints: 0 });
  });

  it('names an entry whose contents were edited', async () => {
    const edited = intact.map((entry) => ({ ...entry }));
    edited[6].details = { attempt: 700 };
    expect((await verify(edited, checkpoints)).firstBad).toEqual({
      seq: 7,
      reason: 'entry 7: hash does not match its contents',
    });
  });

  it('names an entry that was deleted', async () => {
    const deleted = intact.filter((entry) => entry.seq !== 5);
    expect((await verify(deleted, checkpoints)).firstBad).toEqual({
      seq: 5,
      reason: 'entry 5 missing (seq jumps 4 → 6)',
    });
    expect((await verify(intact.slice(2))).firstBad?.reason).toBe(
      'entry 1 missing (chain starts at 3)',
    );
  });

  it('names the first of two entries whose contents were swapped', async () => {
    const swapped = intact.map((entry) => ({ ...entry }));
    swapped[2] = { ...intact[3], seq: 3 };
    swapped[3] = { ...intact[2], seq: 4 };
    expect((await verify(swapped, checkpoints)).firstBad).toEqual({
      seq: 3,
      reason: 'entry 3: hash does not match its contents',
    });
  });

  it('names a broken previous-hash link when an entry was edited and rehashed alone', async () => {
    const edited = intact.map((entry) => ({ ...entry }));
    edited[7].details = { attempt: 800 };
    edited[7].hash = entryHash(edited[7]);
    expect((await verify(edited)).firstBad).toEqual({
      seq: 9,
      reason: "entry 9: previous-hash link broken (does not match entry 8's hash)",
    });
  });

  it('catches a chain rewritten after an entry through the next signed checkpoint', async () => {
    const edited = intact.map((entry) => ({ ...entry }));
    edited[6].details = { attempt: 700 };
    expect((await verify(rehash(edited, 7), checkpoints)).firstBad).toEqual({
      seq: 10,
      reason:
        'entry 10: hash differs from the one checkpoint 2 signed (entries 6–10 were rewritten)',
    });
  });

  it('catches a tail cut below the last checkpoint', async () => {
    expect((await verify(intact.slice(0, 7), checkpoints)).firstBad).toEqual({
      seq: 8,
      reason: 'chain ends at 7 but checkpoint 2 covers 10',
    });
  });

  it('catches a tail cut after the last checkpoint only with a head recorded earlier', async () => {
    const cut = intact.slice(0, 10);
    expect((await verify(cut, checkpoints)).ok).toBe(true);
    const head = intact[11].hash;
    expect((await verify(cut, checkpoints, parseExpectedHead(head))).firstBad).toEqual({
      seq: 11,
      reason: `expected head ${head.slice(0, 12)}… not found (chain ends at 10)`,
    });
    expect((await verify(cut, checkpoints, parseExpectedHead(`12:${head}`))).firstBad).toEqual({
      seq: 12,
      reason: `expected head ${head.slice(0, 12)}… at entry 12 not found (chain ends at 10)`,
    });
  });

  it('accepts a head recorded earlier that the chain has grown past', async () => {
    expect((await verify(intact, checkpoints, parseExpectedHead(intact[7].hash))).ok).toBe(true);
    expect((await verify(intact, checkpoints, parseExpectedHead(`8:${intact[7].hash}`))).ok).toBe(
      true,
    );
    expect(
      (await verify(intact, checkpoints, parseExpectedHead(`9:${intact[7].hash}`))).firstBad,
    ).toEqual({
      seq: 9,
      reason: `entry 9: hash differs from the expected head ${intact[7].hash.slice(0, 12)}…`,
    });
  });

  it('refuses a checkpoint signed with another key, or whose signature does not verify', async () => {
    const foreign = [checkpoints[0], await checkpoint(2, intact[9], otherKey)];
    expect((await verify(intact, foreign)).firstBad).toEqual({
      seq: 10,
      reason: `checkpoint 2: signed with key ${otherKey.keyId}, not the audit public key (${key.keyId})`,
    });
    const forged = [checkpoints[0], { ...checkpoints[1], signature: checkpoints[0].signature }];
    expect((await verify(intact, forged)).firstBad?.reason).toBe(
      'checkpoint 2: signature does not verify with the audit public key',
    );
  });

  it('refuses a gap in the checkpoint numbers (a checkpoint was deleted)', async () => {
    const third = await checkpoint(3, intact[11]);
    expect((await verify(intact, [checkpoints[0], third])).firstBad).toEqual({
      seq: 12,
      reason: 'checkpoint 2 missing (checkpoint numbers jump 1 → 3)',
    });
  });

  it('rejects an expected head that is not a hash', () => {
    expect(() => parseExpectedHead('abc')).toThrow(/64-hex-digit/);
    expect(parseExpectedHead(` 40:${'A'.repeat(64)} `)).toEqual({ seq: 40, hash: 'a'.repeat(64) });
  });
});

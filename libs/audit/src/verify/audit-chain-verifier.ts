import { checkpointSignatureValid, keyIdOf } from '../signing/checkpoint-signature';
import { entryHash, GENESIS_HASH, type ChainedEvent } from '../chain/canonical-encoding';

export interface StoredEntry extends ChainedEvent {
  hash: string;
}

export interface StoredCheckpoint {
  id: number;
  seq: number;
  headHash: string;
  entryCount: number;
  signature: string;
  keyId: string;
}

export interface ExpectedHead {
  /** The entry the head was, when the caller recorded it. */
  seq?: number;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  /** Entries checked (all of them when the log is intact). */
  entries: number;
  /** Hash of the last entry checked; null for an empty chain. */
  head: string | null;
  /** Checkpoints whose signature and position were verified. */
  checkpoints: number;
  firstBad?: { seq: number; reason: string };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** `HASH` or `SEQ:HASH`, as `audit:verify --expect-head` takes it. */
export function parseExpectedHead(text: string): ExpectedHead {
  const match = /^(?:(\d+):)?([0-9a-fA-F]{64})$/.exec(text.trim());
  if (!match) {
    throw new Error(
      'the expected head must be a 64-hex-digit entry hash, optionally prefixed by its entry number (40:…)',
    );
  }
  return { seq: match[1] ? Number(match[1]) : undefined, hash: match[2].toLowerCase() };
}

interface CheckpointCheck {
  checkpoint: StoredCheckpoint;
  /** Why the checkpoint itself is bad, found before the chain is read. */
  problem?: string;
}

/**
 * Checks an audit log entry by entry, in `seq` order, without holding it in
 * memory: `push` each entry, then `finish`. Stops at the first bad entry and
 * names it: a gap, a hash that does not match the entry's contents, a broken
 * previous-hash link, a head that differs from a signed checkpoint, a chain
 * shorter than its last checkpoint, or an expected head that is gone.
 */
export class AuditChainVerifier {
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  private entries = 0;
  private failure?: { seq: number; reason: string };
  private readonly bySeq = new Map<number, CheckpointCheck[]>();
  private readonly visited = new Set<CheckpointCheck>();
  private lastGoodCheckpointSeq = 0;
  private verifiedCheckpoints = 0;
  private expectedFound = false;

  private constructor(
    private readonly checks: CheckpointCheck[],
    private readonly expected?: ExpectedHead,
  ) {
    for (const check of checks) {
      const list = this.bySeq.get(check.checkpoint.seq) ?? [];
      list.push(check);
      this.bySeq.set(check.checkpoint.seq, list);
    }
  }

  /** Checks every checkpoint's numbering, count, key and signature up front. */
  static async create(
    checkpoints: readonly StoredCheckpoint[],
    publicKey: Uint8Array,
    expected?: ExpectedHead,
  ): Promise<AuditChainVerifier> {
    const keyId = keyIdOf(publicKey);
    const checks: CheckpointCheck[] = [];
    let previous: StoredCheckpoint | undefined;
    for (const checkpoint of [...checkpoints].sort((a, b) => a.id - b.id)) {
      checks.push({
        checkpoint,
        problem: await checkpointProblem(checkpoint, previous, publicKey, keyId),
      });
      previous = checkpoint;
    }
    return new AuditChainVerifier(checks, expected);
  }

  get failed(): boolean {
    return this.failure !== undefined;
  }

  /** Checks the next entry; returns false once the log is known to be bad. */
  push(entry: StoredEntry): boolean {
    if (this.failure) return false;
    const expectedSeq = this.lastSeq + 1;
    if (entry.seq < expectedSeq) {
      return this.fail(
        entry.seq,
        `entry ${entry.seq} is out of order (after entry ${this.lastSeq})`,
      );
    }
    if (entry.seq > expectedSeq) {
      return this.fail(
        expectedSeq,
        this.lastSeq === 0
          ? `entry 1 missing (chain starts at ${entry.seq})`
          : `entry ${expectedSeq} missing (seq jumps ${this.lastSeq} → ${entry.seq})`,
      );
    }
    if (safeHash(entry) !== entry.hash) {
      return this.fail(entry.seq, `entry ${entry.seq}: hash does not match its contents`);
    }
    if (entry.prevHash !== this.lastHash) {
      return this.fail(
        entry.seq,
        entry.seq === 1
          ? 'entry 1: previous-hash link broken (not the genesis hash)'
          : `entry ${entry.seq}: previous-hash link broken (does not match entry ${this.lastSeq}'s hash)`,
      );
    }
    if (this.expected && !this.checkExpectedHead(entry)) return false;
    for (const check of this.bySeq.get(entry.seq) ?? []) {
      this.visited.add(check);
      const { checkpoint, problem } = check;
      if (problem) return this.fail(entry.seq, problem);
      if (checkpoint.headHash !== entry.hash) {
        return this.fail(
          entry.seq,
          `entry ${entry.seq}: hash differs from the one checkpoint ${checkpoint.id} signed ` +
            `(entries ${this.lastGoodCheckpointSeq + 1}–${entry.seq} were rewritten)`,
        );
      }
      this.lastGoodCheckpointSeq = entry.seq;
      this.verifiedCheckpoints += 1;
    }
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
    this.entries += 1;
    return true;
  }

  /** The verdict, once every entry has been pushed. */
  finish(): AuditVerification {
    if (!this.failure) this.checkEnd();
    return {
      ok: !this.failure,
      entries: this.entries,
      head: this.entries > 0 ? this.lastHash : null,
      checkpoints: this.verifiedCheckpoints,
      ...(this.failure ? { firstBad: this.failure } : {}),
    };
  }

  private checkExpectedHead(entry: StoredEntry): boolean {
    const expected = this.expected!;
    if (expected.seq === undefined) {
      if (entry.hash === expected.hash) this.expectedFound = true;
      return true;
    }
    if (entry.seq !== expected.seq) return true;
    if (entry.hash !== expected.hash) {
      return this.fail(
        entry.seq,
        `entry ${entry.seq}: hash differs from the expected head ${short(expected.hash)}`,
      );
    }
    this.expectedFound = true;
    return true;
  }

  private checkEnd(): void {
    const unvisited = this.checks
      .filter((check) => !this.visited.has(check))
      .sort((a, b) => a.checkpoint.seq - b.checkpoint.seq);
    const [first] = unvisited;
    if (first) {
      const { checkpoint, problem } = first;
      if (problem) {
        this.fail(Math.max(1, Math.min(checkpoint.seq, this.lastSeq + 1)), problem);
      } else if (checkpoint.seq > this.lastSeq) {
        this.fail(
          this.lastSeq + 1,
          `chain ends at ${this.lastSeq} but checkpoint ${checkpoint.id} covers ${checkpoint.seq}`,
        );
      } else {
        this.fail(
          1,
          `checkpoint ${checkpoint.id} covers entry ${checkpoint.seq}, which cannot exist`,
        );
      }
      return;
    }
    if (this.expected && !this.expectedFound) {
      const { seq, hash } = this.expected;
      this.fail(
        seq ?? this.lastSeq + 1,
        seq === undefined
          ? `expected head ${short(hash)} not found (chain ends at ${this.lastSeq})`
          : `expected head ${short(hash)} at entry ${seq} not found (chain ends at ${this.lastSeq})`,
      );
    }
  }

  private fail(seq: number, reason: string): false {
    this.failure = { seq, reason };
    return false;
  }
}

/** A row whose contents cannot even be encoded (e.g. a seq edited to 0) does not match its hash. */
function safeHash(entry: StoredEntry): string | undefined {
  try {
    return entryHash(entry);
  } catch {
    return undefined;
  }
}

async function checkpointProblem(
  checkpoint: StoredCheckpoint,
  previous: StoredCheckpoint | undefined,
  publicKey: Uint8Array,
  keyId: string,
): Promise<string | undefined> {
  const { id, seq } = checkpoint;
  const expectedId = (previous?.id ?? 0) + 1;
  if (id !== expectedId) {
    return `checkpoint ${expectedId} missing (checkpoint numbers jump ${previous?.id ?? 0} → ${id})`;
  }
  if (previous && seq <= previous.seq) {
    return `checkpoint ${id} covers entry ${seq}, not one after checkpoint ${previous.id} (entry ${previous.seq})`;
  }
  if (checkpoint.entryCount !== seq) {
    return `checkpoint ${id}: entry count ${checkpoint.entryCount} disagrees with its entry ${seq}`;
  }
  if (checkpoint.keyId !== keyId) {
    return `checkpoint ${id}: signed with key ${checkpoint.keyId}, not the audit public key (${keyId})`;
  }
  if (
    !(await checkpointSignatureValid(publicKey, seq, checkpoint.headHash, checkpoint.signature))
  ) {
    return `checkpoint ${id}: signature does not verify with the audit public key`;
  }
  return undefined;
}

import {
  canonicalEntry,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  type ChainedEvent,
} from './canonical-encoding';

const entry: ChainedEvent = {
  seq: 1,
  prevHash: GENESIS_HASH,
  type: 'LOGIN_FAILED',
  actorId: null,
  actorRole: null,
  subjectType: 'user',
  subjectId: '0b6c3f0e-54a8-4c43-9f0e-0e7d5b1c2a11',
  memberState: 'KZ',
  ip: '192.0.2.10',
  requestId: 'req-0001-abcd',
  details: { reason: 'bad password', attempts: 3, nested: { z: true, a: [2, 1] } },
  occurredAt: new Date('2026-01-15T09:00:00.123Z'),
};

describe('canonical encoding', () => {
  it('sorts object keys at every depth, keeps array order and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { y: null, x: 'é' }], c: false } })).toBe(
      '{"a":{"c":false,"d":[3,{"x":"é","y":null}]},"b":1}',
    );
  });

  it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    expect(canonicalJson({ é: 1, z: 2, Z: 3, '10': 4, '9': 5 })).toBe(
      '{"10":4,"9":5,"Z":3,"z":2,"é":1}',
    );
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/non-finite/);
  });

  it('encodes an entry as its columns by database name, the time in ISO 8601 UTC', () => {
    expect(canonicalEntry(entry)).toBe(
      '{"actor_id":null,"actor_role":null,' +
        '"details":{"attempts":3,"nested":{"a":[2,1],"z":true},"reason":"bad password"},' +
        '"ip":"192.0.2.10","member_state":"KZ","occurred_at":"2026-01-15T09:00:00.123Z",' +
        `"prev_hash":"${GENESIS_HASH}","request_id":"req-0001-abcd","seq":1,` +
        '"subject_id":"0b6c3f0e-54a8-4c43-9f0e-0e7d5b1c2a11","subject_type":"user","type":"LOGIN_FAILED"}',
    );
  });

  it('hashes with SHA-256 to a value that never changes (the encoding is a stored contract)', () => {
    expect(entryHash(entry)).toBe(
      'b15efd8dd832e191e258fa491f18b54de2121193a4863432ddcf6df085ad035d',
    );
  });

  it('changes the hash when any field, the position or the link changes', () => {
    const base = entryHash(entry);
    const variants: Partial<ChainedEvent>[] = [
      { seq: 2 },
      { prevHash: 'f'.repeat(64) },
      { type: 'LOGIN_SUCCEEDED' },
      { actorId: '0b6c3f0e-54a8-4c43-9f0e-0e7d5b1c2a12' },
      { actorRole: 'FOCAL_POINT' },
      { subjectType: 'session' },
      { subjectId: 'other' },
      { memberState: 'KG' },
      { ip: '192.0.2.11' },
      { requestId: null },
      { details: { reason: 'bad password', attempts: 4, nested: { z: true, a: [2, 1] } } },
      { occurredAt: new Date('2026-01-15T09:00:00.124Z') },
    ];
    for (const variant of variants) expect(entryHash({ ...entry, ...variant })).not.toBe(base);
  });

  it('does not depend on the order keys were written in', () => {
    const reordered = {
      ...entry,
      details: { nested: { a: [2, 1], z: true }, attempts: 3, reason: 'bad password' },
    };
    expect(entryHash(reordered)).toBe(entryHash(entry));
  });
});

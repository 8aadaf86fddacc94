import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createSigningKeyFile,
  decodeKeyBytes,
  encodePublicKey,
  keyFromSeed,
  loadSigningSeed,
  parsePublicKey,
  readSigningKey,
  signingKeyLocation,
} from './audit-signing-key';
import { checkpointSignatureValid, signCheckpoint } from './checkpoint-signature';

describe('the audit signing key', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fpn-audit-key-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is required in production, and defaults to the data folder elsewhere', () => {
    expect(() => signingKeyLocation({ environment: 'production', dataDir: '.data' })).toThrow(
      'AUDIT_SIGNING_KEY_FILE is required in production',
    );
    expect(signingKeyLocation({ environment: 'development', dataDir: dir })).toEqual({
      file: path.join(dir, 'audit-signing.key'),
      generated: true,
    });
    expect(
      signingKeyLocation({ environment: 'production', dataDir: '.data', signingKeyFile: '/run/k' }),
    ).toEqual({ file: '/run/k', generated: false });
  });

  it('is generated once, readable by its owner only, and then read again as it is', async () => {
    const file = path.join(dir, 'nested', 'audit-signing.key');
    const first = loadSigningSeed({ file, generated: true });
    const second = loadSigningSeed({ file, generated: true });
    expect([first.created, second.created]).toEqual([true, false]);
    expect(createSigningKeyFile(file)).toBe(false);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(second.seed)).toEqual(Buffer.from(first.seed));
    expect((await readFile(file, 'utf8')).trim()).toHaveLength(44);
    expect((await readdir(path.dirname(file))).sort()).toEqual(['audit-signing.key']);
  });

  it('reads a seed written as hex or base64, and names a bad or missing file without its contents', async () => {
    const seed = Buffer.alloc(32, 1);
    const hexFile = path.join(dir, 'hex.key');
    const base64File = path.join(dir, 'base64.key');
    await writeFile(hexFile, `${seed.toString('hex')}\n`);
    await writeFile(base64File, seed.toString('base64'));
    const fromHex = await readSigningKey(hexFile);
    expect(encodePublicKey((await readSigningKey(base64File)).publicKey)).toBe(
      encodePublicKey(fromHex.publicKey),
    );
    expect(fromHex.keyId).toMatch(/^[0-9a-f]{16}$/);

    const bad = path.join(dir, 'bad.key');
    await writeFile(bad, 'not-a-key-at-all');
    await expect(readSigningKey(bad)).rejects.toThrow(
      `the audit signing key file ${bad} must hold a 32-byte seed as base64 or 64 hex digits`,
    );
    await expect(readSigningKey(path.join(dir, 'none.key'))).rejects.toThrow(
      /cannot read the audit signing key file .*none\.key: ENOENT/,
    );
    expect(() => loadSigningSeed({ file: path.join(dir, 'none.key'), generated: false })).toThrow(
      /ENOENT/,
    );
  });

  it('signs checkpoints that verify with its public key only', async () => {
    const key = await keyFromSeed(
      loadSigningSeed({ file: path.join(dir, 'k'), generated: true }).seed,
    );
    const other = await keyFromSeed(new Uint8Array(32).fill(3));
    const hash = 'ab'.repeat(32);
    const signature = await signCheckpoint(key.privateKey, 20, hash);
    expect(await checkpointSignatureValid(key.publicKey, 20, hash, signature)).toBe(true);
    expect(await checkpointSignatureValid(key.publicKey, 21, hash, signature)).toBe(false);
    expect(await checkpointSignatureValid(other.publicKey, 20, hash, signature)).toBe(false);
    expect(await checkpointSignatureValid(key.publicKey, 20, hash, 'garbage')).toBe(false);
  });

  it('decodes 32-byte keys only', () => {
    expect(decodeKeyBytes('00'.repeat(32), 32)).toHaveLength(32);
    expect(decodeKeyBytes(Buffer.alloc(32, 255).toString('base64url'), 32)).toHaveLength(32);
    expect(decodeKeyBytes(Buffer.alloc(31).toString('base64'), 32)).toBeUndefined();
    expect(parsePublicKey('hello world')).toBeUndefined();
  });
});

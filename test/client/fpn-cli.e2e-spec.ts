import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FpnClient, MemoryKeystore } from '@fpn/client';
import { fpn, json } from './fpn-process';
import { initCrypto } from '@fpn/crypto';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  startTestApp,
  totpCodeNow,
  type TestAccount,
  type TestApp,
} from '@fpn/testing';

describe('the fpn CLI, run as a subprocess against the running server', () => {
  let app: TestApp;
  /** A focal point who enrolled TOTP (the role does not require it). */
  let officer: TestAccount;
  let colleague: TestAccount;
  let colleagueEntry: string;
  let homeA: string;
  let homeB: string;

  beforeAll(async () => {
    await initCrypto();
    app = await startTestApp();
    officer = await createTestAccount(app, {
      email: 'aigerim.sadykova@cli.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
      totp: true,
    });
    await addDirectoryEntry(app, officer, [{ key: 'law-enforcement' }]);
    colleague = await createTestAccount(app, {
      email: 'farrukh.nazarov@cli.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'TJ',
    });
    colleagueEntry = await addDirectoryEntry(app, colleague, [{ key: 'law-enforcement' }]);
    homeA = await mkdtemp(path.join(tmpdir(), 'fpn-cli-a-'));
    homeB = await mkdtemp(path.join(tmpdir(), 'fpn-cli-b-'));
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([homeA, homeB].map((home) => home && rm(home, { recursive: true })));
  });

  const freshCode = () => {
    app.clock.advance(30_000);
    return totpCodeNow(app, officer.totpSecret!);
  };
  const login = async (home: string) =>
    fpn(
      home,
      ['login', '--server', app.url, '--email', officer.email, '--totp', await freshCode()],
      `${officer.password}\n`,
    );

  it('logs in with TOTP, sets up keys, searches the directory and verifies a colleague', async () => {
    const notYet = await fpn(homeA, ['keys', 'show', '--server', app.url]);
    expect(notYet.status).toBe(2);
    expect(notYet.err).toMatch(/^keys show: UNAUTHENTICATED \(NOT_SIGNED_IN\): Not signed in/);

    const wrongCode = await fpn(
      homeA,
      ['login', '--server', app.url, '--email', officer.email, '--totp', '000000'],
      `${officer.password}\n`,
    );
    expect(wrongCode.status).toBe(2);
    expect(wrongCode.err).toContain('UNAUTHENTICATED (MFA_FAILED): One-time code is incorrect');

    const signedIn = await login(homeA);
    expect(signedIn).toMatchObject({ status: 0, err: '' });
    expect(signedIn.out).toContain(`as aigerim.sadykova <${officer.email}> (FOCAL_POINT, KZ)`);
    const session = await stat(path.join(homeA, 'session.json'));
    expect(session.mode & 0o777).toBe(0o600);

    const created = json(await fpn(homeA, ['keys', 'init', '--json']));
    expect(created.fingerprint).toMatch(/^(\d{5} ){5}\d{5}$/);
    const keystore = await readFile(path.join(homeA, 'keystore.json'), 'utf8');
    expect(JSON.parse(keystore)).toMatchObject({
      format: 'fpn-keystore',
      kdf: { algorithm: 'argon2id13' },
    });
    expect((await stat(path.join(homeA, 'keystore.json'))).mode & 0o777).toBe(0o600);
    expect(keystore).not.toContain('identitySeed');

    // The colleague sets up keys with the SDK on their own device.
    const colleagueSdk = await FpnClient.create({
      serverUrl: app.url,
      keystore: new MemoryKeystore(),
      now: () => app.clock.now(),
    });
    await colleagueSdk.login({ email: colleague.email, password: colleague.password });
    await colleagueSdk.keys.init();

    const search = await fpn(homeA, ['directory', 'search', 'farrukh']);
    expect(search.status).toBe(0);
    expect(search.out).toContain(`${colleagueEntry}  TJ  farrukh.nazarov  Officer`);
    expect(search.out).toContain('1 found');
    const found = json(
      await fpn(homeA, ['directory', 'search', '--network', 'law-enforcement', '--json']),
    );
    expect(
      (found.edges as { node: { accountId: string } }[]).map((edge) => edge.node.accountId).sort(),
    ).toEqual([officer.id, colleague.id].sort());

    // The safety number the CLI shows is the one the colleague's SDK computes.
    const theirs = await colleagueSdk.keys.safetyNumber(officer.id);
    const shown = await fpn(homeA, ['keys', 'verify', colleagueEntry]);
    expect(shown.status).toBe(0);
    expect(shown.out).toContain(theirs.groups.slice(0, 6).join(' '));
    expect(shown.out).toContain(theirs.groups.slice(6).join(' '));

    const mismatch = await fpn(homeA, [
      'keys',
      'verify',
      colleagueEntry,
      '--safety-number',
      '1'.repeat(60),
    ]);
    expect(mismatch.status).toBe(1);
    expect(mismatch.err).toContain('CLIENT_SAFETY_NUMBER_MISMATCH');
    const verified = await fpn(homeA, [
      'keys',
      'verify',
      colleagueEntry,
      '--safety-number',
      theirs.groups.join(' '),
    ]);
    expect(verified).toMatchObject({ status: 0, out: `${colleague.id} is verified.\n` });
    const shownKeys = json(await fpn(homeA, ['keys', 'show', '--json']));
    expect(shownKeys.pins).toEqual([
      expect.objectContaining({ accountId: colleague.id, verified: true }),
    ]);

    expect((await fpn(homeA, ['keys', 'changes'])).out).toBe('No key changes.\n');
    expect(json(await fpn(homeA, ['whoami', '--json'])).id).toBe(officer.id);
  });

  it('backs up, restores on a second device, revokes the first, and exports the directory', async () => {
    const backup = json(await fpn(homeA, ['keys', 'backup', '--json']));
    expect(backup.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4})+$/);
    const deviceA = json(await fpn(homeA, ['keys', 'show', '--json'])).thisDeviceId as string;

    expect(await login(homeB)).toMatchObject({ status: 0 });
    const wrong = await fpn(homeB, ['keys', 'restore'], 'AAAA-AAAA\n');
    expect(wrong.status).toBe(2);
    expect(wrong.err).toMatch(/^keys restore: CRYPTO_INVALID_RECOVERY_KEY/);
    const restored = json(
      await fpn(homeB, ['keys', 'restore', '--json'], `${backup.recoveryKey}\n`),
    );
    const original = json(await fpn(homeA, ['keys', 'show', '--json']));
    expect(restored.fingerprint).toBe(original.fingerprint);

    const revoked = await fpn(homeB, ['keys', 'revoke-device', deviceA]);
    // Once seen failing with exit 2 and nothing on stdout: the failure shows what it wrote on stderr.
    expect({ ...revoked, err: revoked.status === 0 ? '' : revoked.err }).toMatchObject({
      status: 0,
      out: `Device ${deviceA} is revoked.\n`,
      err: '',
    });
    const devices = json(await fpn(homeB, ['keys', 'show', '--json'])).devices as {
      deviceId: string;
      status: string;
    }[];
    expect(devices.map((device) => [device.deviceId === deviceA, device.status]).sort()).toEqual([
      [false, 'ACTIVE'],
      [true, 'REVOKED'],
    ]);

    const file = path.join(homeB, 'kz.csv');
    const exported = await fpn(homeB, ['directory', 'export', '--state', 'kz', '--out', file]);
    expect(exported).toMatchObject({ status: 0, out: `1 entries written to ${file}\n` });
    expect(await readFile(file, 'utf8')).toContain('aigerim.sadykova');

    expect((await fpn(homeB, ['logout'])).out).toBe('Signed out.\n');
    const after = await fpn(homeB, ['whoami', '--json']);
    expect(after.status).toBe(2);
    expect(JSON.parse(after.err)).toEqual({
      error: expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'NOT_SIGNED_IN' }),
    });
  });
});

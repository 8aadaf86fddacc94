import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Role } from '@fpn/identity';
import {
  addDirectoryEntry,
  createTestAccount,
  startTestApp,
  type TestAccount,
  type TestApp,
} from '@fpn/testing';
import { fpn } from '../client/fpn-process';

const MiB = 1024 * 1024;
const SIZE = 100 * MiB;

/** Writes `size` random bytes to `file` a MiB at a time; returns their SHA-256. */
async function randomFile(file: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let written = 0; written < size; written += MiB) {
    const piece = randomBytes(Math.min(MiB, size - written));
    hash.update(piece);
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

/**
 * The "done when": a 100 MB file round-trips through the CLI — `fpn
 * send --attach` by Kazakhstan, `fpn download` by Tajikistan, each its own
 * process — byte for byte, with progress on stderr and stdout left parseable.
 */
describe('fpn: a 100 MB attachment, sent and downloaded', () => {
  let app: TestApp;
  let kz: TestAccount;
  let tj: TestAccount;
  let work: string;
  const homes: Record<string, string> = {};

  beforeAll(async () => {
    app = await startTestApp();
    kz = await createTestAccount(app, {
      email: 'aigerim.sadykova@cli-attach.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'KZ',
    });
    tj = await createTestAccount(app, {
      email: 'farrukh.nazarov@cli-attach.example',
      role: Role.FOCAL_POINT,
      memberStateCode: 'TJ',
    });
    await addDirectoryEntry(app, kz, [{ key: 'economic-crimes' }]);
    await addDirectoryEntry(app, tj, [{ key: 'economic-crimes' }]);
    work = await mkdtemp(path.join(tmpdir(), 'fpn-attach-'));
    for (const name of ['kz', 'tj'])
      homes[name] = await mkdtemp(path.join(tmpdir(), `fpn-${name}-`));
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all(
      [work, ...Object.values(homes)]
        .filter(Boolean)
        .map((dir) => rm(dir, { recursive: true, force: true })),
    );
  });

  it('round-trips byte for byte, with progress on stderr', async () => {
    const as = (who: 'kz' | 'tj', args: string[], stdin?: string) => fpn(homes[who], args, stdin);
    for (const [who, account] of [
      ['kz', kz],
      ['tj', tj],
    ] as const) {
      const login = await as(
        who,
        ['login', '--server', app.url, '--email', account.email],
        `${account.password}\n`,
      );
      expect(login.status).toBe(0);
      expect((await as(who, ['keys', 'init'])).status).toBe(0);
    }
    const original = path.join(work, 'transactions-2026.bin');
    const digest = await randomFile(original, SIZE);

    const started = performance.now();
    const sent = await as('kz', [
      'send',
      '--network',
      'economic-crimes',
      '--category',
      'information-exchange',
      '--subject',
      'Account statements',
      '--text',
      'Statements of the accounts in question, attached.',
      '--attach',
      original,
      '--accept-new',
      '--json',
    ]);
    const uploadSeconds = (performance.now() - started) / 1000;
    expect(sent.status).toBe(0);
    // Not a terminal: a progress line every 10 %, on stderr only; stdout is the JSON answer.
    const uploadLines = sent.err.trim().split('\n');
    expect(uploadLines[0]).toMatch(/^Uploading transactions-2026\.bin: 0% /);
    expect(uploadLines.at(-1)).toMatch(
      /^Uploading transactions-2026\.bin: 100% 104\.9\/104\.9 MB [\d.]+ MB\/s$/,
    );
    expect(uploadLines.length).toBe(11);
    const answer = JSON.parse(sent.out) as {
      messageId: string;
      attachments: { id: string; name: string; size: number; key?: string }[];
    };
    expect(answer.attachments).toEqual([
      expect.objectContaining({ name: 'transactions-2026.bin', size: SIZE }),
    ]);
    expect(answer.attachments[0].key).toBeUndefined();

    const read = await as('tj', ['read', answer.messageId]);
    expect(read.status).toBe(0);
    expect(read.out).toContain('1. transactions-2026.bin  104.9 MB  application/octet-stream');

    const into = path.join(work, 'tj-downloads');
    await mkdir(into);
    const downloadStarted = performance.now();
    const downloaded = await as('tj', ['download', answer.messageId, '--out', into]);
    const downloadSeconds = (performance.now() - downloadStarted) / 1000;
    expect(downloaded.status).toBe(0);
    expect(downloaded.err).toMatch(/Downloading transactions-2026\.bin: 100% /);
    expect(downloaded.out).toContain(`Saved ${path.join(into, 'transactions-2026.bin')}`);
    expect(await readdir(into)).toEqual(['transactions-2026.bin']);
    expect(await sha256Of(path.join(into, 'transactions-2026.bin'))).toBe(digest);

    // A second download does not replace the file unless asked.
    const again = await as('tj', [
      'download',
      answer.messageId,
      '--attachment',
      '1',
      '--out',
      into,
    ]);
    expect(again.status).toBe(2);
    expect(again.err).toContain('CLIENT_FILE_EXISTS');
    // A reply carries a file too; --json keeps stdout parseable, progress stays on stderr.
    const small = path.join(work, 'receipt.txt');
    await writeFile(small, 'Received, thank you. Case TJ-2026-114 opened.');
    const replied = await as('tj', [
      'reply',
      answer.messageId,
      '--text',
      'Acknowledged; our receipt attached.',
      '--attach',
      small,
      '--accept-new',
      '--json',
    ]);
    expect(replied.status).toBe(0);
    const reply = JSON.parse(replied.out) as { messageId: string };
    const kzDownloads = path.join(work, 'kz-downloads');
    await mkdir(kzDownloads);
    const fetched = await as('kz', [
      'download',
      reply.messageId,
      '--attachment',
      '1',
      '--out',
      kzDownloads,
      '--json',
    ]);
    expect(fetched.status).toBe(0);
    expect(fetched.err).toMatch(/^Downloading receipt\.txt: 100% /);
    expect(JSON.parse(fetched.out)).toEqual([
      { attachment: 1, name: 'receipt.txt', path: path.join(kzDownloads, 'receipt.txt'), size: 45 },
    ]);
    expect(await readFile(path.join(kzDownloads, 'receipt.txt'), 'utf8')).toBe(
      'Received, thank you. Case TJ-2026-114 opened.',
    );

    // Both ways well within the test's budget on a 2-core machine (about 11 s and 6 s measured).
    expect(uploadSeconds + downloadSeconds).toBeLessThan(120);
  }, 180_000);
});

import { transferProgress } from './transfer-progress';

describe('transfer progress', () => {
  it('writes a line every 10 % when stderr is not a terminal', () => {
    const written: string[] = [];
    const progress = transferProgress('Uploading', { isTTY: false, write: (t) => written.push(t) });
    for (let sent = 0; sent <= 1000; sent += 5) {
      progress.report({ name: 'a.bin', sentBytes: sent, totalBytes: 1000 });
    }
    expect(written).toHaveLength(11);
    expect(written[0]).toMatch(/^Uploading a\.bin: 0% 0\.0\/0\.0 MB/);
    expect(written[10]).toMatch(/^Uploading a\.bin: 100% /);
    expect(written.every((line) => line.endsWith('\n') && !line.includes('\r'))).toBe(true);
  });

  it('rewrites one line at a terminal, and ends it at 100 %', () => {
    const written: string[] = [];
    const progress = transferProgress('Downloading', {
      isTTY: true,
      write: (t) => written.push(t),
    });
    progress.report({ name: 'b.bin', sentBytes: 0, totalBytes: 2_000_000 });
    progress.report({ name: 'b.bin', sentBytes: 2_000_000, totalBytes: 2_000_000 });
    expect(written[0]).toMatch(/^\rDownloading b\.bin: 0% 0\.0\/2\.0 MB/);
    expect(written.at(-2)).toMatch(/^\rDownloading b\.bin: 100% 2\.0\/2\.0 MB [\d.]+ MB\/s/);
    expect(written.at(-1)).toBe('\n');
  });
});

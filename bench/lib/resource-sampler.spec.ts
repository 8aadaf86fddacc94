import { spawn } from 'node:child_process';
import { processTree } from './resource-sampler';

describe('processTree', () => {
  it('lists a process, its children and theirs', async () => {
    // A shell (child) running a sleep in the background (grandchild) and waiting.
    const shell = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let grandchild = 0;
    try {
      grandchild = await new Promise<number>((resolve) =>
        shell.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
      );
      const tree = await processTree(process.pid);
      expect(tree[0]).toBe(process.pid);
      expect(tree).toContain(shell.pid);
      expect(tree).toContain(grandchild);
      expect(await processTree(shell.pid!)).toEqual([shell.pid, grandchild]);
    } finally {
      if (grandchild) process.kill(grandchild, 'SIGKILL');
      shell.kill('SIGKILL');
      await new Promise((resolve) => shell.once('exit', resolve));
    }
  });
});

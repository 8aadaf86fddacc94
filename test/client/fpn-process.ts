import { spawn } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../dist/apps/cli/src/main.js');
const PASSPHRASE = 'steppe wind over the lake';

export interface Run {
  status: number | null;
  out: string;
  err: string;
}

/**
 * `fpn` as a person runs it: a separate process against the running server,
 * its state in its own FPN_HOME, secrets on standard input.
 */
export function fpn(
  home: string,
  args: string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: {
        ...env,
        PATH: process.env.PATH,
        FPN_HOME: home,
        FPN_PASSPHRASE: PASSPHRASE,
        // The floor the keystore accepts, so the test does not spend 256 MiB per command.
        FPN_KEYSTORE_KDF_MEMORY_MIB: '64',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, err }));
    child.stdin.end(stdin);
  });
}

export const json = (run: Run) => {
  expect(run).toMatchObject({ status: 0, err: '' });
  return JSON.parse(run.out) as Record<string, unknown>;
};

/** A long-running `fpn` (e.g. `watch`): its output as it comes, stopped with Ctrl-C (SIGINT). */
export function startFpn(home: string, args: string[]) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      PATH: process.env.PATH,
      FPN_HOME: home,
      FPN_PASSPHRASE: PASSPHRASE,
      FPN_KEYSTORE_KDF_MEMORY_MIB: '64',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { out: '', err: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    output,
    stop: async () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

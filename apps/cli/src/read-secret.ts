import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { SecretSource } from './cli-command';

/**
 * Reads a secret: typed at a terminal without echo (asked twice), or the first
 * line of piped input. Never from the command line, where process listings
 * and shell history would keep it.
 */
export async function readSecret(prompt: string): Promise<string> {
  return stdinSecrets().read(prompt, { confirm: true });
}

/**
 * Secrets from standard input: at a terminal, typed without echo (asked
 * twice with `confirm`); piped, one line per secret in the order asked.
 */
export function stdinSecrets(): SecretSource {
  let piped: Promise<string[]> | undefined;
  return {
    async read(prompt, options = {}) {
      if (!process.stdin.isTTY) {
        piped ??= readLines();
        const line = (await piped).shift();
        if (line === undefined)
          throw new Error(`${prompt.replace(/:\s*$/, '')}: nothing on standard input`);
        return line;
      }
      const first = await askHidden(prompt);
      if (!options.confirm) return first;
      if (first !== (await askHidden('Again: '))) throw new Error('the two entries differ');
      return first;
    },
  };
}

async function readLines(): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({ input: process.stdin })) lines.push(line);
  return lines;
}

function askHidden(question: string): Promise<string> {
  return new Promise<string>((resolve) => {
    process.stderr.write(question);
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
    const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

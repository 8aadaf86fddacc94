import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Reads a secret: typed at a terminal without echo (asked twice), or the first
 * line of piped input. Never from the command line, where process listings
 * and shell history would keep it.
 */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const lines = createInterface({ input: process.stdin });
    for await (const line of lines) {
      lines.close();
      return line;
    }
    return '';
  }
  const ask = (question: string) =>
    new Promise<string>((resolve) => {
      process.stderr.write(question);
      const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
      const rl = createInterface({ input: process.stdin, output: silent, terminal: true });
      rl.question('', (answer) => {
        rl.close();
        process.stderr.write('\n');
        resolve(answer);
      });
    });
  const first = await ask(prompt);
  const second = await ask('Again: ');
  if (first !== second) throw new Error('the two entries differ');
  return first;
}

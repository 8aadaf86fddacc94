import { execFile } from 'node:child_process';
import path from 'node:path';

/** The repository's root, where node_modules (and so pdf-parse) is found. */
const ROOT = path.resolve(__dirname, '../../..');

const SCRIPT = `const { PDFParse } = require('pdf-parse');
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
    const { text } = await new PDFParse({ data: Buffer.concat(chunks) }).getText();
    process.stdout.write(text);
  });`;

/**
 * The text of a PDF as a reader's tool extracts it (pdf-parse, i.e. pdf.js),
 * with runs of white space made one space. In a child process: pdf.js loads
 * its worker with a dynamic import, which jest's VM refuses. Unit specs
 * import this file directly (the package index loads the whole app harness).
 */
export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SCRIPT],
      { cwd: ROOT, timeout: 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => (error ? reject(error) : resolve(stdout.replace(/\s+/g, ' '))),
    );
    child.stdin!.end(pdf);
  });
}

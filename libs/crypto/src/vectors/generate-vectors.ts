/**
 * Writes docs/protocol-vectors.json from fixed seeds (run from the repository root):
 *   node scripts/build.mjs && node dist/libs/crypto/src/vectors/generate-vectors.js
 * The attachment vector is kept from the existing file when there is one, as
 * secretstream's header cannot be fixed (see buildProtocolVectors).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { initCrypto } from '../sodium';
import {
  buildProtocolVectors,
  makeAttachmentVector,
  type ProtocolVectors,
} from './protocol-vectors';

export const VECTORS_PATH = path.join('docs', 'protocol-vectors.json');

async function main(): Promise<void> {
  await initCrypto();
  const file = path.resolve(process.argv[2] ?? VECTORS_PATH);
  const existing = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as ProtocolVectors)
    : undefined;
  const vectors = buildProtocolVectors(existing?.attachment ?? (await makeAttachmentVector()));
  writeFileSync(file, `${JSON.stringify(vectors, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}

void main();

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_OPERATIONS_FILE, generateOperationTypes } from './generate-operations';

/** `npm run client:codegen`: regenerates the SDK's typed operations. */
async function main() {
  const root = path.resolve(__dirname, '../../../../..');
  await writeFile(path.join(root, GENERATED_OPERATIONS_FILE), await generateOperationTypes(root));
  process.stdout.write(`wrote ${GENERATED_OPERATIONS_FILE}\n`);
}

void main();

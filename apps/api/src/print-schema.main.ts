import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { printApiSchema } from './graphql/print-schema';

/** `npm run schema:print`: writes schema.graphql at the repository root. */
async function main() {
  const file = path.resolve(__dirname, '../../../../schema.graphql');
  await writeFile(file, await printApiSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

void main();

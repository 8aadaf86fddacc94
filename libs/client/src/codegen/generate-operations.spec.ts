import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_OPERATIONS_FILE, generateOperationTypes } from './generate-operations';

describe('the SDK’s generated operations', () => {
  it('match schema.graphql and the operation documents (run `npm run client:codegen`)', async () => {
    const root = path.resolve(__dirname, '../../../..');
    const committed = await readFile(path.join(root, GENERATED_OPERATIONS_FILE), 'utf8');
    expect(await generateOperationTypes(root)).toBe(committed);
  });
});

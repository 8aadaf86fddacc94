import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { printApiSchema } from './print-schema';

describe('schema.graphql', () => {
  it('is exactly what the code prints (run `npm run schema:print` after changing the API)', async () => {
    const committed = await readFile(path.resolve(__dirname, '../../../../schema.graphql'), 'utf8');
    expect(await printApiSchema()).toBe(committed);
  });
});

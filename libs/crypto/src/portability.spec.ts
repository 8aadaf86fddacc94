import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The crypto core also runs in a browser: no Node built-ins, no Buffer, no process. */
describe('crypto core portability', () => {
  function sources(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
    });
  }

  it('uses only Uint8Array, TextEncoder and libsodium outside the vector generator', () => {
    const files = sources(__dirname).filter(
      (f) => !f.endsWith(path.join('vectors', 'generate-vectors.ts')),
    );
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect({
        file,
        nodeOnly: text.match(
          /\bBuffer\b|from 'node:|require\(|\bprocess\.|from '(fs|path|crypto)'/g,
        ),
      }).toEqual({
        file,
        nodeOnly: null,
      });
    }
  });
});

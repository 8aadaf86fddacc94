// Compiles apps/, libs/ and bench/ into dist/ with swc (type-checking is `npm run typecheck`).
// Incremental: a file is compiled again only when its source is newer than its output.
import { createRequire } from 'node:module';
import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { transformFile } = require('@swc/core');
const { swcOptions, root } = require('./swc-options.cjs');

const outRoot = path.join(root, 'dist');
const options = swcOptions();

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !/\.(spec|e2e-spec|d)\.ts$/.test(entry.name)) yield full;
  }
}

async function mtime(file) {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return -1;
  }
}

let compiled = 0;
const jobs = [];
for (const top of ['apps', 'libs', 'bench']) {
  for await (const file of sources(path.join(root, top))) {
    const rel = path.relative(root, file);
    const out = path.join(outRoot, rel.replace(/\.ts$/, '.js'));
    jobs.push(
      (async () => {
        if ((await mtime(out)) >= (await mtime(file))) return;
        const result = await transformFile(file, {
          ...options,
          filename: file,
          sourceFileName: path.relative(path.dirname(out), file),
        });
        await mkdir(path.dirname(out), { recursive: true });
        await writeFile(out, `${result.code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
        await writeFile(`${out}.map`, result.map ?? '');
        compiled += 1;
      })(),
    );
  }
}
await Promise.all(jobs);
if (compiled > 0) console.log(`build: compiled ${compiled} file(s) into dist/`);

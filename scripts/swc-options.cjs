// One set of swc options for the build and for jest, so both compile the code alike.
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tsconfig = require(path.join(root, 'tsconfig.json'));

/** @param {{ paths?: boolean }} opts */
function swcOptions({ paths = true } = {}) {
  return {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
      ...(paths ? { baseUrl: root, paths: tsconfig.compilerOptions.paths } : {}),
    },
    module: { type: 'commonjs' },
    sourceMaps: true,
  };
}

module.exports = { swcOptions, root };

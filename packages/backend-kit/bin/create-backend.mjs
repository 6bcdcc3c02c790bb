#!/usr/bin/env node
// Scaffolds a Strata backend plugin package: `create-strata-backend <name> [dir] [--package <npm name>]`.
// The package inherits every kernel from cpu and implements one (Relu) itself, with a conformance test; it
// builds (tsup) and its tests pass as generated. Plain JavaScript so it runs without a build step.
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const kitPackage = JSON.parse(readFileSync(join(here, '../package.json'), 'utf8'));

/** The files of a new plugin package, by path. */
export function backendFiles(name, packageName = `strata-backend-${name}`) {
  const strataRange = `^${kitPackage.version}`;
  const tfjsVersion = installedVersion('@tensorflow/tfjs-core') ?? '4.22.0';
  const toolVersions = {
    tsup: installedVersion('tsup') ?? '8.5.1',
    typescript: installedVersion('typescript') ?? '5.9.3',
    vitest: installedVersion('vitest') ?? '4.1.12',
    '@types/node': installedVersion('@types/node') ?? '20.19.43',
  };
  const condition = (file) => ({
    import: { types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
    require: { types: `./dist/${file}.d.cts`, default: `./dist/${file}.cjs` },
  });
  const packageJson = {
    name: packageName,
    version: '0.1.0',
    description: `Strata backend plugin '${name}': cpu with its own kernels.`,
    type: 'module',
    files: ['dist'],
    // Importing the package registers the plugin: keep that side effect.
    sideEffects: ['./dist/index.*'],
    engines: { node: '>=20' },
    main: './dist/index.cjs',
    module: './dist/index.js',
    types: './dist/index.d.ts',
    exports: { '.': condition('index'), './package.json': './package.json' },
    scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit' },
    dependencies: { '@strata/backend-kit': strataRange },
    // One copy of each in the app: the engine, the plugin registry and the base backend are shared.
    peerDependencies: {
      '@strata/backend-cpu': strataRange,
      '@strata/core': strataRange,
      '@tensorflow/tfjs-core': `^${tfjsVersion}`,
    },
    devDependencies: {
      '@strata/backend-cpu': strataRange,
      '@strata/core': strataRange,
      '@tensorflow/tfjs-core': tfjsVersion,
      ...toolVersions,
    },
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          skipLibCheck: true,
          isolatedModules: true,
          declaration: true,
          noEmit: true,
          types: ['node'],
        },
        include: ['src', '*.ts'],
      },
      null,
      2,
    )}\n`,
    'tsup.config.ts': `import { defineConfig } from 'tsup';

export default defineConfig({ entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, clean: true, target: 'es2022' });
`,
    'vitest.config.ts': `import { defineConfig } from 'vitest/config';

// The conformance suite runs every case once before its tests: give it time on slow machines.
export default defineConfig({ test: { include: ['src/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 180_000 } });
`,
    '.gitignore': 'node_modules\ndist\n',
    'src/index.ts': `// The base backend's plugin must be registered for '${name}' to inherit its kernels.
import '@strata/backend-cpu';
import { defineBackend } from '@strata/backend-kit';
import { registerBackendPlugin } from '@strata/core';
import { kernels } from './kernels/index.js';

/** '${name}': cpu, with the kernels in src/kernels instead of cpu's. */
export const plugin = defineBackend({ name: '${name}', base: 'cpu', kernels });

// The package's only side effect: make '${name}' available to useBackend().
registerBackendPlugin(plugin);
`,
    'src/kernels/index.ts': `import { relu } from './Relu.js';

/** Every kernel '${name}' implements itself; the rest are inherited from its base. */
export const kernels = [relu];
`,
    'src/kernels/Relu.ts': `import { defineKernel } from '@strata/backend-kit';

/** max(x, 0), element-wise. Inputs and attrs are typed by the kernel name: see KernelSignatures. */
export const relu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) => {
  const values = readValues(x);
  const out = new Float32Array(values.length);
  // \`v < 0 ? 0 : v\` lets NaN through; \`v > 0 ? v : 0\` would zero it and hide a diverging model.
  for (let i = 0; i < values.length; i++) out[i] = values[i] < 0 ? 0 : values[i];
  return makeOutput(out, x.shape, x.dtype === 'int32' ? 'int32' : 'float32');
});
`,
    'src/kernels/Relu.test.ts': `import * as tf from '@strata/core';
import { kernelSources } from '@strata/backend-kit';
import { expect, test } from 'vitest';
import '../index.js';

test("'${name}' runs its own Relu (and keeps NaN), the rest is cpu's", async () => {
  await tf.useBackend('${name}');
  const y = tf.relu(tf.tensor1d([-1, 0, 2, Number.NaN]));
  expect(Array.from(await y.data())).toEqual([0, 0, 2, Number.NaN]);
  y.dispose();
  expect(kernelSources('${name}')).toMatchObject({ base: 'cpu', native: ['Relu'] });
});
`,
    'src/conformance.test.ts': `import { describeConformance } from '@strata/backend-kit/vitest';
import { plugin } from './index.js';

describeConformance(plugin);
`,
    'README.md': `# ${packageName}

A [Strata](https://github.com/) backend plugin: \`'${name}'\`, which runs its own kernels (\`src/kernels\`) and
inherits every other kernel from cpu.

\`\`\`ts
import '${packageName}';
import * as tf from '@strata/core';

await tf.useBackend('${name}');
tf.relu(tf.tensor1d([-1, 2])).print(); // [0, 2], computed by src/kernels/Relu.ts
\`\`\`

- Add a kernel: a file \`src/kernels/<TfjsKernelName>.ts\` with \`defineKernel('<TfjsKernelName>', ...)\`, listed in
  \`src/kernels/index.ts\`.
- \`npm test\` runs the conformance suite (every op the built-in layers use, against cpu) and the kernel's own test.
- \`npm run build\` builds ESM, CJS and types into \`dist\`.
`,
  };
}

/** Writes the package into `dir` (which must be empty or absent); returns the paths written. */
export function createBackend(name, dir, options = {}) {
  if (!/^[a-z][a-z0-9-]*$/.test(name ?? '')) {
    throw new Error(
      `The backend name must be lower-case letters, digits and dashes, starting with a letter (it is what users pass ` +
        `to useBackend()); got ${JSON.stringify(name)}. Example: create-strata-backend fastjs`,
    );
  }
  const target = resolve(dir ?? `strata-backend-${name}`);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(
      `${target} is not empty: choose a new directory, e.g. create-strata-backend ${name} ./${name}-backend`,
    );
  }
  const files = backendFiles(name, options.packageName);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), content);
  }
  return { dir: target, files: Object.keys(files) };
}

function installedVersion(name) {
  try {
    const require = createRequire(join(here, '../package.json'));
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return undefined;
  }
}

function main(argv) {
  const args = [...argv];
  const packageIndex = args.indexOf('--package');
  const packageName = packageIndex >= 0 ? args.splice(packageIndex, 2)[1] : undefined;
  if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
    console.log('Usage: create-strata-backend <name> [dir] [--package <npm package name>]');
    return args.length === 0 ? 1 : 0;
  }
  try {
    const { dir, files } = createBackend(args[0], args[1], { packageName });
    console.log(`Created backend '${args[0]}' in ${relative(process.cwd(), dir) || '.'}:`);
    for (const file of files) console.log(`  ${file}`);
    console.log(`Next: cd ${relative(process.cwd(), dir) || '.'} && npm install && npm test`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

// Run as a command (also through node_modules/.bin's symlink), not when imported by the kit's tests.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  process.exitCode = main(process.argv.slice(2));
}

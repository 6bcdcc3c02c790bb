import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { publishablePackages, repoRoot } from './workspace-packages.js';

// What a user gets from `npm install @strata/...`: every publishable package is packed with pnpm (which turns
// `workspace:` and `catalog:` into real versions), the tarballs are installed with npm into an empty project
// outside the repository, and that project uses them from ESM and from CommonJS.

const run = promisify(execFile);
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const required = ['@strata/core', '@strata/backend-cpu', '@strata/backend-webgl'];

const all = publishablePackages();
const packable = all.filter((p) => !p.skipReason);
const skipped = all.filter((p) => p.skipReason);

let work = '';
let consumer = '';
const tarballs = new Map<string, string>();

// pnpm passes npm_config_* settings to the scripts it runs; the consumer's npm must see a user's plain setup.
function plainEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_|PNPM_)/.test(key) && key !== 'NODE_OPTIONS'),
  );
}

function node(args: string[]) {
  return run(process.execPath, args, { cwd: consumer, env: plainEnv(), maxBuffer: 16 << 20 });
}

// publint and attw are the repository's root devDependencies.
function binOf(pkg: string, bin: string): string {
  const manifestPath = join(repoRoot, 'node_modules', pkg, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[bin]!;
  return join(manifestPath, '..', relative);
}

beforeAll(async () => {
  if (skipped.length > 0) {
    console.info(`[pack] not packed:\n${skipped.map((p) => `  ${p.name}: ${p.skipReason}`).join('\n')}`);
  }
  work = mkdtempSync(join(tmpdir(), 'strata-pack-'));
  const tarballDir = join(work, 'tarballs');
  for (const pkg of packable) {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', tarballDir], {
      cwd: pkg.dir,
      env: process.env,
    });
    tarballs.set(pkg.name, (JSON.parse(stdout) as { filename: string }).filename);
  }
  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'consumer', private: true }, null, 2)}\n`,
  );
  // --ignore-scripts: nothing here needs an install script, and a test must not run registry code.
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs.values()], {
    cwd: consumer,
    env: plainEnv(),
    maxBuffer: 16 << 20,
  });
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(consumer, file));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('packed @strata packages installed with npm', () => {
  test('core, backend-cpu and backend-webgl are built and packed', () => {
    for (const name of required) {
      const pkg = all.find((p) => p.name === name);
      expect(pkg, `${name} is missing from packages/`).toBeDefined();
      expect(pkg!.skipReason, `${name} cannot be packed`).toBeUndefined();
    }
  });

  test('packing turned every workspace: and catalog: range into a real version', () => {
    for (const name of tarballs.keys()) {
      const installed = readFileSync(join(consumer, 'node_modules', name, 'package.json'), 'utf8');
      expect(installed, `${name}'s packed package.json`).not.toMatch(/"(workspace|catalog):/);
      // npm used our tarball, not something of the same name from the registry.
      expect(JSON.parse(installed).version).toBe(
        JSON.parse(readFileSync(join(all.find((p) => p.name === name)!.dir, 'package.json'), 'utf8')).version,
      );
    }
    const lock = JSON.parse(readFileSync(join(consumer, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { resolved?: string }>;
    };
    for (const name of tarballs.keys()) {
      expect(lock.packages[`node_modules/${name}`]?.resolved, name).toMatch(/^file:.*\.tgz$/);
    }
  });

  test('exactly one copy of each tfjs package is installed (one engine, one kernel registry)', () => {
    const copies = new Map<string, string[]>();
    const walk = (nodeModules: string) => {
      if (!existsSync(nodeModules)) return;
      for (const entry of readdirSync(nodeModules)) {
        const dirs = entry.startsWith('@')
          ? readdirSync(join(nodeModules, entry)).map((e) => join(nodeModules, entry, e))
          : [join(nodeModules, entry)];
        for (const dir of dirs) {
          const manifest = join(dir, 'package.json');
          if (!existsSync(manifest)) continue;
          const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name ?? '';
          if (name.startsWith('@tensorflow/')) copies.set(name, [...(copies.get(name) ?? []), dir]);
          walk(join(dir, 'node_modules'));
        }
      }
    };
    walk(join(consumer, 'node_modules'));
    expect(copies.get('@tensorflow/tfjs-core')).toHaveLength(1);
    for (const [name, dirs] of copies) expect(dirs, `copies of ${name}`).toHaveLength(1);
  });

  const expectedResults = {
    backend: 'cpu',
    product: [[17], [39]],
    gradient: [2, 4, 6],
    afterStep: expect.closeTo(1.4, 6),
    leaked: 0,
    sameEngine: true,
    sameMatMul: true,
    samePlugin: true,
  };

  test('an ES module imports @strata/core and @strata/backend-cpu, trains, and shares the engine with CJS', async () => {
    const { stdout, stderr } = await node(['esm-consumer.mjs']);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ ...expectedResults, cjsBackend: 'cpu', crossResult: [2, 3] });
  });

  test('a CommonJS script requires them, trains, and shares the engine with ESM', async () => {
    const { stdout, stderr } = await node(['cjs-consumer.cjs']);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ ...expectedResults, esmBackend: 'cpu' });
  });

  test('@strata/backend-webgl imports quietly in Node and reports WebGL unsupported', async () => {
    const script =
      "import * as tf from '@strata/core'; import { plugin } from '@strata/backend-webgl';" +
      "console.log(JSON.stringify({ supported: await plugin.isSupported(), registered: tf.getBackendPlugin('webgl') === plugin }));";
    const { stdout, stderr } = await node(['--input-type=module', '-e', script]);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ supported: false, registered: true });
  });

  describe.each(packable.map((p) => p.name))('%s', (name) => {
    test('loads through import and require, prints nothing, exports the same names', async () => {
      const { stdout, stderr } = await node(['load-package.mjs', name]);
      expect(stderr).toBe('');
      const { esmExports, cjsExports } = JSON.parse(stdout) as { esmExports: string[]; cjsExports: string[] };
      expect(esmExports.length).toBeGreaterThan(0);
      expect(cjsExports).toEqual(esmExports);
    });

    test('publint --strict finds nothing', async () => {
      const result = await run(
        process.execPath,
        [binOf('publint', 'publint'), 'run', tarballs.get(name)!, '--strict'],
        {
          env: plainEnv(),
        },
      ).catch((error: { stdout: string; stderr: string }) => ({ ...error, failed: true }));
      expect('failed' in result, `${result.stdout}${result.stderr}`).toBe(false);
    });

    test('attw (are the types wrong) finds nothing', async () => {
      const result = await run(
        process.execPath,
        [
          binOf('@arethetypeswrong/cli', 'attw'),
          tarballs.get(name)!,
          '--no-emoji',
          '--no-color',
          '--no-summary',
        ],
        { env: plainEnv() },
      ).catch((error: { stdout: string; stderr: string }) => ({ ...error, failed: true }));
      expect('failed' in result, `${result.stdout}${result.stderr}`).toBe(false);
    });
  });
});

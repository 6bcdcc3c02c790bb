import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';

// The scaffolder's promise: the package it writes builds and passes its own tests as generated. The package is
// generated inside the workspace and linked to the workspace's packages (as `npm install` would install them).
const kitDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packagesDir = resolve(kitDir, '..');
const workDir = join(kitDir, '.scaffold-test');
const generated = join(workDir, 'strata-backend-demo');
const require = createRequire(join(kitDir, 'package.json'));
const bin = join(kitDir, 'bin/create-backend.mjs');

function newestMtime(dir: string): number {
  return Math.max(
    ...readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.endsWith('.test.ts'))
      .map((e) => statSync(join(e.parentPath, e.name)).mtimeMs),
  );
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}

function binOf(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

describe('create-backend', () => {
  beforeAll(() => {
    // The generated package imports the kit's dist (turbo builds it before this test; locally we build it
    // if the sources are newer).
    const dist = join(kitDir, 'dist/vitest.js');
    if (!existsSync(dist) || statSync(dist).mtimeMs < newestMtime(join(kitDir, 'src'))) {
      execFileSync(process.execPath, [binOf('tsup', 'dist/cli-default.js')], { cwd: kitDir, stdio: 'pipe' });
    }
    for (const pkg of ['core', 'backend-cpu']) {
      if (!existsSync(join(packagesDir, pkg, 'dist/index.js'))) {
        throw new Error(
          `@strata/${pkg} is not built: run pnpm turbo run build --filter @strata/backend-kit^...`,
        );
      }
    }
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
  }, 120_000);

  test('writes a plugin package from the command line', () => {
    const { code, output } = run(bin, ['demo', generated, '--package', 'strata-backend-demo'], workDir);
    expect(output).toMatch(/Created backend 'demo'/);
    expect(code).toBe(0);
    const pkg = JSON.parse(readFileSync(join(generated, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('strata-backend-demo');
    expect(Object.keys(pkg.peerDependencies)).toEqual([
      '@strata/backend-cpu',
      '@strata/core',
      '@tensorflow/tfjs-core',
    ]);
    expect(pkg.dependencies).toHaveProperty('@strata/backend-kit');
    expect(readFileSync(join(generated, 'src/index.ts'), 'utf8')).toMatch(
      /defineBackend\(\{ name: 'demo', base: 'cpu', kernels \}\)/,
    );
    expect(readFileSync(join(generated, 'src/conformance.test.ts'), 'utf8')).toMatch(
      /describeConformance\(plugin\)/,
    );
  });

  test('refuses a bad name or a directory that is not empty, saying why', () => {
    expect(run(bin, ['Demo'], workDir)).toMatchObject({
      code: 1,
      output: expect.stringMatching(/lower-case letters/),
    });
    expect(run(bin, ['demo', generated], workDir)).toMatchObject({
      code: 1,
      output: expect.stringMatching(/is not empty/),
    });
  });

  test('the generated package builds and its tests pass', () => {
    // node_modules as an install would lay it out, pointing at the workspace packages.
    const links: Record<string, string> = {
      '@strata/backend-kit': kitDir,
      '@strata/core': join(packagesDir, 'core'),
      '@strata/backend-cpu': join(packagesDir, 'backend-cpu'),
      '@tensorflow/tfjs-core': dirname(require.resolve('@tensorflow/tfjs-core/package.json')),
    };
    for (const [name, target] of Object.entries(links)) {
      const link = join(generated, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(target, link, 'dir');
    }
    const build = run(binOf('tsup', 'dist/cli-default.js'), [], generated);
    expect(build.output).toMatch(/Build success/);
    expect(build.code).toBe(0);
    expect(existsSync(join(generated, 'dist/index.d.ts'))).toBe(true);
    expect(existsSync(join(generated, 'dist/index.cjs'))).toBe(true);

    const tests = run(binOf('vitest', 'vitest.mjs'), ['run'], generated);
    expect(tests.output).toMatch(/Test Files\s+2 passed/);
    expect(tests.output).toMatch(/src\/conformance\.test\.ts \(1\d\d tests\)/);
    expect(tests.output).toMatch(/src\/kernels\/Relu\.test\.ts \(1 test\)/);
    expect(tests.code).toBe(0);
  }, 240_000);
});

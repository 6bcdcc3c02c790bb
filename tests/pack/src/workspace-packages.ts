import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface WorkspacePackage {
  name: string;
  dir: string;
  /** The @strata packages it needs at run time (dependencies and peerDependencies). */
  strataDeps: string[];
  /** Why it cannot be packed yet; undefined when it can. */
  skipReason?: string;
}

interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Every non-private package under packages/, with the reason it cannot be packed if so: no src/index.ts yet,
 * no build (a file its package.json points at is missing), a build older than its sources, or a @strata
 * dependency that cannot be packed (npm would look for it on the registry).
 */
export function publishablePackages(): WorkspacePackage[] {
  const packagesDir = join(repoRoot, 'packages');
  const found: WorkspacePackage[] = [];
  for (const entry of readdirSync(packagesDir).sort()) {
    const dir = join(packagesDir, entry);
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (manifest.private) continue;
    const strataDeps = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }).filter((d) =>
      d.startsWith('@strata/'),
    );
    found.push({ name: manifest.name, dir, strataDeps, skipReason: buildProblem(dir, manifest) });
  }
  // A package is only packable if everything it needs from @strata is packed with it.
  let changed = true;
  while (changed) {
    changed = false;
    for (const pkg of found) {
      if (pkg.skipReason) continue;
      const missing = pkg.strataDeps.find((d) => !found.some((p) => p.name === d && !p.skipReason));
      if (missing) {
        pkg.skipReason = `needs ${missing}, which cannot be packed`;
        changed = true;
      }
    }
  }
  return found;
}

function buildProblem(dir: string, manifest: Manifest): string | undefined {
  if (!existsSync(join(dir, 'src', 'index.ts'))) return 'no src/index.ts yet';
  const targets = new Set<string>();
  for (const target of [manifest.main, manifest.module, manifest.types, ...exportTargets(manifest.exports)]) {
    if (target && target !== './package.json') targets.add(target);
  }
  const missing = [...targets].filter((t) => !existsSync(join(dir, t)));
  if (missing.length > 0) return `not built (missing ${missing.join(', ')})`;
  const builtAt = Math.min(...[...targets].map((t) => statSync(join(dir, t)).mtimeMs));
  const newestSource = newestMtime(join(dir, 'src'));
  if (newestSource > builtAt) {
    // Packing it would test yesterday's code. Under turbo (`pnpm turbo run test`) builds always run first.
    return 'its dist is older than its src (build it first: pnpm turbo run build)';
  }
  return undefined;
}

function exportTargets(exportsField: unknown): string[] {
  if (typeof exportsField === 'string') return [exportsField];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.values(exportsField).flatMap(exportTargets);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    // Tests do not go into dist: editing one does not make the build stale.
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!/\.test(-d)?\.ts$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

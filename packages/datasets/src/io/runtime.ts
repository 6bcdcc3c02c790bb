/** True under Node.js (and runtimes that emulate it, such as Bun and Deno, which also provide `node:` modules). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Imports a Node built-in at run time. The specifier is a variable on purpose: bundlers then leave the import
 * alone, so a browser build neither fails to resolve `node:fs` nor ships a shim for it. Only call this after
 * `isNode()`.
 */
export function importNode<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ /* webpackIgnore: true */ specifier) as Promise<T>;
}

/**
 * The backend a command line asks for: `--backend trace:cpu` or `--backend=trace:cpu`; undefined if none
 * (then useBackend() reads STRATA_BACKEND or picks the best registered backend).
 */
export function backendFromArgs(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--backend') {
      const value = argv[i + 1];
      if (!value || value.startsWith('--')) {
        throw new Error('--backend needs a name, e.g. --backend trace:cpu (or set STRATA_BACKEND=trace).');
      }
      return value;
    }
    if (arg.startsWith('--backend=')) return arg.slice('--backend='.length);
  }
  return undefined;
}

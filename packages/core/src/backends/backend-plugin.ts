/**
 * A backend plugin: how Strata finds, loads and activates a tfjs backend at run time.
 * Registering a plugin must stay cheap: all heavy work (importing the tfjs backend, fetching wasm) is in `load`.
 */
export interface BackendPlugin {
  /** The tfjs backend name, used by `useBackend()` and in every error message. */
  readonly name: string;
  /** Higher wins when the user names no backend. Default: 0. */
  readonly priority?: number;
  /** Whether this runtime can run the backend (e.g. can a WebGL2 context be made here?). Default: true. */
  isSupported?(): boolean | Promise<boolean>;
  /** Registers the tfjs backend (`tf.registerBackend`) and its kernels. Called at most once if it succeeds. */
  load(): Promise<void>;
  /** Facts about the loaded backend for `listBackends()` (e.g. `{ simd: true, threads: 2 }`). */
  describe?(): Record<string, unknown>;
}

/** One row of `listBackends()`. */
export interface BackendInfo {
  name: string;
  priority: number;
  /** `undefined` until checked by `useBackend()` or `listBackends({ check: true })`. */
  supported: boolean | undefined;
  loaded: boolean;
  active: boolean;
  details?: Record<string, unknown>;
}

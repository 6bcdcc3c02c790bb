// tfjs-core alone registers no gradients and no chained tensor methods (`x.add(y)`); the @tensorflow/tfjs
// umbrella does both. These deep imports are ESM files inside a CJS package, which Node cannot load directly:
// tsup bundles them into our dist (as the umbrella does). They register into tfjs-core's global registries,
// so there is still one engine, one kernel registry and one gradient registry. tfjs-core's main entry must load
// first: the bundled copies defer to the classes and op handler it registers globally.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

export * from '@tensorflow/tfjs-core';
export type { BackendInfo, BackendPlugin } from './backends/backend-plugin.js';
export {
  currentBackend,
  getBackendPlugin,
  listBackends,
  registerBackendPlugin,
  useBackend,
} from './backends/registry.js';
export {
  BackendLoadError,
  BackendNotFoundError,
  InvalidArgumentError,
  LoadError,
  MissingKernelError,
  NotBuiltError,
  ShapeMismatchError,
  UnknownNameError,
} from './errors/errors.js';
export { StrataError } from './errors/strata-error.js';
export {
  formatShape,
  formatShapeCode,
  type Shape,
  shapeSize,
  shapesCompatible,
  shapesEqual,
} from './shape/shape.js';

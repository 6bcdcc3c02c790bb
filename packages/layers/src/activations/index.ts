/** The activation functions by name: `activations.gelu(x, { approximate: true })`. */

// Activation layers.
export { ELU, type ELUArgs } from './elu.js';
export * as activations from './functions.js';
export {
  type ActivationFn,
  type ActivationIdentifier,
  type ActivationName,
  activationName,
  type FusedActivation,
  fusableActivation,
  getActivation,
  isRecordingGradients,
  registerActivation,
  serializeActivation,
} from './get-activation.js';
export { LeakyReLU, type LeakyReLUArgs } from './leaky-relu.js';
export { PReLU, type PReLUArgs } from './prelu.js';
export { ReLU, type ReLUArgs } from './relu.js';
export { Softmax, type SoftmaxArgs } from './softmax.js';

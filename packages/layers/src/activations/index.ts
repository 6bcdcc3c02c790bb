/** The activation functions by name: `activations.gelu(x, { approximate: true })`. */
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

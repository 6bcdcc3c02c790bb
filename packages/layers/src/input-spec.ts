/**
 * What a layer accepts, as Keras's InputSpec: checked on every `apply` after the layer is built.
 * `axes` maps an axis (negative counts from the end) to its required size.
 */
export interface InputSpec {
  ndim?: number;
  minNdim?: number;
  maxNdim?: number;
  axes?: Record<number, number>;
}

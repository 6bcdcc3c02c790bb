import type { backend_util, DataId, DataType, TensorInfo } from '@strata/core';

/**
 * A shader program for tfjs-backend-webgl's `runWebGLProgram`: the shape of its `GPGPUProgram` (the same plain
 * object its own ops and tfjs's custom-op guide pass). `userCode` is the body of a GLSL fragment shader; tfjs adds
 * the samplers (`getA(...)`, `getAAtOutCoords()`), `getOutputCoords()`, `setOutput(...)`, `isnan`, `isinf` and `NAN`.
 */
export interface ShaderProgram {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  /** Read inputs and write the output as packed textures (2×2 values per texel). Default: false. */
  packedInputs?: boolean;
  packedOutput?: boolean;
  /** Uniforms set per run (compiled once for every value), e.g. a clip's bounds. */
  customUniforms?: { name: string; type: 'float' | 'int' }[];
}

/** What our kernels use of tfjs-backend-webgl's MathBackendWebGL. */
export interface WebglBackendLike {
  runWebGLProgram(
    program: ShaderProgram,
    inputs: TensorInfo[],
    outputDtype: DataType,
    customUniformValues?: number[][],
  ): TensorInfo;
  /** Where a tensor's values live: `texture` once on the GPU, `isPacked` when stored 2×2 per texel. */
  texData: { get(dataId: DataId): { texture?: unknown; isPacked?: boolean } };
  makeTensorInfo(shape: number[], dtype: DataType, values?: backend_util.BackendValues): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

import { env, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@strata/core';
import { unaryProgram } from './programs.js';
import type { WebglBackendLike } from './webgl-backend-like.js';

/** A kernel for the 'webgl' backend, with its inputs and attrs typed by the caller instead of cast in each file. */
export function defineWebglKernel<Inputs, Attrs>(
  kernelName: string,
  kernel: (inputs: Inputs, attrs: Attrs, backend: WebglBackendLike) => TensorInfo,
): KernelConfig {
  return {
    kernelName,
    backendName: 'webgl',
    kernelFunc: ({ inputs, attrs, backend }) =>
      kernel(
        inputs as unknown as Inputs,
        (attrs ?? {}) as unknown as Attrs,
        backend as unknown as WebglBackendLike,
      ),
  };
}

/**
 * An elementwise kernel from a GLSL function body `float op(float x)` (see unaryProgram), packed when tfjs would
 * pack it (`packFlag`). `uniforms` names float attributes passed to the shader per call (compiled once). A function
 * for `scalarOp` is called per call, for code that depends on tfjs-backend-webgl's flags (set once it is loaded).
 */
export function unaryKernel(
  kernelName: string,
  scalarOp: string | (() => string),
  options: { packFlag?: string; uniforms?: string[] } = {},
): KernelConfig {
  const { packFlag = 'WEBGL_PACK_UNARY_OPERATIONS', uniforms } = options;
  return defineWebglKernel<{ x: TensorInfo }, NamedAttrMap>(kernelName, ({ x }, attrs, backend) => {
    const program = unaryProgram(x.shape, typeof scalarOp === 'string' ? scalarOp : scalarOp(), {
      packed: env().getBool(packFlag),
      ...(uniforms ? { uniforms } : {}),
    });
    const values = uniforms?.map((name) => [attrs[name] as number]);
    return backend.runWebGLProgram(program, [x], x.dtype, values);
  });
}

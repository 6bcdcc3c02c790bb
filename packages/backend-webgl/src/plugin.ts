import { type BackendPlugin, env, findBackend, findBackendFactory, registerBackend } from '@strata/core';
import { registerWebglKernels } from './kernels/index.js';
import { probeWebGL } from './webgl-support.js';

// The parts of tfjs-backend-webgl's MathBackendWebGL that describe() reads.
interface WebGLBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext };
  epsilon(): number;
}

let renderer: string | undefined;
let kernelsReplaced: string[] | undefined;

/**
 * The WebGL GPU backend (tfjs-backend-webgl): the fastest built-in backend in browsers.
 * Supported wherever a WebGL2 (or WebGL1) context can be made; never in plain Node.
 */
export const plugin: BackendPlugin = {
  name: 'webgl',
  priority: 3,
  isSupported: () => probeWebGL(softwareWebGLAllowed()).version > 0,
  // Imported lazily: registering a plugin must stay cheap, and tfjs-backend-webgl is large.
  load: async () => {
    const webgl = await import('@tensorflow/tfjs-backend-webgl');
    // The import registers the kernels everywhere but the backend itself only where tfjs believes it is in a
    // browser (window.document or a worker). Where isSupported() found a context anyway, register it ourselves.
    if (!findBackendFactory('webgl')) registerBackend('webgl', () => new webgl.MathBackendWebGL(), 2);
    // Kernels that tfjs 4.22 gets wrong for some values (src/kernels/), in place of its own.
    kernelsReplaced = registerWebglKernels();
  },
  describe: () => {
    const backend = findBackend('webgl') as unknown as WebGLBackendLike | undefined;
    const details: Record<string, unknown> = {
      webglVersion: env().getNumber('WEBGL_VERSION'),
      float32Render: env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
    };
    const gl = backend?.gpgpu?.gl;
    renderer ??= gl ? rendererOf(gl) : undefined;
    if (renderer) details.renderer = renderer;
    // tfjs 4.22 reports 1e-4 here even with float32 textures (cpu: 1e-7); anything that defaults to the
    // backend epsilon (e.g. Adam) then differs from cpu. Shown so users can see it.
    if (backend) details.epsilon = backend.epsilon();
    if (kernelsReplaced) details.kernelsReplaced = kernelsReplaced;
    return details;
  },
};

// The flag is registered by tfjs-backend-webgl; before it is loaded, reading it would throw.
function softwareWebGLAllowed(): boolean {
  const flags = (env() as unknown as { flagRegistry?: Record<string, unknown> }).flagRegistry ?? {};
  return 'SOFTWARE_WEBGL_ENABLED' in flags && env().getBool('SOFTWARE_WEBGL_ENABLED');
}

function rendererOf(gl: WebGLRenderingContext): string | undefined {
  try {
    // Chrome and Firefox now return the real GPU name from RENDERER; Firefox warns when the old
    // WEBGL_debug_renderer_info extension is used, so that is only a fallback for browsers that mask it.
    const plain = gl.getParameter(gl.RENDERER);
    if (typeof plain === 'string' && plain !== '' && plain !== 'WebKit WebGL') return plain;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const unmasked = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : undefined;
    return typeof unmasked === 'string' ? unmasked : undefined;
  } catch {
    return undefined;
  }
}

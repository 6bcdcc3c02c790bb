/** What a quick probe found out about WebGL here. */
export interface WebGLProbe {
  /** 2 or 1: the version tfjs will use (it prefers 2); 0 when no context could be made. */
  version: 0 | 1 | 2;
  /** Why there is no context, for error messages and `describe()`. */
  reason?: string;
}

// tfjs-backend-webgl asks for its context with these attributes (canvas_util.ts). Probing with the same ones
// matters most for `failIfMajorPerformanceCaveat`: a browser may hand a software renderer to a default request
// and refuse it to tfjs, and then isSupported() would promise a backend that cannot start.
const contextAttributes: WebGLContextAttributes = {
  alpha: false,
  antialias: false,
  premultipliedAlpha: false,
  preserveDrawingBuffer: false,
  depth: false,
  stencil: false,
  failIfMajorPerformanceCaveat: true,
};

type ProbeCanvas = OffscreenCanvas | HTMLCanvasElement;

/**
 * Tries to make a WebGL2, then a WebGL1 context, the way tfjs-backend-webgl would, and frees it again.
 * Never throws and prints nothing: in plain Node it returns `{ version: 0 }` straight away.
 * @param allowSoftware the value of tfjs's `SOFTWARE_WEBGL_ENABLED` flag (accept software renderers).
 */
export function probeWebGL(allowSoftware = false): WebGLProbe {
  const attributes = { ...contextAttributes, failIfMajorPerformanceCaveat: !allowSoftware };
  // tfjs makes WebGL2 contexts on an OffscreenCanvas when there is one (so also in workers), and WebGL1
  // contexts only on a <canvas> element.
  const webgl2Canvas = makeCanvas(true);
  if (!webgl2Canvas && !makeCanvas(false)) {
    return {
      version: 0,
      reason: 'there is no canvas here (no document and no OffscreenCanvas, e.g. plain Node)',
    };
  }
  if (webgl2Canvas && tryContext(webgl2Canvas, 'webgl2', attributes)) return { version: 2 };
  const webgl1Canvas = makeCanvas(false);
  if (webgl1Canvas && tryContext(webgl1Canvas, 'webgl', attributes)) return { version: 1 };
  return {
    version: 0,
    reason:
      'the browser refused a WebGL context (WebGL disabled, GPU blocklisted, or only a software renderer, ' +
      "which tfjs refuses unless tf.env().set('SOFTWARE_WEBGL_ENABLED', true))",
  };
}

function makeCanvas(offscreenAllowed: boolean): ProbeCanvas | undefined {
  try {
    if (offscreenAllowed && typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
    if (typeof document !== 'undefined' && typeof document.createElement === 'function') {
      return document.createElement('canvas');
    }
  } catch {
    // A sandboxed or polyfilled environment may throw here; that simply means no canvas.
  }
  return undefined;
}

function tryContext(
  canvas: ProbeCanvas,
  kind: 'webgl2' | 'webgl',
  attributes: WebGLContextAttributes,
): boolean {
  let gl: WebGLRenderingContext | WebGL2RenderingContext | null = null;
  try {
    gl = canvas.getContext(kind, attributes) as WebGLRenderingContext | WebGL2RenderingContext | null;
  } catch {
    return false;
  }
  if (!gl) return false;
  // Browsers cap live WebGL contexts (Chrome: 16) and drop the oldest; release the probe's right away.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return true;
}

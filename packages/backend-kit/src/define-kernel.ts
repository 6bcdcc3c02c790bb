import {
  type DataType,
  InvalidArgumentError,
  type KernelBackend,
  type KernelFunc,
  type TensorInfo,
  UnknownNameError,
} from '@strata/core';
import { KernelFailedError } from './errors/kernel-failed-error.js';
import { type KernelSignatures, tfjsKernelNames } from './kernel-signatures.js';

/**
 * Friendlier names `defineKernel` accepts for the kernels ops dispatch under another name
 * (`tf.matMul` runs the tfjs kernel `BatchMatMul`, `tf.mul` runs `Multiply`).
 */
export const kernelAliases = {
  MatMul: 'BatchMatMul',
  FusedMatMul: '_FusedMatMul',
  Mul: 'Multiply',
  Div: 'RealDiv',
  Gather: 'GatherV2',
  DepthwiseConv2D: 'DepthwiseConv2dNative',
} as const satisfies Record<string, keyof KernelSignatures>;

type Aliases = typeof kernelAliases;
/** A tfjs kernel name, e.g. `'BatchMatMul'`, `'Conv2DBackpropFilter'`. */
export type TfjsKernelName = keyof KernelSignatures;
/** What `defineKernel` accepts: a tfjs kernel name or one of `kernelAliases`. */
export type KernelName = TfjsKernelName | keyof Aliases;
/** The tfjs kernel a name stands for (`'MatMul'` -> `'BatchMatMul'`). */
export type ResolveKernelName<N extends KernelName> = N extends keyof Aliases ? Aliases[N] : N;
/** A kernel's tensor inputs, by name (e.g. `{ a, b }` for BatchMatMul). */
export type KernelInputs<N extends KernelName> = KernelSignatures[ResolveKernelName<N>]['inputs'];
/** A kernel's attributes (e.g. `{ transposeA, transposeB }` for BatchMatMul). */
export type KernelAttrs<N extends KernelName> = KernelSignatures[ResolveKernelName<N>]['attrs'];

/** Tensor values as a kernel reads and writes them: float32, int32 and bool (0/1) data. */
export type TensorValues = Float32Array | Int32Array | Uint8Array;
/** The dtypes `makeOutput` writes. */
export type OutputDType = 'float32' | 'int32' | 'bool';
/** What a kernel returns: one tensor, or several for kernels with several outputs (e.g. SplitV). */
export type KernelOutput = TensorInfo | TensorInfo[];

/** What a kernel implementation receives on every call. */
export interface KernelContext<N extends KernelName> {
  /** The tensors, by the names tfjs gives them (`x`; `a`, `b`; `x`, `filter`; ...). */
  readonly inputs: KernelInputs<N>;
  /** The attributes (strides, axes, flags), as the op passed them. */
  readonly attrs: KernelAttrs<N>;
  /**
   * A tensor's values as a typed array of its dtype: Float32Array (float32), Int32Array (int32) or
   * Uint8Array (bool). Often the backend's own buffer: read it, never write to it (the conformance
   * suite checks that inputs are left unchanged).
   */
  readValues(tensor: TensorInfo): TensorValues;
  /**
   * Makes an output tensor from values (a typed array or numbers) and a shape. `dtype` defaults to float32;
   * values of another array type are converted. Throws if the number of values does not fit the shape.
   */
  makeOutput(values: ArrayLike<number>, shape: readonly number[], dtype?: OutputDType): TensorInfo;
  /** The backend instance the kernel runs on, for kernels that need more than the helpers above. */
  readonly backend: KernelBackend;
  /** The backend's name (as given to `defineBackend`) and the tfjs kernel name, for messages. */
  readonly backendName: string;
  readonly kernelName: ResolveKernelName<N>;
}

/** A kernel implementation: plain inputs and attributes in, outputs made with `makeOutput`. */
export type KernelImpl<N extends KernelName> = (context: KernelContext<N>) => KernelOutput;

const definitionMarker = Symbol.for('strata.kernelDefinition');

/** A kernel made by `defineKernel`, ready for `defineBackend({ kernels: [...] })`. */
export interface KernelDefinition<N extends TfjsKernelName = TfjsKernelName> {
  readonly [definitionMarker]: true;
  /** The tfjs kernel name it registers under. */
  readonly name: N;
  /** The tfjs kernel function for a backend of that name (wraps `impl` with the helpers and error context). */
  kernelFuncFor(backendName: string): KernelFunc;
}

/**
 * Defines a kernel: the code a backend runs for one tfjs kernel. Inputs and attributes are typed by the kernel's
 * name (tfjs's `kernel_names`), so no casts are needed.
 * @example
 * export const relu = defineKernel('Relu', ({ inputs: { x }, readValues, makeOutput }) => {
 *   const v = readValues(x), out = new Float32Array(v.length);
 *   // `v < 0 ? 0 : v` lets NaN through; `v > 0 ? v : 0` would zero it and hide a diverging model.
 *   for (let i = 0; i < v.length; i++) out[i] = v[i] < 0 ? 0 : v[i];
 *   return makeOutput(out, x.shape);
 * });
 */
export function defineKernel<N extends KernelName>(
  name: N,
  impl: KernelImpl<N>,
): KernelDefinition<ResolveKernelName<N>> {
  const kernelName = resolveKernelName(name);
  if (typeof impl !== 'function') {
    throw new InvalidArgumentError(
      `defineKernel('${name}', impl) needs a function as impl, got ${typeof impl}. ` +
        `Write defineKernel('${name}', ({ inputs, attrs, readValues, makeOutput }) => ...).`,
    );
  }
  return {
    [definitionMarker]: true,
    name: kernelName as ResolveKernelName<N>,
    kernelFuncFor(backendName: string): KernelFunc {
      return ({ inputs, attrs, backend }) => {
        const kernelBackend = backend as KernelBackend;
        const context: KernelContext<N> = {
          inputs: inputs as unknown as KernelInputs<N>,
          attrs: (attrs ?? {}) as unknown as KernelAttrs<N>,
          backend: kernelBackend,
          backendName,
          kernelName: kernelName as ResolveKernelName<N>,
          readValues: (tensor) => readValues(kernelBackend, tensor),
          makeOutput: (values, shape, dtype = 'float32') =>
            makeOutput(kernelBackend, values, shape, dtype, `${kernelName}' of backend '${backendName}`),
        };
        try {
          const out = impl(context);
          checkOutput(out, kernelName, backendName);
          return out;
        } catch (error) {
          if (error instanceof KernelFailedError) throw error;
          throw new KernelFailedError(
            kernelName,
            backendName,
            `Kernel '${kernelName}' of backend '${backendName}' failed on inputs ${describeInputs(inputs)}: ` +
              `${error instanceof Error ? error.message : String(error)}. Fix the kernel (its file is named ` +
              `${kernelName}.ts by convention), or leave it out to inherit the base backend's.`,
            { cause: error },
          );
        }
      };
    },
  };
}

/** Whether a value was made by `defineKernel` (works across duplicate copies of the kit). */
export function isKernelDefinition(value: unknown): value is KernelDefinition {
  return typeof value === 'object' && value !== null && definitionMarker in value;
}

/** The tfjs kernel name for a name or alias; throws UnknownNameError with close matches for anything else. */
export function resolveKernelName(name: string): TfjsKernelName {
  if (Object.hasOwn(kernelAliases, name)) return kernelAliases[name as keyof Aliases];
  if ((tfjsKernelNames as readonly string[]).includes(name)) return name as TfjsKernelName;
  const known = [...tfjsKernelNames, ...Object.keys(kernelAliases)];
  const lower = name.toLowerCase();
  const close = known.filter((k) => {
    const l = k.toLowerCase();
    return l.includes(lower) || lower.includes(l) || editDistance(l, lower) <= 2;
  });
  throw new UnknownNameError(
    'kernel',
    name,
    close.length ? close.slice(0, 8) : ['BatchMatMul', 'Conv2D', 'Relu', '...'],
    'Kernel names are the tfjs ones (see KernelSignatures in @strata/backend-kit); to find the kernels an op ' +
      'runs, use traceKernels(() => yourOp()).',
  );
}

/** A tensor's values as a typed array of its dtype, read synchronously from the backend. */
export function readValues(backend: KernelBackend, tensor: TensorInfo): TensorValues {
  const values = backend.readSync(tensor.dataId);
  switch (tensor.dtype) {
    case 'float32':
      return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
    case 'int32':
      return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
    case 'bool':
      return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>);
    default:
      throw new InvalidArgumentError(
        `readValues() reads float32, int32 and bool tensors, got a ${tensor.dtype} tensor of shape ` +
          `[${tensor.shape.join(', ')}]. Use backend.readSync(tensor.dataId) for ${tensor.dtype} data.`,
      );
  }
}

/** Writes values to the backend as a new tensor and returns its TensorInfo. */
export function makeOutput(
  backend: KernelBackend,
  values: ArrayLike<number>,
  shape: readonly number[],
  dtype: OutputDType = 'float32',
  where = 'makeOutput',
): TensorInfo {
  const size = shape.reduce((a, b) => a * b, 1);
  if (values.length !== size) {
    throw new InvalidArgumentError(
      `Kernel '${where}' made an output of ${values.length} values for shape [${shape.join(', ')}], ` +
        `which holds ${size}. Allocate the output with the shape's size, e.g. new Float32Array(${size}).`,
    );
  }
  const typed =
    dtype === 'float32'
      ? values instanceof Float32Array
        ? values
        : Float32Array.from(values)
      : dtype === 'int32'
        ? values instanceof Int32Array
          ? values
          : Int32Array.from(values)
        : values instanceof Uint8Array
          ? values
          : Uint8Array.from(values);
  const outShape = [...shape];
  return { dataId: backend.write(typed, outShape, dtype as DataType), shape: outShape, dtype };
}

function checkOutput(out: unknown, kernelName: string, backendName: string): void {
  const list = Array.isArray(out) ? out : [out];
  for (const info of list) {
    if (
      !info ||
      typeof info !== 'object' ||
      !('dataId' in info) ||
      !('shape' in info) ||
      !('dtype' in info)
    ) {
      throw new KernelFailedError(
        kernelName,
        backendName,
        `Kernel '${kernelName}' of backend '${backendName}' returned ${JSON.stringify(out)}, not tensors. ` +
          `Return makeOutput(values, shape) (or an array of them for several outputs).`,
      );
    }
  }
}

function describeInputs(inputs: unknown): string {
  const entries = Object.entries(inputs as Record<string, TensorInfo | undefined>);
  return entries
    .map(([name, t]) => (t ? `${name}: ${t.dtype} [${t.shape.join(', ')}]` : `${name}: none`))
    .join(', ');
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

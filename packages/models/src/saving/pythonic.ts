// model.json holds configs in the Python (Keras) form: snake_case keys and values (`kernel_size`, `channels_last`).
// Our getConfig() gives the camelCase form tfjs-layers's own getConfig() gives. These two functions convert between
// them exactly as tfjs-layers's convertTsToPythonic / convertPythonicToTs (utils/serialization_utils.ts) do, so a
// model.json we write reads in tfjs-layers like one it wrote, and the reverse. Two exceptions, kept verbatim both
// ways: values of `name` (layer names) and of `className`/`class_name` (tfjs-layers camel-cases a class name with
// an underscore on load, which would break a user class such as `My_Block`).

/** Keys whose arrays hold a layer name first: `[layerName, nodeIndex, tensorIndex, kwargs]`. */
const refKeys = new Set(['inboundNodes', 'inputLayers', 'outputLayers']);

/** tfjs-layers's toSnakeCase: `kernelSize` → `kernel_size`, `channelsLast` → `channels_last`. */
export function snakeCase(name: string): string {
  const snake = name
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
  return snake[0] !== '_' ? snake : `private${snake}`;
}

/** tfjs-layers's toCamelCase: `kernel_size` → `kernelSize`; strings without `_` are unchanged. */
export function camelCase(name: string): string {
  if (name.length <= 1 || !name.includes('_')) return name;
  return name.replace(/[_]+(\w|$)/g, (_, letter: string) => letter.toUpperCase());
}

/** Our (camelCase) config → the Python form written to model.json. */
export function toPythonic(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return snakeCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.map((item, i) => (isLayerNameItem(key, i, item) ? item : toPythonic(item, key)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[snakeCase(k)] = (k === 'name' || k === 'className') && typeof v === 'string' ? v : toPythonic(v, k);
  }
  return out;
}

/** The Python form read from model.json → our (camelCase) config. */
export function fromPythonic(value: unknown, key?: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return camelCase(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    return value.map((item, i) => (isLayerNameItem(key, i, item) ? item : fromPythonic(item, key)));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const camelKey = camelCase(k);
    out[camelKey] =
      (k === 'name' || k === 'class_name' || k === 'className') && typeof v === 'string'
        ? v
        : fromPythonic(v, camelKey);
  }
  return out;
}

function isLayerNameItem(key: string | undefined, index: number, item: unknown): boolean {
  return key !== undefined && refKeys.has(key) && index === 0 && typeof item === 'string';
}

// Layers held in fields (directly, in arrays, or in plain objects, nested) are a layer's sub-layers, as Keras's
// auto-tracking does. We scan the fields when asked instead of intercepting assignments, so layers assigned in
// the constructor, in build(), from outside later, and arrays changed after assignment (push, splice) are all seen.

export interface TrackedChild<L> {
  /** The field path: `hidden`, `blocks/0`, `heads/query`. */
  path: string;
  layer: L;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Direct sub-layers of `owner` in field-definition order; a layer held twice is listed once, at its first path. */
export function trackedChildren<L extends object>(
  owner: object,
  isLayer: (value: unknown) => value is L,
  skipKeys: ReadonlySet<string>,
): TrackedChild<L>[] {
  const found: TrackedChild<L>[] = [];
  const seenLayers = new Set<object>([owner]);
  const seenContainers = new Set<object>();

  const visit = (value: unknown, path: string) => {
    if (isLayer(value)) {
      if (!seenLayers.has(value)) {
        seenLayers.add(value);
        found.push({ path, layer: value });
      }
      return;
    }
    if (Array.isArray(value)) {
      if (seenContainers.has(value)) return;
      seenContainers.add(value);
      value.forEach((item, i) => {
        visit(item, `${path}/${i}`);
      });
    } else if (isPlainObject(value)) {
      if (seenContainers.has(value)) return;
      seenContainers.add(value);
      for (const key of Object.keys(value)) visit(value[key], `${path}/${key}`);
    } else if (value instanceof Map) {
      if (seenContainers.has(value)) return;
      seenContainers.add(value);
      for (const [key, item] of value) visit(item, `${path}/${String(key)}`);
    }
  };

  for (const key of Object.keys(owner)) {
    if (!skipKeys.has(key)) visit((owner as Record<string, unknown>)[key], key);
  }
  return found;
}

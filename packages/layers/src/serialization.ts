import { UnknownNameError } from '@strata/core';
import type { Layer, LayerArgs } from './layer.js';

/** A layer class that can be rebuilt from its config. */
export interface LayerClass<L extends Layer = Layer> {
  new (args: any): L;
  readonly className: string;
  fromConfig(config: Record<string, unknown>): Layer;
}

const registry = new Map<string, LayerClass>();

/**
 * Makes a layer class known by its `static className` so saved models can be loaded back
 * (the tfjs Layers format stores `{ className, config }`). Built-in layers register themselves.
 */
export function registerLayer<C extends LayerClass>(cls: C): C {
  if (!Object.hasOwn(cls, 'className')) {
    throw new TypeError(
      `registerLayer(${cls.name}): the class needs its own \`static readonly className = '${cls.name}'\` ` +
        '(minifiers rename classes, so the name cannot be taken from the constructor).',
    );
  }
  registry.set(cls.className, cls);
  return cls;
}

/** The registered class of that name. */
export function getLayerClass(className: string): LayerClass {
  const cls = registry.get(className);
  if (!cls) {
    throw new UnknownNameError(
      'layer class',
      className,
      [...registry.keys()].sort(),
      `If it is your own class, call registerLayer(${className}) before loading.`,
    );
  }
  return cls;
}

/** `{ className, config }`, the tfjs Layers format's form of a layer. */
export function serializeLayer(layer: Layer): {
  className: string;
  config: LayerArgs & Record<string, unknown>;
} {
  const cls = layer.constructor as LayerClass;
  return { className: cls.className, config: layer.getConfig() };
}

/** Rebuilds a layer from `{ className, config }`. */
export function deserializeLayer(serialized: { className: string; config: Record<string, unknown> }): Layer {
  return getLayerClass(serialized.className).fromConfig(serialized.config);
}

import { InvalidArgumentError } from '@strata/core';

const FIELD = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?\}/g;
const SPEC = /^(0)?(\d+)?(?:\.(\d+))?([dfeEgG%])?$/;

/**
 * Python's `str.format` for checkpoint paths, as Keras's `ModelCheckpoint` uses it:
 * `'ckpt-{epoch:02d}-{val_loss:.2f}.weights'` with `{ epoch: 3, val_loss: 0.41234 }` gives
 * `'ckpt-03-0.41.weights'`. Supports `{name}` and `{name:spec}` with spec `[0][width][.precision][type]`,
 * type one of `d f e E g G %`; `{{` and `}}` are literal braces. Unknown names throw, listing the known ones.
 */
export function formatFilepath(
  template: string,
  values: Record<string, number>,
  owner = 'ModelCheckpoint',
): string {
  return template.replace(FIELD, (match, name: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const value = values[name!];
    if (value === undefined) {
      throw new InvalidArgumentError(
        `${owner} filepath '${template}' uses {${name}}, which is not in the logs. Available: ` +
          `${Object.keys(values).join(', ')}. Use one of those names (val_* keys need validation data).`,
      );
    }
    return spec === undefined || spec === '' ? String(value) : formatNumber(value, spec, template, owner);
  });
}

function formatNumber(value: number, spec: string, template: string, owner: string): string {
  const parsed = SPEC.exec(spec);
  if (parsed === null) {
    throw new InvalidArgumentError(
      `${owner} filepath '${template}' has format spec ':${spec}'. Supported: [0][width][.precision][d|f|e|g|%], ` +
        `e.g. {epoch:02d} or {val_loss:.2f}.`,
    );
  }
  const [, zero, width, precision, type] = parsed;
  const p = precision === undefined ? undefined : Number(precision);
  let body: string;
  const abs = Math.abs(value);
  switch (type) {
    case 'd':
      body = String(Math.trunc(abs));
      break;
    case 'f':
      body = abs.toFixed(p ?? 6);
      break;
    case 'e':
    case 'E':
      body = abs.toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
      if (type === 'E') body = body.toUpperCase();
      break;
    case 'g':
    case 'G':
      body = String(Number(abs.toPrecision(p === 0 ? 1 : (p ?? 6))));
      break;
    case '%':
      body = `${(abs * 100).toFixed(p ?? 6)}%`;
      break;
    default:
      body = p === undefined ? String(abs) : String(Number(abs.toPrecision(p === 0 ? 1 : p)));
  }
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const size = Number(width ?? 0);
  return zero ? sign + body.padStart(size - sign.length, '0') : (sign + body).padStart(size);
}

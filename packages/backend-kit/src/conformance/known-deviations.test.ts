import { describe, expect, test } from 'vitest';
import { conformanceCases } from './cases/index.js';
import { deviationProblem, validateDeviations } from './known-deviations.js';

const valid = { kernel: 'RealDiv', case: 'div by zero', reason: '0/0 gives 1 upstream' };

describe('validateDeviations', () => {
  test('accepts an existing case with a one-line reason', () => {
    expect(() => validateDeviations([valid], conformanceCases)).not.toThrow();
  });

  test('an unknown kernel or case is refused, listing the cases to choose from', () => {
    expect(() => validateDeviations([{ ...valid, kernel: 'Div' }], conformanceCases)).toThrow(
      /no kernel 'Div'\. conformanceKernels\(\) lists them/,
    );
    expect(() => validateDeviations([{ ...valid, case: 'div by 0' }], conformanceCases)).toThrow(
      /'RealDiv' has no case 'div by 0'\. Its cases are: 'div same shape', .*'div by zero'/,
    );
  });

  test('the reason must be one non-empty line, and each case is declared once', () => {
    expect(() => validateDeviations([{ ...valid, reason: ' ' }], conformanceCases)).toThrow(
      /needs a one-line reason/,
    );
    expect(() => validateDeviations([{ ...valid, reason: 'a\nb' }], conformanceCases)).toThrow(
      /needs a one-line reason/,
    );
    expect(() => validateDeviations([valid, valid], conformanceCases)).toThrow(/declared twice/);
  });
});

describe('deviationProblem', () => {
  test('none while it deviates; a fix when it matches; the cause when it could not be checked', () => {
    expect(deviationProblem({ ...valid, status: 'deviates', error: 'got 1' }, 'gpu', 'cpu')).toBeUndefined();
    expect(deviationProblem({ ...valid, status: 'matches' }, 'gpu', 'cpu')).toBe(
      "RealDiv: 'div by zero' is declared a known deviation of 'gpu' (0/0 gives 1 upstream), but it now " +
        "matches 'cpu'. Remove it from knownDeviations (and from the backend's README) so the case is checked again.",
    );
    expect(
      deviationProblem(
        { ...valid, status: 'not-judged', error: 'the plugin has no RealDiv kernel' },
        'gpu',
        'cpu',
      ),
    ).toMatch(/could not be checked: the plugin has no RealDiv kernel\.$/);
  });
});

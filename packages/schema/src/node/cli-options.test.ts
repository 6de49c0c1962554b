import { describe, expect, it } from 'vitest';
import { choiceOption, integerOption, listOption, numberOption, parseOptions, requiredOption } from './cli-options.js';
import { UsageError } from './usage-error.js';

const usage = (f: () => unknown, message: string | RegExp) => {
  expect(f).toThrow(UsageError);
  expect(f).toThrow(message);
};

describe('parseOptions', () => {
  it('is strict parseArgs, its errors usage errors', () => {
    const table = { out: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
    const { values, positionals } = parseOptions(['--out', 'x', '-h', 'a.json'], table, { positionals: true });
    expect(values).toEqual({ out: 'x', help: true });
    expect(positionals).toEqual(['a.json']);
    usage(() => parseOptions(['--bogus'], table), /Unknown option '--bogus'/);
    usage(() => parseOptions(['a.json'], table), /Unexpected argument 'a.json'/);
    usage(() => parseOptions(['--out'], table), /Option '--out <value>' argument missing/);
  });
});

describe('option converters', () => {
  it('requiredOption', () => {
    expect(requiredOption('d', 'dataset')).toBe('d');
    usage(() => requiredOption(undefined, 'dataset'), '--dataset is required');
    usage(() => requiredOption('', 'dataset'), '--dataset must not be empty');
  });

  it('integerOption: decimal digits only, within the bounds', () => {
    expect(integerOption(undefined, 'epochs', { min: 1 })).toBeUndefined();
    expect(integerOption(undefined, 'epochs', { min: 1, default: 3 })).toBe(3);
    expect(integerOption(' 12 ', 'epochs', { min: 1 })).toBe(12);
    expect(integerOption('-2', 'offset')).toBe(-2);
    usage(() => integerOption('2.5', 'epochs', { min: 1 }), '--epochs must be an integer ≥ 1, got "2.5"');
    for (const bad of ['', '1e3', '0x10', '2.0', 'nine', '9007199254740993']) usage(() => integerOption(bad, 'epochs', { min: 1 }), /--epochs must be an integer ≥ 1/);
    usage(() => integerOption('0', 'threads', { min: 1, max: 64 }), '--threads must be an integer from 1 to 64, got "0"');
    usage(() => integerOption('300', 'ignore-index', { max: 255 }), '--ignore-index must be an integer ≤ 255, got "300"');
  });

  it('numberOption: finite numbers, positive or bounded, fractions when asked', () => {
    expect(numberOption('1e-3', 'lr', { positive: true })).toBe(0.001);
    expect(numberOption(undefined, 'lr', { positive: true, default: 0.002 })).toBe(0.002);
    expect(numberOption('1/32', 'width', { positive: true, fractions: true })).toBe(1 / 32);
    expect(numberOption('.5', 'threshold', { min: 0 })).toBe(0.5);
    usage(() => numberOption('-1', 'lr', { positive: true }), '--lr must be a positive number, got "-1"');
    usage(() => numberOption('0', 'width', { positive: true, fractions: true }), '--width must be a positive number (or a fraction like 1/32), got "0"');
    usage(() => numberOption('1/0', 'width', { positive: true, fractions: true }), /--width must be a positive number/);
    usage(() => numberOption('1/32', 'lr', { positive: true }), '--lr must be a positive number, got "1/32"');
    for (const bad of ['', ' ', 'Infinity', 'NaN', '0x10', '1e999']) usage(() => numberOption(bad, 'threshold', { min: 0 }), /--threshold must be a number ≥ 0/);
  });

  it('listOption: comma lists of numbers or integers, of a given length', () => {
    expect(listOption('1, 0.75,0.5', 'scales', { positive: true })).toEqual([1, 0.75, 0.5]);
    const fallback = [1, 0.75];
    const list = listOption(undefined, 'scales', { positive: true, default: fallback });
    expect(list).toEqual(fallback);
    expect(list).not.toBe(fallback);
    expect(listOption('3,4,23,3', 'blocks', { integers: true, positive: true, length: 4 })).toEqual([3, 4, 23, 3]);
    usage(() => listOption('1,,2', 'scales', { positive: true }), '--scales must be a comma list of positive numbers, got "1,,2"');
    usage(() => listOption('1,1,1', 'blocks', { integers: true, positive: true, length: 4 }), '--blocks must be a comma list of 4 positive integers, got "1,1,1"');
    usage(() => listOption('1,1.5,1,1', 'blocks', { integers: true, min: 0, length: 4 }), '--blocks must be a comma list of 4 integers ≥ 0, got "1,1.5,1,1"');
  });

  it('choiceOption', () => {
    const convention = choiceOption(undefined, 'convention', ['lip', 'mpii'], { default: 'lip' });
    expect(convention).toBe('lip');
    expect(choiceOption('mpii', 'convention', ['lip', 'mpii'])).toBe('mpii');
    expect(choiceOption(undefined, 'convention', ['lip', 'mpii'])).toBeUndefined();
    usage(() => choiceOption('coco', 'convention', ['lip', 'mpii']), '--convention must be one of lip, mpii, got "coco"');
  });
});

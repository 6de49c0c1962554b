import { describe, expect, it } from 'vitest';
import { parsePoseCsv, poseImageKey } from './pose-csv.js';

const row = (id: string, values: string[]) => [id, ...values].join(',');
const gtValues = Array.from({ length: 16 }, (_, j) => (j === 3 ? ['nan', 'nan', 'nan'] : [`${j}.5`, `${2 * j}`, '1'])).flat();
const predValues = Array.from({ length: 16 }, (_, j) => [`${j}`, `1e1`]).flat();

describe('parsePoseCsv', () => {
  it('reads LIP ground truth with visibility and nan', () => {
    const [a] = parsePoseCsv(row('1000_123.jpg', gtValues) + '\n');
    expect(a!.id).toBe('1000_123.jpg');
    expect(a!.x[0]).toBe(0.5);
    expect(a!.y[2]).toBe(4);
    expect(a!.x[3]).toBeNaN();
    expect(a!.y[3]).toBeNaN();
    expect(a!.visibility![3]).toBeNaN();
    expect(a!.visibility![4]).toBe(1);
    expect(a!.line).toBe(1);
  });

  it('reads predictions without the visibility column, CRLF, blank lines', () => {
    const rows = parsePoseCsv(`\r\n${row('a.jpg', predValues)}\r\n\r\n${row('b', predValues)}\r\n`);
    expect(rows.map((r) => [r.id, r.line])).toEqual([
      ['a.jpg', 2],
      ['b', 4],
    ]);
    expect(rows[0]!.visibility).toBeNull();
    expect(rows[0]!.y[5]).toBe(10);
  });

  it('malformed rows name the file and the line', () => {
    expect(() => parsePoseCsv(`${row('a', predValues)}\n${row('b', predValues.slice(1))}\n`, { source: 'pred.csv' })).toThrow(
      'pred.csv:2: expected an image id and 48 values (x,y,v per joint) or 32 values (x,y per joint), got 31 values',
    );
    const bad = [...gtValues];
    bad[7] = 'abc';
    expect(() => parsePoseCsv(row('a', bad), { source: 'gt.csv' })).toThrow('gt.csv:1: value 8 (joint 2) is "abc", expected a number or nan');
    const empty = [...predValues];
    empty[0] = '';
    expect(() => parsePoseCsv(row('a', empty))).toThrow('pose CSV:1: value 1 (joint 0) is "", expected a number or nan');
    expect(() => parsePoseCsv(row('', predValues), { source: 'p.csv' })).toThrow('p.csv:1: empty image id');
    expect(() => parsePoseCsv(`${row('a.jpg', predValues)}\n${row('a', predValues)}`, { source: 'p.csv' })).toThrow(
      'p.csv:2: image a already appears on line 1',
    );
  });

  it('poseImageKey drops the image extension', () => {
    expect(poseImageKey('1000_1.jpg')).toBe('1000_1');
    expect(poseImageKey('1000_1.JPEG')).toBe('1000_1');
    expect(poseImageKey('1000_1')).toBe('1000_1');
  });
});

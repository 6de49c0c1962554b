import { describe, expect, it } from 'vitest';
import { parsePoseCsv } from './parse-pose-csv.js';
import { formatPoseCsvRow } from './format-pose-csv-row.js';
import { PoseCsvError } from './pose-csv-error.js';

const row = (name: string, fill: (k: number) => string) =>
  [name, ...Array.from({ length: 16 }, (_, k) => fill(k))].join(',');

describe('parsePoseCsv', () => {
  it('parses coordinates, nan joints and the visibility flag', () => {
    const text = [
      row('1000_1234574.jpg', (k) => (k === 3 ? 'nan,nan,nan' : `${k * 2},${k * 3 + 0.5},${k % 2}`)),
      '',
      row('77_1.jpg', () => '1,2,0'),
    ].join('\n');
    const poses = parsePoseCsv(text, 'lip_val_set.csv');
    expect([...poses.keys()]).toEqual(['1000_1234574', '77_1']);
    const p = poses.get('1000_1234574')!;
    expect(p.joints.x[5]).toBe(10);
    expect(p.joints.y[5]).toBe(15.5);
    expect(p.joints.flag[5]).toBe(1);
    expect(p.joints.flag[4]).toBe(0);
    expect(Number.isNaN(p.joints.x[3]!)).toBe(true);
    expect(Number.isNaN(p.joints.y[3]!)).toBe(true);
    expect(Number.isNaN(p.joints.flag[3]!)).toBe(true);
  });

  it('round-trips through formatPoseCsvRow', () => {
    const text = row('5_5.jpg', (k) => (k === 0 ? 'nan,nan,nan' : `${k},${k + 1},1`));
    const p = parsePoseCsv(text).get('5_5')!;
    expect(formatPoseCsvRow('5_5', p.joints)).toBe(text);
  });

  it('names file and line for a row with the wrong field count', () => {
    const text = `${row('a.jpg', () => '1,1,0')}\n${row('b.jpg', () => '1,1,0')},7`;
    expect(() => parsePoseCsv(text, 'lip_train_set.csv')).toThrow(/lip_train_set\.csv:2: has 50 fields, expected 49/);
  });

  it('names file and line for a non-numeric value', () => {
    const text = row('a.jpg', (k) => (k === 2 ? '1,x1,0' : '1,1,0'));
    try {
      parsePoseCsv(text, 'p.csv');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PoseCsvError);
      expect((e as PoseCsvError).file).toBe('p.csv');
      expect((e as PoseCsvError).line).toBe(1);
      expect((e as Error).message).toMatch(/field 9 is "x1"/);
    }
  });

  it('keeps half-missing joints as given and rejects duplicate ids', () => {
    const half = parsePoseCsv(row('a.jpg', (k) => (k === 0 ? 'nan,3,0' : '1,1,0')), 'p.csv').get('a')!;
    expect(Number.isNaN(half.joints.x[0]!)).toBe(true);
    expect(half.joints.y[0]).toBe(3);
    const dup = `${row('a.jpg', () => '1,1,0')}\n${row('a.jpg', () => '1,1,0')}`;
    expect(() => parsePoseCsv(dup, 'p.csv')).toThrow(/p\.csv:2: duplicate image id "a"/);
  });
});

import { describe, expect, it } from 'vitest';
import { formatPoseCsv, formatPoseCsvRow, parsePoseCsv, PoseCsvError, poseImageId } from './pose-csv.js';
import { createPoseRecord, mirrorPose } from './pose-record.js';
import { LIP_JOINT_NAMES } from './lip-joints.js';

const row = (name: string, values: string[]) => [name, ...values].join(',');
const gtValues = Array.from({ length: 16 }, (_, j) => (j === 3 ? ['nan', 'nan', 'nan'] : [`${j}.5`, `${2 * j}`, `${j % 2}`])).flat();
const predValues = Array.from({ length: 16 }, (_, j) => [`${j}`, '1e1']).flat();

describe('parsePoseCsv', () => {
  it('reads ground truth (x,y,v) with nan, ids without the extension', () => {
    const [a] = parsePoseCsv(row('1000_123.jpg', gtValues) + '\n');
    expect(a!.id).toBe('1000_123');
    expect([a!.x[0], a!.y[0], a!.visibility![0]]).toEqual([0.5, 0, 0]);
    expect([a!.x[5], a!.y[5], a!.visibility![5]]).toEqual([5.5, 10, 1]);
    expect([a!.x[3], a!.y[3], a!.visibility![3]].every(Number.isNaN)).toBe(true);
  });

  it('reads predictions (x,y only) with null visibility, skipping blank lines and CRLF', () => {
    const rows = parsePoseCsv(`\r\n${row('a.jpg', predValues)}\r\n\r\n${row('b', predValues)}\r\n`);
    expect(rows.map((r) => r.id)).toEqual(['a', 'b']);
    expect(rows[0]!.visibility).toBeNull();
    expect(rows[1]!.y[15]).toBe(10);
  });

  it('keeps half-missing joints as given', () => {
    const [half] = parsePoseCsv(row('a.jpg', ['nan', '3', '0', ...gtValues.slice(3)]));
    expect(Number.isNaN(half!.x[0]!)).toBe(true);
    expect(half!.y[0]).toBe(3);
  });

  it('names file and line of a malformed row', () => {
    expect(() => parsePoseCsv(`${row('a', predValues)}\n${row('b', predValues.slice(1))}\n`, 'pred.csv')).toThrow(
      'pred.csv:2: expected an image name and 48 values (x,y,v per joint) or 32 (x,y per joint), got 31 values',
    );
    const bad = gtValues.map((v, i) => (i === 7 ? 'abc' : v));
    expect(() => parsePoseCsv(row('a', bad), 'gt.csv')).toThrow('gt.csv:1: value 8 (joint 2) is "abc", expected a number or nan');
    expect(() => parsePoseCsv(row('a', ['', ...predValues.slice(1)]))).toThrow('pose CSV:1: value 1 (joint 0) is "", expected a number or nan');
    expect(() => parsePoseCsv(row('', predValues), 'p.csv')).toThrow('p.csv:1: empty image name');
    try {
      parsePoseCsv(`${row('a.jpg', predValues)}\n${row('a', predValues)}`, 'p.csv');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PoseCsvError);
      expect(error).toMatchObject({ file: 'p.csv', line: 2, message: 'p.csv:2: image a already appears on line 1' });
    }
  });

  it('poseImageId drops the image extension', () => {
    expect(['1000_1.jpg', '1000_1.JPEG', '1000_1.png', ' 1000_1 '].map(poseImageId)).toEqual(['1000_1', '1000_1', '1000_1', '1000_1']);
  });
});

describe('formatPoseCsv', () => {
  it('round-trips ground truth and predictions', () => {
    const text = `${row('5_5.jpg', gtValues)}\n${row('6_1.jpg', gtValues)}\n`;
    expect(formatPoseCsv(parsePoseCsv(text))).toBe(text);
    const pred = `${row('7_2.jpg', predValues.map((v) => String(Number(v))))}\n`;
    expect(formatPoseCsv(parsePoseCsv(pred))).toBe(pred);
  });

  it('writes nan for missing joints of a new record', () => {
    const record = createPoseRecord('9_9');
    record.x[0] = 1;
    record.y[0] = 2;
    record.visibility![0] = 0;
    expect(formatPoseCsvRow(record)).toBe(['9_9.jpg', '1', '2', '0', ...Array(45).fill('nan')].join(','));
  });
});

describe('mirrorPose', () => {
  it('mirrors x in pixel indices and swaps sides; missing stays missing', () => {
    const [gt] = parsePoseCsv(row('a.jpg', gtValues));
    const m = mirrorPose(gt!, 100);
    expect([m.x[5], m.y[5], m.visibility![5]]).toEqual([99 - 0.5, 0, 0]); // R_Ankle lands in the L_Ankle slot
    expect([m.x[0], m.y[0], m.visibility![0]]).toEqual([99 - 5.5, 10, 1]);
    expect(Number.isNaN(m.x[2]!)).toBe(true); // L_Hip (joint 3) was missing; it is R_Hip's partner
    expect(m.x[9]).toBe(99 - 9.5);
    const twice = mirrorPose(m, 100);
    expect([...twice.x].map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual([...gt!.x].map((v) => (Number.isNaN(v) ? 'nan' : v)));
  });
});

describe('poses of a parser (keypoints)', () => {
  const pose = {
    keypoints: LIP_JOINT_NAMES.map((name, k) => ({ name, x: k, y: 100 + k, score: k / 20 })),
    score: 0.4,
  };

  it('mirrorPose mirrors x, swaps the left/right joints with their scores, keeps names in LIP order and the pose score', () => {
    const m = mirrorPose(pose, 50);
    expect(m.keypoints.map((k) => k.name)).toEqual(LIP_JOINT_NAMES);
    expect(m.keypoints[5]).toEqual({ name: 'L_Ankle', x: 49, y: 100, score: 0 }); // R_Ankle's keypoint
    expect(m.keypoints[0]).toEqual({ name: 'R_Ankle', x: 44, y: 105, score: 0.25 });
    expect(m.keypoints[9]).toEqual({ name: 'B_Head', x: 40, y: 109, score: 0.45 });
    expect(m.score).toBe(0.4);
    expect(mirrorPose(m, 50)).toEqual(pose);
    expect(() => mirrorPose({ keypoints: pose.keypoints.slice(0, 3), score: 1 }, 50)).toThrow(/mirrorPose: pose has 3 keypoints, expected the 16 LIP joints/);
  });

  it('createPoseRecord turns keypoints into a prediction record, below minScore missing', () => {
    const record = createPoseRecord('1_2', pose, { minScore: 0.1 });
    expect(record.visibility).toBeNull();
    expect([record.x[3], record.y[3]]).toEqual([3, 103]);
    expect(Number.isNaN(record.x[1]!)).toBe(true);
    expect(formatPoseCsvRow(createPoseRecord('1_2', pose)).split(',').slice(0, 5)).toEqual(['1_2.jpg', '0', '100', '1', '101']);
    expect(() => createPoseRecord('1_2', { keypoints: [], score: 0 })).toThrow(/createPoseRecord: pose 1_2 has 0 keypoints/);
  });
});

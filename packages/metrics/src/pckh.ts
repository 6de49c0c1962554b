import { LipJoint as J, LIP_JOINT_NAMES, LIP_NUM_JOINTS, type PoseRecord } from '@lip/schema';

/**
 * - `'lip'`: head size = distance head-top (9) – upper-neck (8) of the ground truth; an image without both is
 *   excluded (gccpm's LIP evaluator). Head column = mean of joints 8 and 9.
 * - `'mpii'`: head size = 0.6 × head-box diagonal (MPII / HRNet `SC_BIAS`); needs `headBoxes`. Head column =
 *   joint 9.
 */
export type PckhConvention = 'lip' | 'mpii';

/** Head box `[x1, y1, x2, y2]` (MPII convention). */
export type HeadBox = readonly [number, number, number, number];

export interface PckhOptions {
  /** Default `'lip'`. */
  convention?: PckhConvention;
  /** For `'mpii'`: head box per image id, as `PoseRecord.id` has it (no extension: see `poseImageId` of @lip/schema). */
  headBoxes?: ReadonlyMap<string, HeadBox>;
}

export interface PckhThresholdOptions extends PckhOptions {
  /** Normalised distance threshold; default 0.5 (PCKh@0.5). */
  threshold?: number;
}

/** Distances between predicted and ground-truth joints divided by the head size, per image and joint. */
export interface NormalisedJointDistances {
  convention: PckhConvention;
  /** Ids of the evaluated images, in ground-truth order. */
  ids: string[];
  /** Ids of ground-truth images excluded because no head size could be computed. */
  excludedIds: string[];
  /** Prediction rows with no ground-truth row. */
  unmatchedPredictions: number;
  /** `distances[image * 16 + joint]`; NaN where the ground-truth joint is missing (not counted); Infinity where
   * the ground truth exists but the prediction is missing (counted as a miss). */
  distances: Float64Array;
}

export interface JointPckh {
  joint: number;
  name: string;
  /** Fraction of counted entries within the threshold; NaN when the joint has no counted entry. */
  pckh: number;
  /** Number of counted entries (images where the ground-truth joint exists). */
  count: number;
}

/** PCKh at one threshold, as fractions in [0, 1] (multiply by 100 for the usual percentages). */
export interface PckhResult {
  convention: PckhConvention;
  threshold: number;
  images: number;
  excludedImages: number;
  joints: JointPckh[];
  head: number;
  shoulder: number;
  elbow: number;
  wrist: number;
  hip: number;
  knee: number;
  ankle: number;
  /** Joints 8..15 pooled over entries. */
  upperBody: number;
  /** Joints 0..5 and 8..15 pooled over entries (pelvis and thorax excluded). */
  mean: number;
}

export interface PckhCurve {
  thresholds: number[];
  /** `mean` column at each threshold. */
  mean: number[];
  /** Full results at each threshold. */
  results: PckhResult[];
}

function missing(a: PoseRecord, joint: number): boolean {
  return Number.isNaN(a.x[joint]!) || Number.isNaN(a.y[joint]!);
}

function headSize(gt: PoseRecord, options: PckhOptions): number {
  if ((options.convention ?? 'lip') === 'lip') {
    if (missing(gt, J.Neck) || missing(gt, J.Head)) return Number.NaN;
    return Math.hypot(gt.x[J.Head]! - gt.x[J.Neck]!, gt.y[J.Head]! - gt.y[J.Neck]!);
  }
  const boxes = options.headBoxes;
  const box = boxes?.get(gt.id);
  if (!box) throw new Error(`PCKh (mpii): no head box for image ${gt.id}`);
  return 0.6 * Math.hypot(box[2] - box[0], box[3] - box[1]);
}

/**
 * Matches predictions to ground truth by `PoseRecord.id` (`parsePoseCsv` drops the extension) and computes normalised distances.
 * A ground-truth image with no prediction row is an error naming the id.
 */
export function computeNormalisedJointDistances(
  gt: readonly PoseRecord[],
  pred: readonly PoseRecord[],
  options: PckhOptions = {},
): NormalisedJointDistances {
  const convention = options.convention ?? 'lip';
  if (convention !== 'lip' && convention !== 'mpii') throw new Error(`PCKh convention must be 'lip' or 'mpii', got ${String(convention)}`);
  if (convention === 'mpii' && !options.headBoxes) throw new Error(`PCKh (mpii): headBoxes are required (0.6 x head-box diagonal)`);
  const predById = new Map<string, PoseRecord>();
  for (const p of pred) predById.set(p.id, p);
  const ids: string[] = [];
  const excludedIds: string[] = [];
  const rows: Float64Array[] = [];
  let matched = 0;
  for (const g of gt) {
    const p = predById.get(g.id);
    if (!p) throw new Error(`no prediction for image ${g.id}`);
    if (p.x.length !== g.x.length) throw new Error(`image ${g.id}: prediction has ${p.x.length} joints, ground truth ${g.x.length}`);
    matched++;
    const size = headSize(g, options);
    if (!(size > 0)) {
      excludedIds.push(g.id);
      continue;
    }
    const row = new Float64Array(LIP_NUM_JOINTS);
    for (let j = 0; j < LIP_NUM_JOINTS; j++) {
      if (missing(g, j)) row[j] = Number.NaN;
      else if (missing(p, j)) row[j] = Number.POSITIVE_INFINITY;
      else row[j] = Math.hypot(p.x[j]! - g.x[j]!, p.y[j]! - g.y[j]!) / size;
    }
    ids.push(g.id);
    rows.push(row);
  }
  const distances = new Float64Array(rows.length * LIP_NUM_JOINTS);
  rows.forEach((row, i) => distances.set(row, i * LIP_NUM_JOINTS));
  return { convention, ids, excludedIds, unmatchedPredictions: predById.size - matched, distances };
}

const UPPER_BODY = [8, 9, 10, 11, 12, 13, 14, 15];
const MEAN_JOINTS = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11, 12, 13, 14, 15];

/** PCKh at one threshold from precomputed normalised distances. */
export function pckhFromDistances(d: NormalisedJointDistances, threshold = 0.5): PckhResult {
  if (!(threshold >= 0)) throw new Error(`PCKh threshold must be >= 0, got ${threshold}`);
  const hits = new Array<number>(LIP_NUM_JOINTS).fill(0);
  const counts = new Array<number>(LIP_NUM_JOINTS).fill(0);
  const images = d.ids.length;
  for (let i = 0; i < images; i++) {
    for (let j = 0; j < LIP_NUM_JOINTS; j++) {
      const v = d.distances[i * LIP_NUM_JOINTS + j]!;
      if (Number.isNaN(v)) continue;
      counts[j]!++;
      if (v <= threshold) hits[j]!++;
    }
  }
  const joints: JointPckh[] = LIP_JOINT_NAMES.map((name, joint) => ({
    joint,
    name,
    pckh: hits[joint]! / counts[joint]!,
    count: counts[joint]!,
  }));
  const pck = (j: number) => joints[j]!.pckh;
  const pair = (a: number, b: number) => 0.5 * (pck(a) + pck(b));
  const pooled = (set: number[]) => {
    let h = 0;
    let c = 0;
    for (const j of set) {
      h += hits[j]!;
      c += counts[j]!;
    }
    return h / c;
  };
  return {
    convention: d.convention,
    threshold,
    images,
    excludedImages: d.excludedIds.length,
    joints,
    head: d.convention === 'lip' ? pair(J.Neck, J.Head) : pck(J.Head),
    shoulder: pair(J.RightShoulder, J.LeftShoulder),
    elbow: pair(J.RightElbow, J.LeftElbow),
    wrist: pair(J.RightWrist, J.LeftWrist),
    hip: pair(J.RightHip, J.LeftHip),
    knee: pair(J.RightKnee, J.LeftKnee),
    ankle: pair(J.RightAnkle, J.LeftAnkle),
    upperBody: pooled(UPPER_BODY),
    mean: pooled(MEAN_JOINTS),
  };
}

/** PCKh at `threshold` (default 0.5) under the LIP (default) or MPII convention. */
export function computePckh(
  gt: readonly PoseRecord[],
  pred: readonly PoseRecord[],
  options: PckhThresholdOptions = {},
): PckhResult {
  return pckhFromDistances(computeNormalisedJointDistances(gt, pred, options), options.threshold ?? 0.5);
}

/** The PCKh curve at thresholds 0, 0.01, …, 0.5 by default (`Mean@0.1` is `mean[10]`). */
export function computePckhCurve(
  gt: readonly PoseRecord[],
  pred: readonly PoseRecord[],
  options: PckhOptions & { thresholds?: readonly number[] } = {},
): PckhCurve {
  const thresholds = options.thresholds ? [...options.thresholds] : Array.from({ length: 51 }, (_, k) => k / 100);
  const d = computeNormalisedJointDistances(gt, pred, options);
  const results = thresholds.map((t) => pckhFromDistances(d, t));
  return { thresholds, mean: results.map((r) => r.mean), results };
}

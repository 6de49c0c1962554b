import { LIP_JOINT_FLIP_PAIRS } from './lip-joints.js';
import type { PoseAnnotation } from './pose-csv.js';

/**
 * Mirrors a pose horizontally in an image `imageWidth` pixels wide (x → imageWidth − 1 − x, the pixel-index
 * convention) and swaps the left/right joints (LIP/MPII: 0↔5, 1↔4, 2↔3, 10↔15, 11↔14, 12↔13). Missing joints
 * stay missing.
 */
export function mirrorPose(
  pose: PoseAnnotation,
  imageWidth: number,
  pairs: readonly (readonly [number, number])[] = LIP_JOINT_FLIP_PAIRS,
): PoseAnnotation {
  const joints = pose.x.length;
  const source = Array.from({ length: joints }, (_, j) => j);
  for (const [a, b] of pairs) {
    source[a] = b;
    source[b] = a;
  }
  const x = new Float64Array(joints);
  const y = new Float64Array(joints);
  const visibility = pose.visibility ? new Float64Array(joints) : null;
  for (let j = 0; j < joints; j++) {
    const s = source[j]!;
    x[j] = imageWidth - 1 - pose.x[s]!;
    y[j] = pose.y[s]!;
    if (visibility) visibility[j] = pose.visibility![s]!;
  }
  return { ...pose, x, y, visibility };
}

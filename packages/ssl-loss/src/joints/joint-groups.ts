import { SslLossInputError } from '../ssl-loss-input-error.js';

/** A grouping of class ids into joints: `groups[j]` lists the class ids whose pixels form joint j. */
export type JointGroups = readonly (readonly number[])[];

/**
 * The 9 LIP joints of the SSL loss, shared by caffe_ssl (`clsToJointFirst`, joints 0..8) and
 * SS-NAN (`merge_dict`, channels 1..9): head, upper body, lower body, arms, legs, shoes.
 * Background 0, Glove 3, Dress 6, Socks 8 and Jumpsuits 10 belong to no joint.
 */
export const LIP_SSL_JOINT_GROUPS: JointGroups = Object.freeze([
  Object.freeze([1, 2, 4, 13]), // head: Hat, Hair, Sunglasses, Face
  Object.freeze([5, 7, 11]), // upper body: Upper-clothes, Coat, Scarf
  Object.freeze([9, 12]), // lower body: Pants, Skirt
  Object.freeze([14]), // left arm
  Object.freeze([15]), // right arm
  Object.freeze([16]), // left leg
  Object.freeze([17]), // right leg
  Object.freeze([18]), // left shoe
  Object.freeze([19]), // right shoe
]);

/** Names of the 9 LIP SSL joints, in channel order. */
export const LIP_SSL_JOINT_NAMES: readonly string[] = Object.freeze([
  'head', 'upper-body', 'lower-body', 'left-arm', 'right-arm', 'left-leg', 'right-leg', 'left-shoe', 'right-shoe',
]);

/**
 * Groups from an SS-NAN style `merge_dict` (`mergeDict[classId]` = joint 1..J, 0 = no joint), e.g.
 * SS-NAN's `[0,1,1,0,1,2,0,2,0,3,0,2,3,1,4,5,6,7,8,9]` gives LIP_SSL_JOINT_GROUPS.
 */
export function jointGroupsFromMergeDict(mergeDict: readonly number[]): number[][] {
  const joints = Math.max(0, ...mergeDict);
  const groups: number[][] = Array.from({ length: joints }, () => []);
  mergeDict.forEach((joint, classId) => {
    if (!Number.isInteger(joint) || joint < 0) {
      throw new SslLossInputError(`jointGroupsFromMergeDict: mergeDict[${classId}] must be a joint number >= 0 (0 = none); got ${joint}.`);
    }
    if (joint > 0) groups[joint - 1]!.push(classId);
  });
  groups.forEach((g, j) => {
    if (g.length === 0) throw new SslLossInputError(`jointGroupsFromMergeDict: joint ${j + 1} has no class (joints must be numbered 1..${joints} without gaps).`);
  });
  return groups;
}

/** Throws unless every group is a non-empty list of distinct class ids in 0..numClasses-1, each in at most one group. */
export function requireJointGroups(fn: string, groups: JointGroups, numClasses: number): void {
  if (!Array.isArray(groups) || groups.length === 0) {
    throw new SslLossInputError(`${fn}: groups must be a non-empty array of class-id arrays (one per joint).`);
  }
  const owner = new Map<number, number>();
  groups.forEach((group, j) => {
    if (!Array.isArray(group) || group.length === 0) throw new SslLossInputError(`${fn}: groups[${j}] must be a non-empty array of class ids.`);
    for (const c of group) {
      if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
        throw new SslLossInputError(`${fn}: groups[${j}] holds ${String(c)}; class ids must be integers in 0..${numClasses - 1}.`);
      }
      const previous = owner.get(c);
      if (previous !== undefined) throw new SslLossInputError(`${fn}: class ${c} is in both groups[${previous}] and groups[${j}]; a class belongs to at most one joint.`);
      owner.set(c, j);
    }
  });
}

/** `lookup[classId]` = joint index, or −1 (no joint) for unlisted classes and for the extra slot `numClasses`. */
export function classToJointLookup(groups: JointGroups, numClasses: number): Int32Array {
  const lookup = new Int32Array(numClasses + 1).fill(-1);
  groups.forEach((group, j) => group.forEach((c) => { lookup[c] = j; }));
  return lookup;
}

/** [numClasses, J] 0/1 matrix: column j sums the channels of group j. */
export function groupMatrix(groups: JointGroups, numClasses: number): Float32Array {
  const m = new Float32Array(numClasses * groups.length);
  groups.forEach((group, j) => group.forEach((c) => { m[c * groups.length + j] = 1; }));
  return m;
}

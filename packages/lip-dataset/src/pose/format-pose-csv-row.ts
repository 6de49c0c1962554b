import { LIP_NUM_JOINTS, type LipJoints } from '../schema/lip-joints.js';

function formatValue(v: number): string {
  return Number.isNaN(v) ? 'nan' : String(v);
}

/** Formats one LIP pose CSV row (`<id>.jpg,x,y,v,…`, without a newline); missing values become `nan`. */
export function formatPoseCsvRow(id: string, joints: LipJoints): string {
  const parts: string[] = [`${id}.jpg`];
  for (let k = 0; k < LIP_NUM_JOINTS; k++) {
    parts.push(formatValue(joints.x[k]!), formatValue(joints.y[k]!), formatValue(joints.flag[k]!));
  }
  return parts.join(',');
}

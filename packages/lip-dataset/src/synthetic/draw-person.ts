import { BodyPart } from './body-part.js';
import type { LabelCanvas } from './label-canvas.js';
import type { SyntheticOutfit } from './synthetic-outfit.js';
import type { SyntheticPose } from './synthetic-pose.js';
import { LipClassId as C, LipJoint as J, type SeededRandom } from '@lip/schema';

const TOP_CLASS = {
  'upper-clothes': C.UpperClothes,
  coat: C.Coat,
  dress: C.Dress,
  jumpsuit: C.Jumpsuits,
} as const;

/**
 * Paints one person into the canvas, back to front: arms behind the body, legs, socks, shoes,
 * lower garment, torso garment, scarf, arms (skin, sleeves, gloves), neck, hair, face, sunglasses,
 * hat. Left/right classes follow the person's own side, which is where the joints of that side are.
 */
export function drawPerson(canvas: LabelCanvas, pose: SyntheticPose, outfit: SyntheticOutfit, random: SeededRandom): void {
  const { jx, jy, height: H, up, headUp, widthFactor } = pose;
  const down: [number, number] = [-up[0], -up[1]];
  const at = (k: number): [number, number] => [jx[k]!, jy[k]!];
  const lerp = (a: [number, number], b: [number, number], t: number): [number, number] => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
  const plus = (a: [number, number], d: readonly [number, number], s: number): [number, number] => [a[0] + d[0] * s, a[1] + d[1] * s];
  const topClass = TOP_CLASS[outfit.top];

  const armR0 = 0.036 * H;
  const armR1 = 0.026 * H;
  const thighR = 0.052 * H * Math.max(0.8, widthFactor);
  const kneeR = 0.037 * H;
  const ankleR = 0.027 * H;

  const sides = [
    { arm: C.RightArm, leg: C.RightLeg, shoe: C.RightShoe, armPart: BodyPart.RightArm, legPart: BodyPart.RightLeg, sh: J.RightShoulder, el: J.RightElbow, wr: J.RightWrist, hip: J.RightHip, kn: J.RightKnee, an: J.RightAnkle, behind: pose.armBehind[0] },
    { arm: C.LeftArm, leg: C.LeftLeg, shoe: C.LeftShoe, armPart: BodyPart.LeftArm, legPart: BodyPart.LeftLeg, sh: J.LeftShoulder, el: J.LeftElbow, wr: J.LeftWrist, hip: J.LeftHip, kn: J.LeftKnee, an: J.LeftAnkle, behind: pose.armBehind[1] },
  ];

  const drawArm = (s: (typeof sides)[number]): void => {
    canvas.currentPart = s.armPart;
    const sh = at(s.sh);
    const el = at(s.el);
    const wr = at(s.wr);
    canvas.capsule(sh[0], sh[1], el[0], el[1], armR0, armR1 * 1.1, s.arm);
    canvas.capsule(el[0], el[1], wr[0], wr[1], armR1 * 1.1, armR1, s.arm);
    const dir = [wr[0] - el[0], wr[1] - el[1]];
    const len = Math.hypot(dir[0]!, dir[1]!) || 1;
    const handEnd: [number, number] = [wr[0] + (dir[0]! / len) * 0.05 * H, wr[1] + (dir[1]! / len) * 0.05 * H];
    canvas.capsule(wr[0], wr[1], handEnd[0], handEnd[1], armR1 * 1.05, armR1 * 1.15, s.arm);
    if (outfit.sleeves === 'short') {
      const end = lerp(sh, el, 0.5);
      canvas.capsule(sh[0], sh[1], end[0], end[1], armR0 * 1.3, armR0 * 1.15, topClass);
    } else if (outfit.sleeves === 'long') {
      const end = lerp(el, wr, 0.85);
      canvas.capsule(sh[0], sh[1], el[0], el[1], armR0 * 1.3, armR1 * 1.4, topClass);
      canvas.capsule(el[0], el[1], end[0], end[1], armR1 * 1.4, armR1 * 1.3, topClass);
    }
    if (outfit.gloves) {
      const start = lerp(el, wr, 0.9);
      canvas.capsule(start[0], start[1], handEnd[0], handEnd[1], armR1 * 1.25, armR1 * 1.35, C.Glove);
    }
  };

  for (const s of sides) if (s.behind) drawArm(s);

  // Legs, socks and shoes.
  for (const s of sides) {
    canvas.currentPart = s.legPart;
    const hip = at(s.hip);
    const kn = at(s.kn);
    const an = at(s.an);
    canvas.capsule(hip[0], hip[1], kn[0], kn[1], thighR, kneeR, s.leg);
    canvas.capsule(kn[0], kn[1], an[0], an[1], kneeR, ankleR, s.leg);
    if (outfit.socks) {
      const top = lerp(an, kn, 0.3);
      canvas.capsule(top[0], top[1], an[0], an[1], ankleR * 1.2, ankleR * 1.2, C.Socks);
    }
    const foot = plus(an, down, 0.03 * H);
    const toeSide = (s.shoe === C.RightShoe) === pose.facingCamera ? -1 : 1;
    const footCentre: [number, number] = [foot[0] + toeSide * 0.012 * H, foot[1]];
    canvas.ellipse(footCentre[0], footCentre[1], 0.05 * H, 0.03 * H, 0, s.shoe);
  }

  // Lower garment.
  const pelvis = at(J.Pelvis);
  const rHip = at(J.RightHip);
  const lHip = at(J.LeftHip);
  const hipHalf = Math.hypot(rHip[0] - lHip[0], rHip[1] - lHip[1]) / 2;
  const lateral: [number, number] = [up[1] * -1, up[0]]; // image-right when upright
  const legWear = (cls: number, long: boolean): void => {
    for (const s of sides) {
      canvas.currentPart = s.legPart;
      const hip = at(s.hip);
      const kn = at(s.kn);
      const an = at(s.an);
      if (long) {
        canvas.capsule(hip[0], hip[1], kn[0], kn[1], thighR * 1.2, kneeR * 1.3, cls);
        const end = lerp(kn, an, 0.88);
        canvas.capsule(kn[0], kn[1], end[0], end[1], kneeR * 1.3, ankleR * 1.45, cls);
      } else {
        const end = lerp(hip, kn, 0.6);
        canvas.capsule(hip[0], hip[1], end[0], end[1], thighR * 1.25, thighR * 1.2, cls);
      }
    }
    canvas.currentPart = BodyPart.Torso;
    const a = plus(plus(pelvis, lateral, -hipHalf * 1.5), up, 0.03 * H);
    const b = plus(plus(pelvis, lateral, hipHalf * 1.5), up, 0.03 * H);
    const c2 = plus(plus(pelvis, lateral, hipHalf * 1.2), down, 0.08 * H);
    const d = plus(plus(pelvis, lateral, -hipHalf * 1.2), down, 0.08 * H);
    canvas.convexPolygon([...a, ...b, ...c2, ...d], cls);
  };
  const hem = (cls: number, length: number): void => {
    canvas.currentPart = BodyPart.None;
    const topHalf = hipHalf * 1.45;
    const bottomHalf = hipHalf * (1.5 + length * 4);
    const t = plus(pelvis, up, 0.05 * H);
    const b = plus(pelvis, down, length * H);
    canvas.convexPolygon([...plus(t, lateral, -topHalf), ...plus(t, lateral, topHalf), ...plus(b, lateral, bottomHalf), ...plus(b, lateral, -bottomHalf)], cls);
  };
  if (outfit.top === 'jumpsuit') legWear(C.Jumpsuits, outfit.jumpsuitLong);
  else if (outfit.top === 'dress') hem(C.Dress, outfit.hemLength);
  else if (outfit.lower === 'pants') legWear(C.Pants, true);
  else if (outfit.lower === 'shorts') legWear(C.Pants, false);
  else if (outfit.lower === 'skirt') hem(C.Skirt, outfit.hemLength);

  // Torso garment.
  const rSh = at(J.RightShoulder);
  const lSh = at(J.LeftShoulder);
  const thorax = at(J.Spine);
  const neck = at(J.Neck);
  const shoulderHalf = Math.hypot(rSh[0] - lSh[0], rSh[1] - lSh[1]) / 2;
  const torso = (cls: number, extra: number, widen: number): void => {
    const tl = plus(plus(thorax, lateral, -shoulderHalf * 1.05 * widen), up, 0.02 * H);
    const tr = plus(plus(thorax, lateral, shoulderHalf * 1.05 * widen), up, 0.02 * H);
    const ml = plus(plus(thorax, lateral, -shoulderHalf * 0.95 * widen), down, 0.12 * H);
    const mr = plus(plus(thorax, lateral, shoulderHalf * 0.95 * widen), down, 0.12 * H);
    const bl = plus(plus(pelvis, lateral, -hipHalf * 1.45 * widen), down, extra * H);
    const br = plus(plus(pelvis, lateral, hipHalf * 1.45 * widen), down, extra * H);
    canvas.convexPolygon([...tl, ...tr, ...mr, ...br, ...bl, ...ml], cls);
  };
  canvas.currentPart = BodyPart.Torso;
  if (outfit.top === 'coat') {
    torso(C.UpperClothes, 0.03, 1);
    canvas.currentPart = BodyPart.None;
    const tail = plus(pelvis, down, 0.2 * H);
    canvas.convexPolygon([...plus(pelvis, lateral, -hipHalf * 1.6), ...plus(pelvis, lateral, hipHalf * 1.6), ...plus(tail, lateral, hipHalf * 1.8), ...plus(tail, lateral, -hipHalf * 1.8)], C.Coat);
    canvas.currentPart = BodyPart.Torso;
    if (outfit.coatOpen) {
      // Two coat panels leave a strip of the upper-clothes visible in the middle.
      const gap = shoulderHalf * 0.22;
      for (const sgn of [-1, 1]) {
        const inner = (p: [number, number]) => plus(p, lateral, sgn * gap);
        const outer = (p: [number, number], w: number) => plus(p, lateral, sgn * w);
        const topP = plus(thorax, up, 0.02 * H);
        canvas.convexPolygon([...inner(topP), ...outer(topP, shoulderHalf * 1.1), ...outer(plus(pelvis, down, 0.03 * H), hipHalf * 1.6), ...inner(plus(pelvis, down, 0.03 * H))], C.Coat);
      }
    } else {
      torso(C.Coat, 0.03, 1.05);
    }
  } else {
    torso(topClass, outfit.top === 'dress' ? 0.06 : 0.03, 1);
  }

  // Neck (skin, labelled as face).
  canvas.currentPart = BodyPart.Head;
  canvas.capsule(neck[0], neck[1], thorax[0], thorax[1], 0.028 * H, 0.03 * H, C.Face);

  if (outfit.scarf) {
    canvas.currentPart = BodyPart.Torso;
    const a = plus(thorax, lateral, -shoulderHalf * 0.55);
    const b = plus(thorax, lateral, shoulderHalf * 0.55);
    canvas.capsule(a[0], a[1], b[0], b[1], 0.035 * H, 0.035 * H, C.Scarf);
    const hang = plus(b, down, 0.16 * H);
    canvas.capsule(b[0] - lateral[0] * 0.02 * H, b[1], hang[0], hang[1], 0.03 * H, 0.028 * H, C.Scarf);
  }

  for (const s of sides) if (!s.behind) drawArm(s);

  // Head.
  canvas.currentPart = BodyPart.Head;
  const headTop = at(J.Head);
  const headDown: [number, number] = [-headUp[0], -headUp[1]];
  const headLen = Math.hypot(headTop[0] - neck[0], headTop[1] - neck[1]);
  const headAngle = Math.atan2(headUp[0], -headUp[1]);
  const centre = plus(headTop, headDown, headLen * 0.5);
  const faceRx = headLen * 0.4;
  const faceRy = headLen * 0.52;
  if (outfit.longHair) {
    const end = plus(centre, down, headLen * (0.9 + random.next() * 0.5));
    canvas.capsule(centre[0], centre[1], end[0], end[1], faceRx * 1.25, faceRx * 1.15, C.Hair);
  }
  if (pose.facingCamera) {
    canvas.ellipse(centre[0], centre[1], faceRx, faceRy, headAngle, C.Face);
    const hairCentre = plus(headTop, headDown, headLen * 0.28);
    canvas.ellipse(hairCentre[0], hairCentre[1], faceRx * 1.1, headLen * 0.3, headAngle, C.Hair);
    if (outfit.sunglasses) {
      const eyes = plus(headTop, headDown, headLen * 0.5);
      const hl: [number, number] = [-headDown[1], headDown[0]];
      const a = plus(eyes, hl, -faceRx * 0.75);
      const b = plus(eyes, hl, faceRx * 0.75);
      canvas.capsule(a[0], a[1], b[0], b[1], headLen * 0.1, headLen * 0.1, C.Sunglasses);
    }
  } else {
    canvas.ellipse(centre[0], centre[1], faceRx * 1.05, faceRy, headAngle, C.Hair);
  }
  if (outfit.hat) {
    const capCentre = plus(headTop, headDown, headLen * 0.2);
    canvas.ellipse(capCentre[0], capCentre[1], faceRx * 1.15, headLen * 0.26, headAngle, C.Hat);
    const brim = plus(headTop, headDown, headLen * 0.36);
    const hl: [number, number] = [-headDown[1], headDown[0]];
    const a = plus(brim, hl, -faceRx * 1.45);
    const b = plus(brim, hl, faceRx * 1.45);
    canvas.capsule(a[0], a[1], b[0], b[1], headLen * 0.07, headLen * 0.07, C.Hat);
  }
  canvas.currentPart = BodyPart.None;
}

/**
 * A label map being painted with filled shapes (painter's order: later shapes cover earlier
 * ones). Besides the class id it records which body part drew each pixel, so a joint can be
 * flagged as occluded when another part covers it. Pixel (x, y) has its centre at (x, y).
 */
export class LabelCanvas {
  readonly label: Uint8Array;
  readonly part: Uint8Array;
  /** Body part id written with every pixel painted from now on. */
  currentPart = 0;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.label = new Uint8Array(width * height);
    this.part = new Uint8Array(width * height);
  }

  private bounds(x0: number, y0: number, x1: number, y1: number): [number, number, number, number] | null {
    const xa = Math.max(0, Math.floor(x0));
    const ya = Math.max(0, Math.floor(y0));
    const xb = Math.min(this.width - 1, Math.ceil(x1));
    const yb = Math.min(this.height - 1, Math.ceil(y1));
    return xa > xb || ya > yb ? null : [xa, ya, xb, yb];
  }

  private set(i: number, cls: number): void {
    this.label[i] = cls;
    this.part[i] = this.currentPart;
  }

  /** A segment from a to b whose radius goes linearly from ra to rb (round ends). */
  capsule(ax: number, ay: number, bx: number, by: number, ra: number, rb: number, cls: number): void {
    const rmax = Math.max(ra, rb);
    const box = this.bounds(Math.min(ax, bx) - rmax, Math.min(ay, by) - rmax, Math.max(ax, bx) + rmax, Math.max(ay, by) + rmax);
    if (!box) return;
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    const inv = len2 > 0 ? 1 / len2 : 0;
    for (let y = box[1]; y <= box[3]; y++) {
      for (let x = box[0]; x <= box[2]; x++) {
        let t = ((x - ax) * dx + (y - ay) * dy) * inv;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const px = ax + dx * t - x;
        const py = ay + dy * t - y;
        const r = ra + (rb - ra) * t;
        if (px * px + py * py <= r * r) this.set(y * this.width + x, cls);
      }
    }
  }

  /** An ellipse with radii rx, ry rotated by `angle` radians. */
  ellipse(cx: number, cy: number, rx: number, ry: number, angle: number, cls: number): void {
    const r = Math.max(rx, ry);
    const box = this.bounds(cx - r, cy - r, cx + r, cy + r);
    if (!box || rx <= 0 || ry <= 0) return;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    const irx2 = 1 / (rx * rx);
    const iry2 = 1 / (ry * ry);
    for (let y = box[1]; y <= box[3]; y++) {
      for (let x = box[0]; x <= box[2]; x++) {
        const u = (x - cx) * c + (y - cy) * s;
        const v = -(x - cx) * s + (y - cy) * c;
        if (u * u * irx2 + v * v * iry2 <= 1) this.set(y * this.width + x, cls);
      }
    }
  }

  /** A convex polygon given as flat [x0, y0, x1, y1, …] in either winding. */
  convexPolygon(points: readonly number[], cls: number): void {
    const n = points.length / 2;
    if (n < 3) return;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let area = 0;
    for (let i = 0; i < n; i++) {
      const x = points[i * 2]!;
      const y = points[i * 2 + 1]!;
      const xn = points[((i + 1) % n) * 2]!;
      const yn = points[((i + 1) % n) * 2 + 1]!;
      area += x * yn - xn * y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    const sign = area >= 0 ? 1 : -1;
    const box = this.bounds(minX, minY, maxX, maxY);
    if (!box) return;
    for (let y = box[1]; y <= box[3]; y++) {
      for (let x = box[0]; x <= box[2]; x++) {
        let inside = true;
        for (let i = 0; i < n && inside; i++) {
          const x0 = points[i * 2]!;
          const y0 = points[i * 2 + 1]!;
          const x1 = points[((i + 1) % n) * 2]!;
          const y1 = points[((i + 1) % n) * 2 + 1]!;
          if (sign * ((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0)) < 0) inside = false;
        }
        if (inside) this.set(y * this.width + x, cls);
      }
    }
  }
}

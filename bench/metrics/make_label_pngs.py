#!/usr/bin/env python3
"""bench/metrics part (b): writes COUNT pairs of LIP-like label PNGs (ground truth and prediction, 8-bit
grayscale as in LIP's TrainVal_parsing_annotations, every fourth prediction a palette PNG) of about 300x400
pixels, saved with Pillow like the real files, plus ids.txt.

The regions are rectangles, so most rows repeat the row above, which suits run-length tricks. With `curved`,
every row of both maps is shifted sideways by a slow random walk, so region edges are slanted and curved as
in real annotations, and rows repeat much less often.

usage: make_label_pngs.py OUT_DIR COUNT [curved]
"""
import os
import sys

import numpy as np
from PIL import Image

LIP_PALETTE = [0, 0, 0, 128, 0, 0, 255, 0, 0, 0, 85, 0, 170, 0, 51, 255, 85, 0, 0, 0, 85, 0, 119, 221, 85, 85, 0,
               0, 85, 85, 85, 51, 0, 52, 86, 128, 0, 128, 0, 0, 0, 255, 51, 170, 221, 0, 255, 255, 85, 255, 170,
               170, 255, 85, 255, 255, 0, 255, 170, 0]


def person_like(rng, h, w):
    """Background, then a person box split into part regions, then a few smaller parts, 255 at one edge."""
    a = np.zeros((h, w), dtype=np.uint8)
    top, left = rng.integers(0, h // 5), rng.integers(0, w // 5)
    bottom, right = h - rng.integers(0, h // 5), w - rng.integers(0, w // 5)
    parts = rng.choice(np.arange(1, 20), size=8, replace=False)
    bands = np.linspace(top, bottom, len(parts) + 1).astype(int)
    for p, (y0, y1) in zip(parts, zip(bands[:-1], bands[1:])):
        a[y0:y1, left:right] = p
    for p in rng.choice(np.arange(1, 20), size=5):
        y, x = rng.integers(top, bottom), rng.integers(left, right)
        a[y:y + rng.integers(5, 40), x:x + rng.integers(5, 40)] = p
    if rng.random() < 0.3:
        a[:, : rng.integers(1, 6)] = 255
    return a


def prediction_from(rng, gt):
    """The ground truth with shifted boundaries and a few wrong blobs, like a decent parser's output."""
    pred = np.roll(gt, (int(rng.integers(-4, 5)), int(rng.integers(-4, 5))), axis=(0, 1)).copy()
    h, w = gt.shape
    for _ in range(6):
        y, x = rng.integers(0, h), rng.integers(0, w)
        pred[y:y + rng.integers(3, 30), x:x + rng.integers(3, 30)] = rng.integers(0, 20)
    pred[pred == 255] = 0
    return pred


def curve_rows(rng, a):
    """Shifts each row sideways by a random walk (steps -1, 0, +1 every other row), wrapping around."""
    shifts = np.cumsum(rng.integers(-1, 2, size=a.shape[0])) // 2
    return np.stack([np.roll(row, s) for row, s in zip(a, shifts)])


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    curved = len(sys.argv) > 3 and sys.argv[3] == 'curved'
    rng = np.random.default_rng(2024)
    os.makedirs(os.path.join(out, 'gt'), exist_ok=True)
    os.makedirs(os.path.join(out, 'pred'), exist_ok=True)
    ids = []
    for i in range(count):
        h, w = int(rng.integers(340, 460)), int(rng.integers(240, 360))
        gt = person_like(rng, h, w)
        if curved:
            gt = curve_rows(rng, gt)
        pred = prediction_from(rng, gt)
        if curved:
            pred = curve_rows(rng, pred)
        image_id = f'{100000 + i}_{int(rng.integers(1000000, 9999999))}'
        ids.append(image_id)
        Image.fromarray(gt, 'L').save(os.path.join(out, 'gt', image_id + '.png'))
        if i % 4 == 3:
            p = Image.fromarray(pred, 'P')
            p.putpalette(LIP_PALETTE + [0] * (768 - len(LIP_PALETTE)))
            p.save(os.path.join(out, 'pred', image_id + '.png'))
        else:
            Image.fromarray(pred, 'L').save(os.path.join(out, 'pred', image_id + '.png'))
    with open(os.path.join(out, 'ids.txt'), 'w') as f:
        f.write('\n'.join(ids) + '\n')


if __name__ == '__main__':
    main()

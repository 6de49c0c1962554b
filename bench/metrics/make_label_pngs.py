#!/usr/bin/env python3
"""bench/metrics part (b): writes COUNT pairs of LIP-like label PNGs (ground truth and prediction, 8-bit
grayscale as in LIP's TrainVal_parsing_annotations, every fourth prediction a palette PNG) of about 300x400
pixels, saved with Pillow like the real files, plus ids.txt.

The regions are rectangles, so most rows repeat the row above, which suits run-length tricks. With `curved`,
every row of both maps is shifted sideways by a slow random walk, so region edges are slanted and curved as
in real annotations, and rows repeat much less often.

Two more kinds, for "speed as researchers measure it" (all maps 8-bit grayscale, values 0..19, no 255; the
ground truths are curved person-like regions):
  `segmenter`     what a segmentation network outputs: smooth regions whose boundaries are moved a few pixels
                  by a smooth displacement field, and one or two of the image's regions relabelled;
  `saltpepper`    the ground truth with 15 % of its pixels replaced by uniformly random labels: little for
                  zlib to compress, so decoding (inflate) dominates.

usage: make_label_pngs.py OUT_DIR COUNT [curved|segmenter|saltpepper]
"""
import os
import sys

import numpy as np
from PIL import Image

LIP_PALETTE = [0, 0, 0, 128, 0, 0, 255, 0, 0, 0, 85, 0, 170, 0, 51, 255, 85, 0, 0, 0, 85, 0, 119, 221, 85, 85, 0,
               0, 85, 85, 85, 51, 0, 52, 86, 128, 0, 128, 0, 0, 0, 255, 51, 170, 221, 0, 255, 255, 85, 255, 170,
               170, 255, 85, 255, 255, 0, 255, 170, 0]


def person_like(rng, h, w, ignore_edge=True):
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
    if ignore_edge and rng.random() < 0.3:
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


def segmenter_prediction(rng, gt):
    """Smooth regions as a network predicts them: every pixel takes the label a few pixels away along a smooth
    displacement field (boundaries move by up to ~4 px and wobble), then one or two labels of the image are
    replaced by another class (a confused part)."""
    h, w = gt.shape
    y, x = np.mgrid[0:h, 0:w]
    dy = np.zeros((h, w))
    dx = np.zeros((h, w))
    for _ in range(3):  # a few low-frequency waves per axis
        fy, fx = rng.uniform(0.005, 0.04, size=2)
        py, px = rng.uniform(0, 2 * np.pi, size=2)
        dy += rng.uniform(0.5, 1.5) * np.sin(fy * y + fx * x + py)
        dx += rng.uniform(0.5, 1.5) * np.sin(fx * y - fy * x + px)
    sy = np.clip(np.rint(y + dy).astype(int), 0, h - 1)
    sx = np.clip(np.rint(x + dx).astype(int), 0, w - 1)
    pred = gt[sy, sx]
    present = np.unique(pred[pred > 0])
    for label in rng.choice(present, size=min(len(present), int(rng.integers(1, 3))), replace=False):
        pred[pred == label] = rng.integers(0, 20)
    return pred


def salt_and_pepper(rng, gt):
    """The ground truth with 15 % of the pixels (chosen at random) set to a uniformly random label 0..19."""
    pred = gt.copy()
    noisy = rng.random(gt.shape) < 0.15
    pred[noisy] = rng.integers(0, 20, size=int(noisy.sum()))
    return pred


def main():
    out, count = sys.argv[1], int(sys.argv[2])
    kind = sys.argv[3] if len(sys.argv) > 3 else 'rect'
    if kind not in ('rect', 'curved', 'segmenter', 'saltpepper'):
        sys.exit(f'make_label_pngs.py: unknown kind {kind}')
    if kind in ('segmenter', 'saltpepper'):
        write_researcher_set(out, count, kind)
        return
    curved = kind == 'curved'
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


def write_researcher_set(out, count, kind):
    """`segmenter` and `saltpepper` sets: curved person-like ground truths (0..19), grayscale predictions."""
    rng = np.random.default_rng(2025 if kind == 'segmenter' else 2026)
    os.makedirs(os.path.join(out, 'gt'), exist_ok=True)
    os.makedirs(os.path.join(out, 'pred'), exist_ok=True)
    ids = []
    for i in range(count):
        h, w = int(rng.integers(340, 460)), int(rng.integers(240, 360))  # LIP val: about 300x400
        gt = curve_rows(rng, person_like(rng, h, w, ignore_edge=False))
        pred = segmenter_prediction(rng, gt) if kind == 'segmenter' else salt_and_pepper(rng, gt)
        image_id = f'{100000 + i}_{int(rng.integers(1000000, 9999999))}'
        ids.append(image_id)
        Image.fromarray(gt, 'L').save(os.path.join(out, 'gt', image_id + '.png'))
        Image.fromarray(pred.astype(np.uint8), 'L').save(os.path.join(out, 'pred', image_id + '.png'))
    with open(os.path.join(out, 'ids.txt'), 'w') as f:
        f.write('\n'.join(ids) + '\n')


if __name__ == '__main__':
    main()

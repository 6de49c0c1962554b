#!/usr/bin/env python3
"""bench/metrics part (b), Python side: what the official LIP test_human.py does, end to end: for every id,
open the ground-truth and predicted label PNGs with Pillow, convert to numpy, accumulate
bincount(n * gt + pred) over 0 <= gt < n, then compute pixel accuracy, mean accuracy, mean IoU and fwIoU.
Prints the numbers as one JSON line (same shape as `lip-metrics parsing --json`, headline fields only).
With MATRIX_JSON, also writes the confusion matrix (`{"counts": [[...]]}`, row = ground truth) there, so that
the benchmark can check that both sides counted exactly the same pixels.

usage: test_human_like.py GT_DIR PRED_DIR IDS_TXT [MATRIX_JSON]
"""
import json
import os
import sys

import numpy as np
from PIL import Image

N_CLASS = 20


def fast_hist(a, b, n):
    k = (a >= 0) & (a < n)
    return np.bincount(n * a[k].astype(int) + b[k], minlength=n ** 2).reshape(n, n)


def main():
    gt_dir, pred_dir, ids_file = sys.argv[1:4]
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    hist = np.zeros((N_CLASS, N_CLASS))
    for image_id in ids:
        gt = np.array(Image.open(os.path.join(gt_dir, image_id + '.png')))
        pred_img = Image.open(os.path.join(pred_dir, image_id + '.png'))
        if pred_img.size != (gt.shape[1], gt.shape[0]):
            pred_img = pred_img.resize((gt.shape[1], gt.shape[0]), Image.NEAREST)
        pred = np.array(pred_img)
        hist += fast_hist(gt.flatten(), pred.flatten(), N_CLASS)
    with np.errstate(divide='ignore', invalid='ignore'):
        acc = np.diag(hist).sum() / hist.sum()
        acc_cls = np.diag(hist) / hist.sum(1)
        iu = np.diag(hist) / (hist.sum(1) + hist.sum(0) - np.diag(hist))
        freq = hist.sum(1) / hist.sum()
    if len(sys.argv) > 4:
        with open(sys.argv[4], 'w') as f:
            json.dump({'counts': hist.astype(np.int64).tolist()}, f)
    print(json.dumps({
        'images': len(ids),
        'pixels': int(hist.sum()),
        'pixelAccuracy': float(acc),
        'meanAccuracy': float(np.nanmean(acc_cls)),
        'meanIoU': float(np.nanmean(iu)),
        'frequencyWeightedIoU': float((freq[freq > 0] * iu[freq > 0]).sum()),
    }))


if __name__ == '__main__':
    main()

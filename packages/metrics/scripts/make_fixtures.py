#!/usr/bin/env python3
"""Generates the parity fixtures of @lip/metrics from an independent numpy implementation.

Parsing metrics follow the official LIP `test_human.py` (Engineering-Course/LIP_SSL) formulation: a
histogram accumulated over all images with `bincount(n * gt[k] + pred[k])`, `k = (gt >= 0) & (gt < n)`,
and `nanmean` over classes ("nan-skip"); and the SCHP / CE2P / HRNet formulation with `max(1, denominator)`
and a plain mean ("zero"). PCKh follows the LIP convention (head size = |head top - upper neck| of the ground
truth) and the MPII convention (0.6 x head-box diagonal).

Only numpy is needed. Run from the repository root:
    .venv-metrics/bin/python packages/metrics/scripts/make_fixtures.py
It rewrites packages/metrics/src/__fixtures__/*.json deterministically (fixed seeds).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', '__fixtures__')


def nan_to_none(x):
    if isinstance(x, (list, tuple)):
        return [nan_to_none(v) for v in x]
    if isinstance(x, np.ndarray):
        return nan_to_none(x.tolist())
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return None if not np.isfinite(x) else x
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


# ---------------------------------------------------------------------------------------------- parsing

def fast_hist(gt, pred, n):
    """test_human.py: bincount over the pixels whose ground truth is a class id."""
    k = (gt >= 0) & (gt < n)
    return np.bincount(n * gt[k].astype(int) + pred[k], minlength=n ** 2).reshape(n, n)


def metrics_nan_skip(hist):
    with np.errstate(divide='ignore', invalid='ignore'):
        tp = np.diag(hist).astype(np.float64)
        row = hist.sum(axis=1).astype(np.float64)
        col = hist.sum(axis=0).astype(np.float64)
        acc = tp.sum() / hist.sum()
        acc_cls = tp / row
        iu = tp / (row + col - tp)
        dice = 2 * tp / (row + col)
        freq = row / hist.sum()
        fwavacc = (freq[freq > 0] * iu[freq > 0]).sum() if hist.sum() > 0 else np.nan
        return {
            'pixelAccuracy': acc,
            'meanAccuracy': np.nanmean(acc_cls) if np.isfinite(acc_cls).any() else np.nan,
            'meanIoU': np.nanmean(iu) if np.isfinite(iu).any() else np.nan,
            'frequencyWeightedIoU': fwavacc,
            'meanDice': np.nanmean(dice) if np.isfinite(dice).any() else np.nan,
            'accuracy': acc_cls,
            'iou': iu,
            'dice': dice,
        }


def metrics_zero(hist):
    """SCHP utils/miou.py style: max(1, denominator), plain mean over all classes."""
    pos = hist.sum(1).astype(np.float64)
    res = hist.sum(0).astype(np.float64)
    tp = np.diag(hist).astype(np.float64)
    with np.errstate(divide='ignore', invalid='ignore'):
        pixel_accuracy = tp.sum() / pos.sum()
        freq = pos / pos.sum()
    acc_cls = tp / np.maximum(1.0, pos)
    iou = tp / np.maximum(1.0, pos + res - tp)
    dice = 2 * tp / np.maximum(1.0, pos + res)
    fwavacc = (freq[freq > 0] * iou[freq > 0]).sum() if pos.sum() > 0 else np.nan
    return {
        'pixelAccuracy': pixel_accuracy,
        'meanAccuracy': acc_cls.mean(),
        'meanIoU': iou.mean(),
        'frequencyWeightedIoU': fwavacc,
        'meanDice': dice.mean(),
        'accuracy': acc_cls,
        'iou': iou,
        'dice': dice,
    }


def blob_label_map(rng, h, w, classes):
    """A label map made of rectangles of a few classes, like a person parsing."""
    a = np.full((h, w), classes[0], dtype=np.uint8)
    for c in classes[1:]:
        y, x = rng.integers(0, h), rng.integers(0, w)
        hh, ww = rng.integers(1, h // 2 + 2), rng.integers(1, w // 2 + 2)
        a[y:y + hh, x:x + ww] = c
    return a


def parsing_case(name, seed, n, images, present, predicted_extra, ignore_fraction, out_of_range_values=()):
    rng = np.random.default_rng(seed)
    gts, preds = [], []
    for _ in range(images):
        h, w = int(rng.integers(5, 24)), int(rng.integers(5, 24))
        gt = blob_label_map(rng, h, w, list(rng.choice(present, size=min(len(present), 5), replace=False)))
        pred = gt.copy()
        noise = rng.random((h, w)) < 0.3
        pred[noise] = rng.choice(list(present) + list(predicted_extra), size=noise.sum())
        ign = rng.random((h, w)) < ignore_fraction
        gt[ign] = 255
        for v in out_of_range_values:
            m = rng.random((h, w)) < 0.03
            gt[m] = v
        gts.append(gt)
        preds.append(pred.astype(np.uint8))
    hist = np.zeros((n, n), dtype=np.int64)
    per_image = []
    for gt, pred in zip(gts, preds):
        h1 = fast_hist(gt.flatten(), pred.flatten(), n)
        hist += h1
        per_image.append(metrics_nan_skip(h1))
    all_gt = np.concatenate([g.flatten() for g in gts])
    expected = {
        'counts': hist.tolist(),
        'ignoredPixels': int((all_gt == 255).sum()),
        'droppedPixels': int(((all_gt >= n) & (all_gt != 255)).sum()),
        'nan-skip': {k: nan_to_none(v) for k, v in metrics_nan_skip(hist).items()},
        'zero': {k: nan_to_none(v) for k, v in metrics_zero(hist).items()},
        'perImageAverage': {
            key: nan_to_none(np.nanmean([m[key] for m in per_image]))
            for key in ['pixelAccuracy', 'meanAccuracy', 'meanIoU', 'frequencyWeightedIoU', 'meanDice']
        },
    }
    return {
        'name': name,
        'numClasses': n,
        'images': [
            {'width': int(g.shape[1]), 'height': int(g.shape[0]), 'gt': g.flatten().tolist(), 'pred': p.flatten().tolist()}
            for g, p in zip(gts, preds)
        ],
        'expected': expected,
    }


# ---------------------------------------------------------------------------------------------- pose

def random_poses(rng, count, missing_fraction, missing_head_images):
    gt = rng.uniform(10, 300, size=(count, 16, 2))
    gt[:, 8] = gt[:, 9] + rng.uniform(-40, 40, size=(count, 2))  # upper neck near head top
    missing = rng.random((count, 16)) < missing_fraction
    missing[:, 8] = False
    missing[:, 9] = False
    for i in missing_head_images:
        missing[i, 8 + (i % 2)] = True
    gt[missing] = np.nan
    head = np.linalg.norm(gt[:, 9] - gt[:, 8], axis=1)
    # predictions: around the ground truth at a spread comparable to the head size
    scale = np.where(np.isfinite(head), head, 30.0)[:, None, None]
    pred = np.where(np.isfinite(gt), gt, rng.uniform(10, 300, size=gt.shape)) + rng.normal(0, 1, size=gt.shape) * scale * 0.4
    pred_missing = rng.random((count, 16)) < 0.03
    pred[pred_missing] = np.nan
    vis = rng.integers(0, 2, size=(count, 16)).astype(float)
    vis[missing] = np.nan
    return gt, pred, vis


def pckh(gt, pred, headsize, threshold, convention):
    """Vectorised PCKh; entries counted where the image has a head size and the ground-truth joint exists."""
    image_ok = np.isfinite(headsize) & (headsize > 0)
    counted = np.isfinite(gt).all(axis=2) & image_ok[:, None]
    with np.errstate(divide='ignore', invalid='ignore'):
        dist = np.linalg.norm(pred - gt, axis=2) / headsize[:, None]
    hits = (dist <= threshold) & counted  # a missing prediction gives NaN, which is never <= threshold
    count = counted.sum(axis=0)
    with np.errstate(divide='ignore', invalid='ignore'):
        per_joint = hits.sum(axis=0) / count
    pooled = lambda js: hits[:, js].sum() / counted[:, js].sum()
    pair = lambda a, b: 0.5 * (per_joint[a] + per_joint[b])
    return {
        'images': int(image_ok.sum()),
        'excludedImages': int((~image_ok).sum()),
        'perJoint': per_joint,
        'counts': count,
        'head': pair(8, 9) if convention == 'lip' else per_joint[9],
        'shoulder': pair(12, 13),
        'elbow': pair(11, 14),
        'wrist': pair(10, 15),
        'hip': pair(2, 3),
        'knee': pair(1, 4),
        'ankle': pair(0, 5),
        'upperBody': pooled(list(range(8, 16))),
        'mean': pooled(list(range(0, 6)) + list(range(8, 16))),
    }


def fmt(v):
    return 'nan' if not np.isfinite(v) else repr(float(v))


def pose_case(seed):
    rng = np.random.default_rng(seed)
    count = 60
    gt, pred, vis = random_poses(rng, count, 0.1, missing_head_images=[3, 17, 40])
    ids = [f'{1000 + i}_{rng.integers(1000000, 9999999)}' for i in range(count)]
    gt_csv = '\n'.join(
        ids[i] + '.jpg,' + ','.join(f'{fmt(gt[i, j, 0])},{fmt(gt[i, j, 1])},{fmt(vis[i, j])}' for j in range(16))
        for i in range(count)
    ) + '\n'
    # predictions in a shuffled order, without visibility, with one extra image
    order = rng.permutation(count)
    pred_rows = [ids[i] + '.jpg,' + ','.join(f'{fmt(pred[i, j, 0])},{fmt(pred[i, j, 1])}' for j in range(16)) for i in order]
    pred_rows.append('9999_1.jpg,' + ','.join(['1.0'] * 32))
    pred_csv = '\n'.join(pred_rows) + '\n'
    boxes = np.stack([gt[:, 9, 0] - 20, gt[:, 9, 1] - 10, gt[:, 9, 0] + 25, gt[:, 9, 1] + 40], axis=1)
    boxes = np.where(np.isfinite(boxes), boxes, rng.uniform(0, 100, size=boxes.shape))
    boxes[:, 2:] += 50
    head_lip = np.linalg.norm(gt[:, 9] - gt[:, 8], axis=1)
    head_mpii = 0.6 * np.linalg.norm(boxes[:, 2:] - boxes[:, :2], axis=1)
    thresholds = np.arange(51) / 100
    expected = {}
    for convention, head in (('lip', head_lip), ('mpii', head_mpii)):
        at = {str(t): {k: nan_to_none(v) for k, v in pckh(gt, pred, head, t, convention).items()} for t in (0.5, 0.2, 0.1)}
        curve = [nan_to_none(pckh(gt, pred, head, t, convention)['mean']) for t in thresholds]
        expected[convention] = {'at': at, 'curveMean': curve}
    return {
        'gtCsv': gt_csv,
        'predCsv': pred_csv,
        'headBoxes': {ids[i]: boxes[i].tolist() for i in range(count)},
        'expected': expected,
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    lip = list(range(20))
    cases = [
        # every class present in the ground truth: both policies agree
        parsing_case('all-present', 1, 20, 30, lip, [], 0.05),
        # classes 15..19 never in the ground truth, 17 and 18 predicted anyway, 19 in neither
        parsing_case('absent-classes', 2, 20, 12, list(range(15)), [17, 18], 0.1),
        # a 5-class problem, no ignore pixels
        parsing_case('five-classes', 3, 5, 8, [0, 1, 2, 3], [4], 0.0),
    ]
    drop = parsing_case('out-of-range-dropped', 4, 20, 10, list(range(12)), [13], 0.05, out_of_range_values=(20, 100, 254))
    with open(os.path.join(OUT, 'parsing.json'), 'w') as f:
        json.dump({'generator': 'scripts/make_fixtures.py', 'cases': cases, 'dropCase': drop}, f)
    with open(os.path.join(OUT, 'pckh.json'), 'w') as f:
        json.dump({'generator': 'scripts/make_fixtures.py', **pose_case(5)}, f)
    print('wrote', OUT)


if __name__ == '__main__':
    main()

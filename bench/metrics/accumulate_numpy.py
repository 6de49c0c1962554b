#!/usr/bin/env python3
"""bench/metrics part (a), Python side: confusion-matrix accumulation with numpy's bincount, as the official
LIP test_human.py does it, on the same in-memory label maps the Node side uses.

usage: accumulate_numpy.py DATA_DIR REPS   (DATA_DIR holds gt.bin, pred.bin and shape.json from run.mjs)
Prints one JSON line: the median time of REPS passes (after one untimed pass) and the resulting histogram.
"""
import json
import os
import sys
import time

import numpy as np


def fast_hist(a, b, n):
    k = (a >= 0) & (a < n)
    return np.bincount(n * a[k].astype(int) + b[k], minlength=n ** 2).reshape(n, n)


def main():
    data_dir, reps = sys.argv[1], int(sys.argv[2])
    shape = json.load(open(os.path.join(data_dir, 'shape.json')))
    dims = (shape['images'], shape['height'], shape['width'])
    gt = np.fromfile(os.path.join(data_dir, 'gt.bin'), dtype=np.uint8).reshape(dims)
    pred = np.fromfile(os.path.join(data_dir, 'pred.bin'), dtype=np.uint8).reshape(dims)
    n = shape['numClasses']
    times = []
    hist = None
    for rep in range(reps + 1):  # the first pass warms up and is not timed
        t0 = time.perf_counter()
        hist = np.zeros((n, n))
        for i in range(dims[0]):
            hist += fast_hist(gt[i].flatten(), pred[i].flatten(), n)
        if rep > 0:
            times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({'numpy': np.__version__, 'medianMs': float(np.median(times)), 'timesMs': times,
                      'counts': hist.astype(np.int64).tolist()}))


if __name__ == '__main__':
    main()

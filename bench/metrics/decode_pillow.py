#!/usr/bin/env python3
"""bench/metrics part (c), Python side: decode time of label PNGs with Pillow + numpy (np.array(Image.open(f))),
as test_human.py reads them. usage: decode_pillow.py DIR COUNT REPS -> one JSON line with the median ms per image."""
import json
import os
import sys
import time

import numpy as np
from PIL import Image

folder, count, reps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = [os.path.join(folder, f) for f in sorted(os.listdir(folder))[:count]]
blobs = [open(f, 'rb').read() for f in files]
import io
for b in blobs:  # warm-up, not timed
    np.array(Image.open(io.BytesIO(b)))
times = []
for _ in range(reps):
    t0 = time.perf_counter()
    for b in blobs:
        np.array(Image.open(io.BytesIO(b)))
    times.append((time.perf_counter() - t0) * 1000 / len(blobs))
print(json.dumps({'medianMsPerImage': float(np.median(times))}))

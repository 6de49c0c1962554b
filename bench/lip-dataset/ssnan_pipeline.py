"""The SS-NAN training pipeline (seed-systems §2.9) in Python with PIL / numpy / scipy, for
bench/lip-dataset/run.mjs: decode JPEG + label PNG, random scale {0.6..1.4} (PIL bilinear image,
scipy.ndimage.zoom order-0 label), centred pad / random crop to 320, flip with L/R swap, RGB mean,
batch stack. Prints {"images": N, "seconds": S} as JSON.

usage: python ssnan_pipeline.py BATCH_SIZE SEED image1.jpg label1.png image2.jpg label2.png ...
"""
import json
import random
import sys
import time

import numpy as np
import scipy.ndimage
from PIL import Image

SIZE = 320
SCALES = [0.6, 0.8, 1.0, 1.2, 1.4]
MEAN = np.array([123.7, 116.8, 103.9])
SWAP = np.arange(256, dtype=np.uint8)
SWAP[[14, 15, 16, 17, 18, 19]] = [15, 14, 17, 16, 19, 18]


def augment(image, label, rng):
    h, w = label.shape
    s = rng.choice(SCALES)
    nh, nw = round(h * s), round(w * s)
    image = np.asarray(Image.fromarray(image).resize((nw, nh), Image.BILINEAR))
    label = scipy.ndimage.zoom(label, [nh / h, nw / w], order=0)
    out = np.zeros((SIZE, SIZE, 3), np.uint8)
    out_l = np.full((SIZE, SIZE), 240, np.uint8)
    cy = rng.randrange(nh - SIZE) if nh > SIZE else 0
    cx = rng.randrange(nw - SIZE) if nw > SIZE else 0
    top = (SIZE - nh) // 2 if nh < SIZE else 0
    left = (SIZE - nw) // 2 if nw < SIZE else 0
    ch, cw = min(nh, SIZE), min(nw, SIZE)
    out[top:top + ch, left:left + cw] = image[cy:cy + ch, cx:cx + cw]
    out_l[top:top + ch, left:left + cw] = label[cy:cy + ch, cx:cx + cw]
    if rng.random() < 0.5:
        out = out[:, ::-1]
        out_l = SWAP[out_l[:, ::-1]]
    return (out.astype(np.float32) - MEAN).astype(np.float32), out_l


def main():
    batch_size = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    files = sys.argv[3:]
    pairs = list(zip(files[0::2], files[1::2]))
    rng.shuffle(pairs)
    start = time.perf_counter()
    n = 0
    for b in range(0, len(pairs) - batch_size + 1, batch_size):
        images, labels = [], []
        for img_path, lab_path in pairs[b:b + batch_size]:
            image = np.asarray(Image.open(img_path).convert('RGB'))
            label = np.asarray(Image.open(lab_path))
            im, lb = augment(image, label, rng)
            images.append(im)
            labels.append(lb)
        np.stack(images)
        np.stack(labels)
        n += len(images)
    print(json.dumps({'images': n, 'seconds': time.perf_counter() - start}))


if __name__ == '__main__':
    main()

"""The SS-NAN training pipeline (SS-NAN `model.py` `load_image_gt`) in Python with PIL / numpy / scipy, for
bench/lip-dataset/run.mjs: decode JPEG + label PNG, resize the whole image at the drawn scale
(PIL bilinear, i.e. scipy.misc.imresize) and the label (scipy.ndimage.zoom, order 0), centred pad /
crop to the output size, flip with the left/right classes swapped, RGB mean as float32, batches
stacked with numpy. It replays the random decisions the Node pipeline drew (same images, same
order, same scales, crops and flips), read from a JSON file.

With PROCESSES > 1, batches are made by a multiprocessing pool and sent back to the parent (as a
Keras generator with use_multiprocessing=True does).

usage: python ssnan_pipeline.py EPOCHS.json PROCESSES
  EPOCHS.json: {"size": S, "mean": [r, g, b], "warmup": [batch, ...], "timed": [[batch, ...], ...]}
  batch: [[image.jpg, label.png, scaledW, scaledH, cropX, cropY, padLeft, padTop, flip], ...]
Prints one JSON line per timed epoch: {"images": N, "seconds": wall, "cpuSeconds": cpu, "firstHash":
MD5 of the first batch's float32 images and uint8 labels, to check that both sides made the same batches}.
"""
import hashlib
import json
import multiprocessing
import sys
import time

import numpy as np
import scipy.ndimage
from PIL import Image

SWAP = np.arange(256, dtype=np.uint8)
SWAP[[14, 15, 16, 17, 18, 19]] = [15, 14, 17, 16, 19, 18]
SIZE = 320
MEAN = np.zeros(3)


def augment(image, label, sw, sh, cx, cy, left, top, flip):
    h, w = label.shape
    if (sw, sh) != (w, h):
        image = np.asarray(Image.fromarray(image).resize((sw, sh), Image.BILINEAR))
        label = scipy.ndimage.zoom(label, [sh / h, sw / w], order=0)
    out = np.zeros((SIZE, SIZE, 3), np.uint8)
    out_l = np.full((SIZE, SIZE), 240, np.uint8)
    ch, cw = min(sh, SIZE), min(sw, SIZE)
    out[top:top + ch, left:left + cw] = image[cy:cy + ch, cx:cx + cw]
    out_l[top:top + ch, left:left + cw] = label[cy:cy + ch, cx:cx + cw]
    if flip:
        out = out[:, ::-1]
        out_l = SWAP[out_l[:, ::-1]]
    return (out.astype(np.float32) - MEAN).astype(np.float32), out_l


def make_batch(batch):
    cpu = time.process_time()
    images, labels = [], []
    for img_path, lab_path, sw, sh, cx, cy, left, top, flip in batch:
        image = np.asarray(Image.open(img_path).convert('RGB'))
        label = np.asarray(Image.open(lab_path))
        im, lb = augment(image, label, sw, sh, cx, cy, left, top, flip)
        images.append(im)
        labels.append(lb)
    return np.stack(images), np.stack(labels), time.process_time() - cpu


def init(size, mean):
    global SIZE, MEAN
    SIZE = size
    MEAN = np.array(mean, dtype=np.float64)


def run_epoch(batches, pool):
    start, cpu0 = time.perf_counter(), time.process_time()
    n, worker_cpu, first = 0, 0.0, None
    results = pool.imap(make_batch, batches) if pool else map(make_batch, batches)
    for images, labels, cpu in results:
        n += images.shape[0]
        first = first or (images, labels)
        if pool:
            worker_cpu += cpu
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu0 + worker_cpu
    digest = hashlib.md5(first[0].tobytes() + first[1].tobytes()).hexdigest() if first else None
    return {'images': n, 'seconds': seconds, 'cpuSeconds': cpu, 'firstHash': digest}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    processes = int(sys.argv[2])
    init(spec['size'], spec['mean'])
    pool = multiprocessing.Pool(processes, initializer=init, initargs=(spec['size'], spec['mean'])) if processes > 1 else None
    try:
        run_epoch(spec['warmup'], pool)
        for batches in spec['timed']:
            print(json.dumps(run_epoch(batches, pool)), flush=True)
    finally:
        if pool:
            pool.close()
            pool.join()


if __name__ == '__main__':
    main()

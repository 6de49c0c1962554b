"""The best mIoU any output-stride-8 segmenter can reach on a synthetic mini-LIP val split.

SS-NAN predicts at 1/8 of the input and upsamples bilinearly. This script gives such a model perfect
logits: the one-hot ground truth averaged over each 8x8 cell, upsampled with order-1 zoom, argmax,
and scored with the official LIP confusion-matrix mIoU (absent classes skipped). Thin parts
(sunglasses, shoes, socks) vanish below ~128 px, which bounds what the quickstart can reach.

usage: python resolution_ceiling.py DATASET_ROOT [STRIDE=8]   (needs numpy, Pillow, scipy)
"""
import glob
import sys

import numpy as np
from PIL import Image
from scipy.ndimage import zoom

NUM_CLASSES = 20


def ceiling(root: str, stride: int) -> np.ndarray:
    pattern = f'{root}/TrainVal_parsing_annotations/TrainVal_parsing_annotations/val_segmentations/*.png'
    files = sorted(glob.glob(pattern))
    if not files:
        raise SystemExit(f'no val label PNGs under {pattern}')
    confusion = np.zeros((NUM_CLASSES, NUM_CLASSES), np.int64)
    for path in files:
        gt = np.array(Image.open(path))
        height, width = gt.shape
        if height % stride or width % stride:
            raise SystemExit(f'{path}: {width}x{height} is not a multiple of the stride {stride}')
        one_hot = np.eye(NUM_CLASSES)[np.minimum(gt, NUM_CLASSES - 1)]
        cells = one_hot.reshape(height // stride, stride, width // stride, stride, NUM_CLASSES).mean((1, 3))
        pred = zoom(cells, (stride, stride, 1), order=1).argmax(-1)
        valid = gt < NUM_CLASSES
        confusion += np.bincount(NUM_CLASSES * gt[valid].astype(np.int64) + pred[valid],
                                 minlength=NUM_CLASSES ** 2).reshape(NUM_CLASSES, NUM_CLASSES)
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.diag(confusion) / (confusion.sum(0) + confusion.sum(1) - np.diag(confusion))


if __name__ == '__main__':
    stride = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    iou = ceiling(sys.argv[1], stride)
    print(f'stride {stride}: mIoU ceiling {np.nanmean(iou):.3f}')
    print('per class:', ' '.join(f'{v:.2f}' for v in iou))

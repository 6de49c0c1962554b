#!/usr/bin/env python3
"""Generates the label-PNG decoding fixtures of @lip/schema, with Pillow as the reference decoder.

A small PNG writer below (struct + zlib, independent of the TypeScript decoder) controls what Pillow's own
encoder does not let us choose: the filter type of every row (None, Sub, Up, Average, Paeth, including on the
first row and on the first row of each interlace pass), Adam7 interlacing, 1/2/4-bit palettes, image data split
over several IDAT chunks, and ancillary chunks between them. Two files written by Pillow itself (adaptive
filters) are added. Every file is decoded with Pillow (`np.array(Image.open(f))`, as test_human.py reads label
maps); the script checks that Pillow returns the label map that was written, and records it as the expected
output.

Needs numpy and Pillow. Run from the repository root:
    .venv-metrics/bin/python packages/schema/scripts/make_png_fixtures.py
It rewrites packages/schema/src/__fixtures__/label-pngs/ deterministically (fixed seed).
"""
import base64
import io
import json
import os
import shutil
import struct
import zlib

import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src', '__fixtures__', 'label-pngs')

LIP_PALETTE = [0, 0, 0, 128, 0, 0, 255, 0, 0, 0, 85, 0, 170, 0, 51, 255, 85, 0, 0, 0, 85, 0, 119, 221, 85, 85, 0,
               0, 85, 85, 85, 51, 0, 52, 86, 128, 0, 128, 0, 0, 0, 255, 51, 170, 221, 0, 255, 255, 85, 255, 170,
               170, 255, 85, 255, 255, 0, 255, 170, 0]

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    body = kind + data
    return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xffffffff)


def pack_row(values, bit_depth):
    """Packs one row of samples, most significant bits first, padding the last byte with zeros."""
    if bit_depth == 8:
        return bytes(int(v) for v in values)
    per_byte = 8 // bit_depth
    out = bytearray((len(values) + per_byte - 1) // per_byte)
    for i, v in enumerate(values):
        out[i // per_byte] |= int(v) << (8 - bit_depth * (i % per_byte + 1))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def filter_row(kind, row, above):
    """PNG filter `kind` of one row (one byte per pixel unit: the left neighbour is one byte back)."""
    out = bytearray(len(row))
    for x, v in enumerate(row):
        a = row[x - 1] if x > 0 else 0
        b = above[x] if above is not None else 0
        c = above[x - 1] if above is not None and x > 0 else 0
        predictor = [0, a, b, (a + b) // 2, paeth(a, b, c)][kind]
        out[x] = (v - predictor) & 255
    return bytes([kind]) + bytes(out)


def filtered_image_data(labels, bit_depth, interlace, filters):
    """The uncompressed image data: each (pass) row packed and filtered with filters(row_number)."""
    h, w = labels.shape
    passes = [labels] if not interlace else [labels[y0::dy, x0::dx] for x0, y0, dx, dy in ADAM7]
    data = bytearray()
    row_number = 0
    for sub in passes:
        if sub.size == 0:
            continue
        above = None
        for r in range(sub.shape[0]):
            packed = pack_row(sub[r], bit_depth)
            data += filter_row(filters(row_number, r), packed, above)
            above = packed
            row_number += 1
    return bytes(data)


def write_png(labels, *, bit_depth=8, palette=None, interlace=0, filters=lambda n, r: n % 5, idat_pieces=1,
              ancillary=False):
    h, w = labels.shape
    color_type = 3 if palette is not None else 0
    out = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, bit_depth, color_type, 0, 0, interlace))
    if ancillary:
        out += chunk(b'tEXt', b'Comment\x00lip-metrics fixture')
    if palette is not None:
        out += chunk(b'PLTE', bytes(palette))
    compressed = zlib.compress(filtered_image_data(labels, bit_depth, interlace, filters), 9)
    cuts = np.linspace(0, len(compressed), idat_pieces + 1).astype(int)
    for start, end in zip(cuts[:-1], cuts[1:]):
        out += chunk(b'IDAT', compressed[start:end])
    if ancillary:
        out += chunk(b'zzZz', b'an unknown ancillary chunk')  # skipped by decoders
    return out + chunk(b'IEND', b'')


def label_map(rng, h, w, num_values):
    """Regions with repeated rows (Up residuals zero), horizontal and vertical edges, and noise pixels."""
    a = np.zeros((h, w), dtype=np.uint8)
    for _ in range(6):
        y, x = rng.integers(0, h), rng.integers(0, w)
        a[y:y + rng.integers(1, h + 1), x:x + rng.integers(1, w + 1)] = rng.integers(0, num_values)
    noise = rng.random((h, w)) < 0.04
    a[noise] = rng.integers(0, num_values, size=int(noise.sum()))
    return a


def main():
    rng = np.random.default_rng(20240611)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    lip_palette = LIP_PALETTE + [0] * (768 - len(LIP_PALETTE))
    grey_palette = lambda n: [v for i in range(n) for v in (i * 255 // max(1, n - 1),) * 3]  # noqa: E731

    cases = {}  # name -> (PNG bytes, the label map written, or None for Pillow-written files)

    def add(name, labels, **options):
        cases[name] = (write_png(labels, **options), labels)

    with_ignore = label_map(rng, 23, 37, 20)
    with_ignore[:, :2] = 255
    for first in range(5):
        # Width 37: the Up filter's 4-byte words plus a 1-byte tail; the first row uses filter `first`.
        add(f'gray8-filters-from-{first}', with_ignore, filters=lambda n, r, f=first: (f + n) % 5)
    wide = label_map(rng, 9, 40, 20)
    add('gray8-up-only-w40', wide, filters=lambda n, r: 2)
    for kind, name in enumerate(['none', 'sub', 'up', 'average', 'paeth']):
        add(f'gray8-all-{name}', label_map(rng, 11, 19, 256), filters=lambda n, r, k=kind: k)
    # Paeth's tie-breaking (a, then b, then c) only shows with many equal neighbours: random values 0..3.
    add('gray8-paeth-ties', rng.integers(0, 4, size=(13, 21)).astype(np.uint8), filters=lambda n, r: 4)
    add('palette8-lip-w1', label_map(rng, 17, 1, 20), palette=lip_palette)
    add('palette8-lip', label_map(rng, 15, 26, 20), palette=lip_palette, filters=lambda n, r: (3 * n) % 5)
    for depth in (1, 2, 4):
        n = 1 << depth
        add(f'palette{depth}-w13', label_map(rng, 7, 13, n), bit_depth=depth, palette=grey_palette(n))
        add(f'palette{depth}-interlaced', label_map(rng, 11, 13, n), bit_depth=depth,
                                                        palette=grey_palette(n), interlace=1)
    # Interlaced: every pass's first row starts without a row above, whatever its filter.
    add('gray8-interlaced', with_ignore, interlace=1, filters=lambda n, r: (n + 2) % 5)
    add('gray8-interlaced-paeth', label_map(rng, 10, 9, 20), interlace=1, filters=lambda n, r: 4)
    add('gray8-interlaced-1x1', np.array([[7]], dtype=np.uint8), interlace=1)
    add('palette8-interlaced-3x2', np.array([[1, 2, 3], [4, 5, 19]], dtype=np.uint8), interlace=1,
                                                 palette=lip_palette)
    add('gray8-three-idat-chunks', with_ignore, idat_pieces=3, ancillary=True)
    # Pillow's own encoder (adaptive filters per row), as for real LIP annotation files.
    for name, mode in [('pillow-gray8', 'L'), ('pillow-palette8', 'P')]:
        image = Image.fromarray(label_map(rng, 30, 45, 20), mode)
        if mode == 'P':
            image.putpalette(lip_palette)
        buffer = io.BytesIO()
        image.save(buffer, format='PNG')
        cases[name] = (buffer.getvalue(), np.array(image))

    expected = {}
    for name, (data, labels) in cases.items():
        with open(os.path.join(OUT, name + '.png'), 'wb') as f:
            f.write(data)
        image = Image.open(io.BytesIO(data))
        decoded = np.array(image)
        assert decoded.dtype == np.uint8 and decoded.ndim == 2, (name, image.mode, decoded.dtype)
        assert np.array_equal(decoded, labels), f'{name}: Pillow does not read back the label map written'
        expected[name] = {
            'width': int(decoded.shape[1]),
            'height': int(decoded.shape[0]),
            'pillowMode': image.mode,
            'data': base64.b64encode(decoded.tobytes()).decode('ascii'),
        }
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump({'generator': 'scripts/make_png_fixtures.py', 'reference': 'Pillow np.array(Image.open(f))',
                   'files': expected}, f, indent=1)
        f.write('\n')
    print(f'wrote {len(cases)} PNGs and expected.json to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()

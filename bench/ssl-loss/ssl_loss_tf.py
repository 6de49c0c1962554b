#!/usr/bin/env python3
"""bench/ssl-loss reference: the SS-NAN loss graph (formulas of SS-NAN `model.py`: Keras 2.0.9 categorical
cross-entropy, OHEM top_k, ComputeCentersLayer / GRenderLayer maths) and JPPNet's masked sparse
softmax CE, as tf.functions with GradientTape, on the inputs run.mjs wrote. Prints one JSON line.
Usage: ssl_loss_tf.py <reps> <data dir>"""
import json
import sys
import time

import numpy as np
import tensorflow as tf

REPS, DATA = int(sys.argv[1]), sys.argv[2]
B, H, W, C = 4, 320, 320, 20
MERGE = [0, 1, 1, 0, 1, 2, 0, 2, 0, 3, 0, 2, 3, 1, 4, 5, 6, 7, 8, 9]  # class -> joint 1..9, 0 = none
labels = tf.constant(np.fromfile(f"{DATA}/labels.i32", np.int32).reshape(B, H, W))
logits = tf.constant(np.fromfile(f"{DATA}/logits.f32", np.float32).reshape(B, H, W, C))
probabilities = tf.nn.softmax(logits)
target = tf.one_hot(tf.cast(labels, tf.uint8), C)  # 240 / 255 -> all-zero rows
XS = tf.range(W, dtype=tf.float32)[None, None, :, None]
YS = tf.range(H, dtype=tf.float32)[None, :, None, None]


def keras_crossentropy(t, p):
    p = p / tf.reduce_sum(p, -1, keepdims=True)
    p = tf.clip_by_value(p, 1e-7, 1 - 1e-7)
    return -tf.reduce_sum(t * tf.math.log(p), -1)


def ohem_per_image(p, divisor=3):
    ce = keras_crossentropy(target, p) * tf.reduce_sum(target, -1)
    top, _ = tf.math.top_k(tf.reshape(ce, [B, H * W]), k=int(H * W / divisor), sorted=False)
    return tf.reduce_mean(top, -1)


def joint_maps(onehot, sigma=1.0):
    mass = tf.stack([tf.add_n([onehot[..., c] for c in range(C) if MERGE[c] == j]) for j in range(1, 10)], -1)
    mx, my = mass * XS, mass * YS
    cx = tf.reduce_sum(mx, [1, 2]) / (tf.math.count_nonzero(mx, [1, 2], dtype=tf.float32) + 1e-6)
    cy = tf.reduce_sum(my, [1, 2]) / (tf.math.count_nonzero(my, [1, 2], dtype=tf.float32) + 1e-6)
    cx, cy = cx[:, None, None, :], cy[:, None, None, :]
    flag = tf.cast(tf.sign(tf.cast(cx + cy, tf.int32)), tf.float32)
    return 4 / (np.sqrt(2 * np.pi) * sigma) * tf.exp(-0.5 * ((XS - cx) ** 2 + (YS - cy) ** 2) / sigma**2) * flag


def ssnan_ssl(p, gt_maps):
    pred_maps = joint_maps(tf.one_hot(tf.argmax(p, -1), C))
    ss = tf.reduce_mean(tf.reduce_sum((gt_maps - pred_maps) ** 2, [1, 2]), -1)
    return tf.reduce_mean(0.5 * ss * ohem_per_image(p))


def masked_ce(z):
    flat_labels = tf.reshape(labels, [-1])
    keep = tf.squeeze(tf.where(flat_labels <= C - 1), 1)
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
        labels=tf.gather(flat_labels, keep), logits=tf.gather(tf.reshape(z, [-1, C]), keep)))


LOSSES = {
    "maskedSoftmaxCrossEntropy": (masked_ce, logits),
    "ohemCrossEntropy": (lambda p: tf.reduce_mean(ohem_per_image(p)), probabilities),
    "ssnanSslLoss": (lambda p: ssnan_ssl(p, joint_maps(target)), probabilities),
    # four distinct outputs, softmax(logits * f), as run.mjs
    "ssnanTrainingLoss:finetune_ssloss_withdeep": (
        lambda z: (lambda gt: tf.add_n([ssnan_ssl(tf.nn.softmax(z * f), gt) for f in (0.85, 0.9, 0.95, 1.0)]) / 4)(joint_maps(target)),
        logits),
}

results = []
for name, (loss, x) in LOSSES.items():
    @tf.function
    def value_and_grad(v, loss=loss):
        with tf.GradientTape() as tape:
            tape.watch(v)
            value = loss(v)
        return value, tape.gradient(value, v)

    value, grad = value_and_grad(x)
    grad.numpy()
    times = []
    for _ in range(REPS):
        t0 = time.perf_counter()
        v, g = value_and_grad(x)
        g.numpy()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    results.append({"name": name, "medianMs": times[len(times) // 2], "minMs": times[0], "runs": REPS, "value": float(value.numpy())})
print(json.dumps({"backend": "python-tf", "tfVersion": tf.__version__, "results": results}))

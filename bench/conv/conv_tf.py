"""Python TensorFlow reference for bench/conv: the same convolutions, eager, as tfjs-node runs them.

Prints one JSON line: {"backend": "python-tf", "tfVersion": ..., "results": [{"rate", "forward", "forwardBackward"}]}.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

reps = int(sys.argv[1]) if len(sys.argv) > 1 else 7
size, channels, kernel = 60, 256, 3
g = tf.random.Generator.from_seed(1)
x = g.normal([1, size, size, channels])
w = g.normal([kernel, kernel, channels, channels]) * 0.05
dy = g.normal([1, size, size, channels])


def median_ms(fn):
    fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        for t in out if isinstance(out, (list, tuple)) else [out]:
            t.numpy()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"medianMs": times[len(times) // 2], "minMs": times[0], "runs": reps}


results = []
for rate in (1, 2, 4):
    def forward():
        return tf.nn.conv2d(x, w, strides=1, padding="SAME", dilations=rate)

    def forward_backward():
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            loss = tf.reduce_sum(tf.nn.conv2d(x, w, strides=1, padding="SAME", dilations=rate) * dy)
        return tape.gradient(loss, [x, w])

    results.append({"rate": rate, "forward": median_ms(forward), "forwardBackward": median_ms(forward_backward)})
print(json.dumps({"backend": "python-tf", "tfVersion": tf.__version__, "results": results}))

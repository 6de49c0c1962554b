"""Python Keras 3 / TensorFlow side of bench/pspnet, on the same architectures as @lip/pspnet
(the builders of packages/pspnet/fixtures/pspnet_keras.py).

    pspnet_tf.py make OUTDIR           full ResNet-101 PSPNet at 473², 20 classes, random weights (BN stats
                                       included) -> OUTDIR/pspnet473.h5, input.bin, expected-*.bin, meta.json
    pspnet_tf.py time OUTDIR SCENARIO REPS
                                       SCENARIO: pspnet | trunk (forward, weights from the .h5) or train
                                       (one SGD step of the small configuration). Prints one JSON line.
    pspnet_tf.py exact OUTDIR          The same model and input in float64: writes exact-*.bin (rounded to
                                       float32 once) and prints Python TF float32's own error against them.
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "packages", "pspnet", "fixtures"))
import pspnet_keras as pk  # noqa: E402

SIZE, CLASSES = 473, 20
# The small training configuration (same in measure.mjs).
TRAIN = dict(size=161, classes=20, width=0.25, depth=50, batch=2, lr=1e-3, momentum=0.9)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def full_model(outdir=None):
    model = pk.pspnet((SIZE, SIZE), CLASSES, 1.0, pk.BLOCKS[101])
    if outdir:
        model.load_weights(os.path.join(outdir, "pspnet473.h5"))
    return model


def make(outdir):
    os.makedirs(outdir, exist_ok=True)
    model = full_model()
    pk.randomize(model, 1)
    # Random BN statistics let 33 residual blocks blow activations up to ~1e11; calibrate them on one image.
    pk.calibrate_batch_norm(model, np.random.default_rng(4).uniform(-120, 130, (1, SIZE, SIZE, 3)).astype(np.float32))
    model.save(os.path.join(outdir, "pspnet473.h5"))
    x = np.random.default_rng(2).uniform(-120, 130, (1, SIZE, SIZE, 3)).astype(np.float32)
    trunk = keras.Model(model.inputs, model.get_layer("conv5_3_relu").output)
    probs, logits = model(x, training=False)
    features = trunk(x, training=False)
    arrays = {"input": x, "expected-probabilities": probs, "expected-conv6": logits, "expected-trunk": features}
    meta = {}
    for name, a in arrays.items():
        a = np.ascontiguousarray(np.asarray(a), dtype="<f4")
        a.tofile(os.path.join(outdir, name + ".bin"))
        meta[name] = {"shape": list(a.shape), "maxAbs": float(np.abs(a).max())}
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump({"size": SIZE, "classes": CLASSES, "arrays": meta, "keras": keras.__version__, "tf": tf.__version__}, f)
    print(json.dumps(meta))


def median_ms(fn, reps):
    fn()  # trace / warm up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        out = fn()
        for t in out if isinstance(out, (list, tuple)) else [out]:
            np.asarray(t)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return {"medianMs": times[len(times) // 2], "minMs": times[0], "runs": reps}


def time_scenario(outdir, scenario, reps):
    if scenario in ("pspnet", "trunk"):
        model = full_model(outdir)
        if scenario == "trunk":
            model = keras.Model(model.inputs, model.get_layer("conv5_3_relu").output)
        x = tf.constant(np.fromfile(os.path.join(outdir, "input.bin"), "<f4").reshape(1, SIZE, SIZE, 3))
        forward = tf.function(lambda t: model(t, training=False))
        result = median_ms(lambda: forward(x), reps)
    elif scenario == "train":
        c = TRAIN
        model = pk.pspnet((c["size"], c["size"]), c["classes"], c["width"], pk.BLOCKS[c["depth"]])
        rng = np.random.default_rng(3)
        x = tf.constant(rng.uniform(-120, 130, (c["batch"], c["size"], c["size"], 3)).astype(np.float32))
        y = tf.one_hot(rng.integers(0, c["classes"], (c["batch"], c["size"], c["size"])), c["classes"])
        optimizer = keras.optimizers.SGD(c["lr"], momentum=c["momentum"])

        @tf.function
        def step():
            with tf.GradientTape() as tape:
                probs, _ = model(x, training=True)
                loss = -tf.reduce_mean(tf.reduce_sum(y * tf.math.log(probs + 1e-7), -1))
            grads = tape.gradient(loss, model.trainable_variables)
            optimizer.apply_gradients(zip(grads, model.trainable_variables))
            return loss

        result = median_ms(step, reps)
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    print(json.dumps({"backend": "python-tf", "scenario": scenario, "tfVersion": tf.__version__, **result, "peakRssMB": peak_rss_mb()}))


def exact(outdir):
    """float64 outputs of the saved model: the yardstick for every float32 implementation, Python TF's included."""
    keras.config.set_floatx("float64")
    meta_path = os.path.join(outdir, "meta.json")
    meta = json.load(open(meta_path))
    model = full_model(outdir)
    x = np.fromfile(os.path.join(outdir, "input.bin"), "<f4").reshape(meta["arrays"]["input"]["shape"]).astype(np.float64)
    trunk = keras.Model(model.inputs, model.get_layer("conv5_3_relu").output)
    probs, logits = model(x, training=False)
    outputs = {"probabilities": probs, "conv6": logits, "trunk": trunk(x, training=False)}
    errors = {}
    for name, value in outputs.items():
        value = np.asarray(value)
        assert value.dtype == np.float64, f"{name} was computed in {value.dtype}"
        python_f32 = np.fromfile(os.path.join(outdir, f"expected-{name}.bin"), "<f4").astype(np.float64)
        errors[name] = float(np.abs(python_f32 - value.ravel()).max() / np.abs(value).max())
        a = np.ascontiguousarray(value, dtype="<f4")
        a.tofile(os.path.join(outdir, f"exact-{name}.bin"))
        meta["arrays"][f"exact-{name}"] = {"shape": list(a.shape), "maxAbs": float(np.abs(a).max())}
    meta["pythonErrorVsFloat64"] = errors
    with open(meta_path, "w") as f:
        json.dump(meta, f)
    print(json.dumps({"backend": "python-tf", "scenario": "exact", "errorVsFloat64": errors}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "exact":
        exact(sys.argv[2])
    else:
        time_scenario(sys.argv[2], sys.argv[3], int(sys.argv[4]))

"""Python TensorFlow side of bench/jppnet: JPPNet-s2 at full size, built in TF 1.x graph mode with the reference
variable names by packages/jppnet/fixtures/jppnet_tf1.py (the graph @lip/jppnet's fidelity fixture uses).

    jppnet_tf.py make OUTDIR       random weights -> OUTDIR/jppnet-s2.ckpt.* (tf.compat.v1 Saver), the inputs and
                                   the expected outputs of both scenarios (*.bin float32), meta.json
    jppnet_tf.py time OUTDIR SCENARIO REPS
                                   forward:   one 384x384 image through the network at one scale -> 6 stage outputs
                                   inference: evaluate_*_JPPNet-s2.py on one image at its own size: scales
                                              1/0.75/1.25 of 384 and the mirrored copy, fused parsing logits and pose
                                              heatmaps. Prints one JSON line (median/min ms, peak RSS, max rel. error).
"""
import json
import os
import resource
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "packages", "jppnet", "fixtures"))
import jppnet_tf1 as J  # noqa: E402

v1 = tf.compat.v1
SIZE = 384
IMAGE = (360, 270)  # the inference scenario's image (height, width), resized to 384/288/480 squares


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(scenario):
    if scenario == "forward":
        x = v1.placeholder(tf.float32, [1, SIZE, SIZE, 3])
        parsing, pose = J.jppnet(x)
        return x, parsing + pose
    x = v1.placeholder(tf.float32, [1, IMAGE[0], IMAGE[1], 3])
    parsing, pose = J.inference_outputs(x, SIZE)
    return x, [parsing, pose]


def inputs():
    rng = np.random.default_rng(2)
    return {
        "forward": rng.uniform(-120, 130, (1, SIZE, SIZE, 3)).astype(np.float32),
        "inference": rng.uniform(-120, 130, (1, IMAGE[0], IMAGE[1], 3)).astype(np.float32),
    }


def make(outdir):
    os.makedirs(outdir, exist_ok=True)
    meta = {"size": SIZE, "image": list(IMAGE), "arrays": {}}
    graph = tf.Graph()
    with graph.as_default(), v1.Session(graph=graph) as session:
        x, outputs = build("forward")
        session.run(v1.global_variables_initializer())
        J.randomize(session, 1)
        # Keep 33 residual blocks from compounding random gains: damp the last BN of each residual branch.
        for var in v1.global_variables():
            if var.op.name.endswith("branch2c/gamma"):
                var.load(np.full(var.shape.as_list(), 0.25, np.float32), session)
        v1.train.Saver(v1.global_variables()).save(session, os.path.join(outdir, "jppnet-s2.ckpt"), write_meta_graph=False, write_state=False)
        meta["variables"] = len(v1.global_variables())
        meta["parameters"] = int(sum(np.prod(v.shape.as_list()) for v in v1.global_variables()))
    for scenario, array in inputs().items():
        graph = tf.Graph()
        with graph.as_default(), v1.Session(graph=graph) as session:
            x, outputs = build(scenario)
            v1.train.Saver().restore(session, os.path.join(outdir, "jppnet-s2.ckpt"))
            values = session.run(outputs, {x: array})
        save(outdir, meta, f"{scenario}-input", array)
        for i, v in enumerate(values):
            save(outdir, meta, f"{scenario}-output{i}", v)
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps({"made": outdir, "variables": meta["variables"], "parameters": meta["parameters"]}))


def save(outdir, meta, name, array):
    a = np.ascontiguousarray(np.asarray(array), dtype="<f4")
    a.tofile(os.path.join(outdir, name + ".bin"))
    meta["arrays"][name] = {"shape": list(a.shape), "maxAbs": float(np.abs(a).max())}


def load(outdir, meta, name):
    spec = meta["arrays"][name]
    return np.fromfile(os.path.join(outdir, name + ".bin"), dtype="<f4").reshape(spec["shape"])


def time_scenario(outdir, scenario, reps):
    with open(os.path.join(outdir, "meta.json")) as f:
        meta = json.load(f)
    graph = tf.Graph()
    with graph.as_default(), v1.Session(graph=graph) as session:
        x, outputs = build(scenario)
        v1.train.Saver().restore(session, os.path.join(outdir, "jppnet-s2.ckpt"))
        array = load(outdir, meta, f"{scenario}-input")
        values = session.run(outputs, {x: array})  # warm-up
        times = []
        for _ in range(reps):
            t0 = time.perf_counter()
            session.run(outputs, {x: array})
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    errors = []
    for i, v in enumerate(values):
        expected = load(outdir, meta, f"{scenario}-output{i}")
        errors.append(float(np.abs(v - expected).max() / np.abs(expected).max()))
    print(json.dumps({
        "backend": "python-tf", "scenario": scenario, "tfVersion": tf.__version__,
        "medianMs": times[len(times) // 2], "minMs": times[0], "runs": reps,
        "peakRssMb": peak_rss_mb(), "selfCheck": max(errors),
    }))


if __name__ == "__main__":
    command, outdir = sys.argv[1], sys.argv[2]
    if command == "make":
        make(outdir)
    elif command == "time":
        time_scenario(outdir, sys.argv[3], int(sys.argv[4]))
    else:
        raise SystemExit(f"unknown command {command}")

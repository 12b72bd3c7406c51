#!/usr/bin/env python
"""Compile time: from the `function(...)` call to the end of the first and
of the second call, beside jax.jit.

    .venv/bin/python benchmarks/compile_time.py [--layers 10,100,1000] [--repeat 3]
        [--jax-python .venv-peers/bin/python]

Each measurement is a fresh process (imports done before the clock starts),
with its own empty compile cache directory, systems interleaved:
  * the MLP training function (784-500-10, tanh, softmax + cross-entropy,
    grad, SGD updates);
  * N-layer MLPs (64 units, tanh, grad, SGD updates);
  * the MLP again, the cache populated by an earlier process.
For theano_mlir also: when the kernel specialized for the shapes (compiled
in the background from the second call on) served its first call, and how
many calls ran before it, calls going on meanwhile as in a training loop.
The minimum over --repeat processes is reported. Writes
benchmarks/results/compile-<date>.json and prints a Markdown table.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")


def _mlp(theano, T, sizes, batch, rng):
    """(training function of (x, y) -> cost, x, y) of an MLP with layer
    `sizes` (tanh hidden layers, softmax output), SGD updates inside."""
    x, y = T.matrix("x", dtype="float32"), T.ivector("y")
    params, h = [], x
    for index, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        w = theano.shared(rng.normal(0, 0.1, (n_in, n_out)).astype("float32"), f"W{index}")
        b = theano.shared(np.zeros(n_out, "float32"), f"b{index}")
        params += [w, b]
        z = T.dot(h, w) + b
        h = T.nnet.softmax(z) if index == len(sizes) - 2 else T.tanh(z)
    cost = T.nnet.categorical_crossentropy(h, y).mean()
    updates = [(p, p - np.float32(0.1) * g) for p, g in zip(params, T.grad(cost, params))]
    data = rng.normal(size=(batch, sizes[0])).astype("float32")
    labels = rng.integers(0, sizes[-1], batch).astype("int32")
    return (lambda: theano.function([x, y], cost, updates=updates)), data, labels


def _jax_mlp(sizes, batch, rng):
    """(make, x, y) of the same MLP step in JAX: make() -> step(x, y) -> cost."""
    from run import jax_mlp_trainer

    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        params += [rng.normal(0, 0.1, (n_in, n_out)).astype("float32"), np.zeros(n_out, "float32")]
    data = rng.normal(size=(batch, sizes[0])).astype("float32")
    labels = rng.integers(0, sizes[-1], batch).astype("int32")
    return (lambda: jax_mlp_trainer(params)), data, labels


def measure(system, kind, layers, wait_limit):
    """{first, second: seconds from function() to the end of the first and
    second call; steady: seconds until the kernel specialized for the
    shapes serves (theano_mlir, calls going on meanwhile), calls: how many
    calls that took}, in this process."""
    rng = np.random.default_rng(0)
    sizes = [784, 500, 10] if kind == "mlp" else [64] * (layers + 1)
    batch = 128 if kind == "mlp" else 16
    if system == "jax":
        make, x, y = _jax_mlp(sizes, batch, rng)
        import jax.numpy as jnp

        x, y = jnp.asarray(x), jnp.asarray(y)
    else:
        import theano_mlir as theano
        import theano_mlir.tensor as T

        theano.function, theano.shared  # the lazily imported modules: import time
        make, x, y = _mlp(theano, T, sizes, batch, rng)
    start = time.perf_counter()
    f = make()
    first = f(x, y)
    first_seconds = time.perf_counter() - start
    f(x, y)
    second_seconds = time.perf_counter() - start
    assert np.isfinite(float(first))
    result = dict(first=first_seconds, second=second_seconds)
    if system != "jax":
        specialized = f._kernel.call
        calls = 2
        while not any(done for _, done in specialized.specializations):
            if time.perf_counter() - start > wait_limit:
                break
            f(x, y)
            calls += 1
        result.update(steady=time.perf_counter() - start, calls=calls)
    return result


def _child(system, kind, layers, directory, python, wait_limit):
    env = dict(os.environ, THEANO_MLIR_FLAGS=f"compiledir={directory}")
    done = subprocess.run(
        [python, __file__, "--measure", system, kind, str(layers), str(wait_limit)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(layer_counts, repeat, peers, wait_limit):
    """{function: {system: measurement}}: the minimum over `repeat` fresh
    processes (one for 1000 layers) of each number."""
    functions = [("MLP training function 784-500-10", "mlp", 0)] + [
        (f"{n}-layer MLP (64 units) with grad, SGD", "layers", n) for n in layer_counts
    ]
    systems = {"theano_mlir": sys.executable, **peers}
    results = {}
    for title, kind, layers in functions:
        results[title] = {}
        rounds = 1 if layers >= 1000 else repeat
        measured = {system: [] for system in systems}
        for _ in range(rounds):  # interleaved: each round runs every system
            for system, python in systems.items():
                with tempfile.TemporaryDirectory() as directory:
                    measured[system].append(_child(system, kind, layers, directory, python, wait_limit))
        for system, runs in measured.items():
            best = {key: min(run[key] for run in runs) for key in runs[0]}
            results[title][system] = best
            print(f"  {title}: {system} {best}", flush=True)
    with tempfile.TemporaryDirectory() as directory:
        _child("theano_mlir", "mlp", 0, directory, sys.executable, wait_limit)
        warm = _child("theano_mlir", "mlp", 0, directory, sys.executable, wait_limit)
    results["MLP training function, cache populated by an earlier process"] = {"theano_mlir": warm}
    return results


def _seconds(value):
    return f"{value * 1e3:.0f} ms" if value < 1 else f"{value:.2f} s"


def table(results):
    systems = sorted({s for row in results.values() for s in row}, key=lambda s: s != "theano_mlir")
    head = (
        "| function | "
        + " | ".join(f"{s}: first / second" for s in systems)
        + " | theano_mlir: specialized kernel serving |"
    )
    lines = [head, "|---" * (len(systems) + 2) + "|"]
    for title, row in results.items():
        cells = []
        for system in systems:
            m = row.get(system)
            cells.append(f"{_seconds(m['first'])} / {_seconds(m['second'])}" if m else "—")
        ours = row["theano_mlir"]
        steady = f"{_seconds(ours['steady'])} (call {ours['calls']})" if "steady" in ours else "—"
        lines.append(f"| {title} | " + " | ".join(cells) + f" | {steady} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layers", default="10,100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--jax-python", help="a Python with jax installed (make peers: .venv-peers/bin/python)"
    )
    parser.add_argument("--wait", type=float, default=120, help="seconds to wait for the specialized kernel")
    parser.add_argument("--measure", nargs=4, help=argparse.SUPPRESS)  # the child process
    args = parser.parse_args()
    if args.measure:
        system, kind, layers, wait_limit = args.measure
        print(json.dumps(measure(system, kind, int(layers), float(wait_limit))))
        return
    peers = {"jax": args.jax_python} if args.jax_python else {}
    results = run([int(n) for n in args.layers.split(",") if n], args.repeat, peers, args.wait)
    stamp = datetime.date.today().isoformat()
    os.makedirs(RESULTS, exist_ok=True)
    with open(os.path.join(RESULTS, f"compile-{stamp}.json"), "w") as out:
        json.dump(dict(date=stamp, cpus=os.cpu_count(), results=results), out, indent=1)
    print(table(results))


if __name__ == "__main__":
    main()

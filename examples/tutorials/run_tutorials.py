#!/usr/bin/env python
"""The deeplearning.net tutorials logistic_sgd.py and mlp.py, unchanged, on
theano_mlir (through `python -m theano_mlir.run`) and on Theano 1.0.5.

    .venv/bin/python examples/tutorials/run_tutorials.py [--systems theano_mlir,theano]
        [--tutorials logistic_sgd,mlp] [--logistic-epochs N] [--mlp-epochs N]
        [--n 50000,10000,10000] [--floatX float32] [--theano-python PATH]

Each (system, tutorial) runs in a process of its own, in a working directory
under build/tutorials/ that holds `mnist.pkl.gz` (a link to the synthetic
dataset of synthetic_mnist.py, generated once into build/tutorials/data/):
the tutorials' load_data finds it there (it looks in the working directory
before ../data, and would download the real file only when neither has it),
and logistic_sgd's best_model.pkl lands there too. With no epoch limit a
tutorial runs as its own `__main__` (`python logistic_sgd.py`); with one,
call.py imports it and calls `sgd_optimization_mnist(n_epochs=N)` or
`test_mlp(n_epochs=N)`, the argument the tutorial exposes; both systems get
the same arguments.

Theano 1.0.5 runs from a scratch venv (/tmp/theano105-venv, see
conformance/README.md) with its C backend (g++; `blas.ldflags=`, so Theano
uses its NumPy C-API BLAS), or in its Python mode with --theano-python-mode.

Prints a Markdown table (best validation and test error, epochs, seconds per
epoch from the time between the first and last epoch's line, the tutorial's
own training time) and writes build/tutorials/results.json.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import synthetic_mnist  # noqa: E402

TUTORIALS = os.path.join(HERE, "deeplearning")
CACHE = os.path.join(ROOT, "build", "tutorials")  # data, working directories, results
SITE = os.path.join(ROOT, "build", "tutorials", "site")  # six, when a Python lacks it
THEANO_PYTHON = "/tmp/theano105-venv/bin/python"
# lisa-lab/DeepLearningTutorials at 11c465105026cf87573937fc2d35ab7543678698:
# the git blob ids of the pinned files (`git hash-object`), checked before a run
UPSTREAM_BLOBS = {
    "logistic_sgd.py": "9f4427e728ee7bd83b89a5acc97ae153284475cb",
    "mlp.py": "e865bc8f98a3eea4538acf23ba2e747452ca797f",
    "lstm.py": "a3010a9f72951a530bf8db9d702f84a959e5a122",
    "imdb.py": "341be231565d376e03256a2cfa948845976abb84",
}
FUNCTIONS = {"logistic_sgd": "sgd_optimization_mnist", "mlp": "test_mlp"}
SIX = "six==1.17.0"  # the tutorials' `import six.moves.cPickle`


def blob_id(path):
    import hashlib

    with open(path, "rb") as f:
        data = f.read()
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def check_unchanged():
    for name, blob in UPSTREAM_BLOBS.items():
        got = blob_id(os.path.join(TUTORIALS, name))
        if got != blob:
            raise SystemExit(f"{name} differs from upstream's (blob {got}, expected {blob})")


def dataset(sizes):
    """The synthetic dataset's path in the cache (generated if missing)."""
    os.makedirs(os.path.join(CACHE, "data"), exist_ok=True)
    name = f"mnist-v{synthetic_mnist.VERSION}-{synthetic_mnist.SEED}-{'-'.join(map(str, sizes))}.pkl.gz"
    path = os.path.join(CACHE, "data", name)
    if not os.path.exists(path):
        start = time.perf_counter()
        synthetic_mnist.write(path, sizes)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    return path


def six_path(python):
    """A directory to put on PYTHONPATH so that `python` imports six (None
    if it does already); pip installs six there once (needs PyPI)."""
    if subprocess.run([python, "-c", "import six"], capture_output=True).returncode == 0:
        return None
    site = SITE
    if not os.path.exists(os.path.join(site, "six.py")):
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
            + ["--no-deps", "--target", site, SIX],
            check=True,
        )
    return site


def command(system, tutorial, epochs, theano_python):
    python = [os.path.join(ROOT, ".venv", "bin", "python"), "-m", "theano_mlir.run"]
    if system == "theano":
        python = [theano_python]
    if epochs is None:
        return python + [os.path.join(TUTORIALS, tutorial + ".py")]
    call = [os.path.join(HERE, "call.py"), tutorial, FUNCTIONS[tutorial], f"n_epochs={epochs}"]
    return python + call


def environment(system, floatx, theano_python_mode, site):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("PYTHONPATH", None)
    if site:
        env["PYTHONPATH"] = site
    if system == "theano":
        flags = [f"floatX={floatx}", "blas.ldflags=", f"base_compiledir={CACHE}/theano-compiledir"]
        if theano_python_mode:
            flags.append("cxx=")
        env["THEANO_FLAGS"] = ",".join(flags)
    else:
        # after the caller's flags (a compiledir, say), so that floatX wins
        env["THEANO_MLIR_FLAGS"] = ",".join(filter(None, [env.get("THEANO_MLIR_FLAGS"), f"floatX={floatx}"]))
    return env


EPOCH = re.compile(r"^epoch (\d+), minibatch \d+/\d+, validation error ([\d.]+) %")
FINAL = re.compile(r"best validation score of ([\d.]+) %.*?test performance ([\d.]+) %", re.I)
RAN = re.compile(r"ran for ([\d.]+)(s|m)")


def run_one(system, tutorial, epochs, args, data):
    """Runs one tutorial; returns its record (errors in %, times in s)."""
    workdir = os.path.join(CACHE, f"run-{system}-{tutorial}")
    os.makedirs(workdir, exist_ok=True)
    link = os.path.join(workdir, "mnist.pkl.gz")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(data, link)
    python = args.theano_python if system == "theano" else os.path.join(ROOT, ".venv", "bin", "python")
    env = environment(system, args.floatX, args.theano_python_mode, six_path(python))
    cmd = command(system, tutorial, epochs, args.theano_python)
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    curve, lines = [], []
    for line in process.stdout:  # timestamped as it comes
        lines.append(line)
        if args.verbose:
            print(f"[{system} {tutorial}] {line}", end="", flush=True)
        match = EPOCH.match(line)
        if match:
            curve.append((int(match[1]), float(match[2]), time.perf_counter() - start))
    stderr = process.stderr.read()
    process.wait()
    wall = time.perf_counter() - start
    record = {"system": system, "tutorial": tutorial, "command": cmd, "returncode": process.returncode}
    record["wall_s"] = wall
    if process.returncode != 0:
        record["error"] = stderr[-4000:]
        return record
    final = FINAL.search("".join(lines))
    ran = RAN.search(stderr)
    record["best_valid_error"] = float(final[1])
    record["test_error"] = float(final[2])
    record["valid_curve"] = [error for _, error, _ in curve]
    ran_epochs = re.search(r"The code run for (\d+) epochs", "".join(lines))
    record["epochs"] = int(ran_epochs[1]) if ran_epochs else (curve[-1][0] if curve else 0)
    if ran:
        record["train_s"] = float(ran[1]) * (60 if ran[2] == "m" else 1)
    if len(curve) >= 2:  # epochs after the first (which compiles the kernels for its shapes)
        record["s_per_epoch"] = (curve[-1][2] - curve[0][2]) / (curve[-1][0] - curve[0][0])
    return record


def table(records):
    rows = [
        "| tutorial | system | best valid error % | test error % | epochs | s / epoch | training s | process s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        if r["returncode"] != 0:
            rows.append(f"| {r['tutorial']} | {r['system']} | failed (rc {r['returncode']}) | | | | | |")
            continue
        per_epoch = f"{r['s_per_epoch']:.3f}" if "s_per_epoch" in r else "—"
        train = f"{r['train_s']:.1f}" if "train_s" in r else "—"
        rows.append(
            f"| {r['tutorial']} | {r['system']} | {r['best_valid_error']:.4f} | {r['test_error']:.4f} "
            f"| {r['epochs']} | {per_epoch} | {train} | {r['wall_s']:.1f} |"
        )
    return "\n".join(rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", default="theano_mlir,theano")
    parser.add_argument("--tutorials", default="logistic_sgd,mlp")
    parser.add_argument("--logistic-epochs", type=int, default=None, help="default: the full run")
    parser.add_argument("--mlp-epochs", type=int, default=None, help="default: the full run (hours)")
    parser.add_argument("--n", default=",".join(map(str, synthetic_mnist.SIZES)), help="train,valid,test")
    parser.add_argument("--floatX", default="float32")
    parser.add_argument("--theano-python", default=THEANO_PYTHON)
    parser.add_argument("--theano-python-mode", action="store_true", help="Theano with cxx= (no g++)")
    parser.add_argument("--verbose", action="store_true", help="echo the tutorials' output")
    parser.add_argument("--json", default=os.path.join(CACHE, "results.json"))
    args = parser.parse_args(argv)

    check_unchanged()
    data = dataset(tuple(int(s) for s in args.n.split(",")))
    epochs = {"logistic_sgd": args.logistic_epochs, "mlp": args.mlp_epochs}
    records = []
    for tutorial in args.tutorials.split(","):
        for system in args.systems.split(","):
            if system == "theano" and not os.path.exists(args.theano_python):
                print(f"skipping Theano: no {args.theano_python}", file=sys.stderr)
                continue
            record = run_one(system, tutorial, epochs[tutorial], args, data)
            records.append(record)
            if record["returncode"] != 0:
                print(f"{system} {tutorial} failed:\n{record['error']}", file=sys.stderr)
    print(table(records))
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump({"n": args.n, "floatX": args.floatX, "records": records}, f, indent=1)
    return 0 if all(r["returncode"] == 0 for r in records) else 1


if __name__ == "__main__":
    sys.exit(main())

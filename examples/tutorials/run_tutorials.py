#!/usr/bin/env python
"""The deeplearning.net tutorials logistic_sgd.py, mlp.py, convolutional_mlp.py
(LeNet) and dA.py, unchanged, on theano_mlir (through `python -m
theano_mlir.run`) and on Theano 1.0.5.

    .venv/bin/python examples/tutorials/run_tutorials.py [--systems theano_mlir,theano]
        [--tutorials logistic_sgd,mlp,convolutional_mlp,dA] [--logistic-epochs N]
        [--mlp-epochs N] [--lenet-epochs N] [--lenet-nkerns 20,50] [--lenet-batch-size 500]
        [--dA-epochs N] [--dA-batch-size 20]
        [--n 50000,10000,10000] [--floatX float32] [--theano-python PATH]

Each (system, tutorial) runs in a process of its own, in a working directory
under build/tutorials/ that holds `mnist.pkl.gz` (a link to the synthetic
dataset of synthetic_mnist.py, generated once into build/tutorials/data/):
the tutorials' load_data finds it there (it looks in the working directory
before ../data, and would download the real file only when neither has it),
and logistic_sgd's best_model.pkl lands there too. With no epoch limit a
tutorial runs as its own `__main__` (`python logistic_sgd.py`); with one,
call.py imports it and calls `sgd_optimization_mnist(n_epochs=N)`,
`test_mlp(n_epochs=N)`, `evaluate_lenet5(n_epochs=N, nkerns=..., batch_size=...)`
or `test_dA(training_epochs=N, batch_size=...)`, the arguments the tutorial
exposes; both systems get the same arguments. dA.py writes its filter images
(PIL) into dA_plots/ of its working directory.

Theano 1.0.5 runs from a scratch venv (/tmp/theano105-venv, see
conformance/README.md) with its C backend (g++; `blas.ldflags=`, so Theano
uses its NumPy C-API BLAS), or in its Python mode with --theano-python-mode.

Prints Markdown tables (the classifiers: best validation and test error,
epochs; dA: the mean reconstruction cost of the first and last epoch,
without and with 30% corruption; both: seconds per epoch from the time
between the first and last epoch's line, the tutorial's own training time)
and writes build/tutorials/results.json.
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
    "convolutional_mlp.py": "6bbb47a1e2f2e61dc1d53b686fead43d291b636b",
    "dA.py": "7d054b20d02dd88f1750bc2b60122e0653fcb62a",
    "utils.py": "ff772ad4028436245b239e081cd78ae4b9d4ded1",
}
# The function call.py calls, and the name of its epoch limit
FUNCTIONS = {
    "logistic_sgd": ("sgd_optimization_mnist", "n_epochs"),
    "mlp": ("test_mlp", "n_epochs"),
    "convolutional_mlp": ("evaluate_lenet5", "n_epochs"),
    "dA": ("test_dA", "training_epochs"),
}
# What a tutorial imports beyond numpy and theano, and what pip installs
# into SITE where a Python lacks it: six (`import six.moves.cPickle`, all
# of them); PIL for dA.py's filter images (.venv has it through matplotlib,
# the Theano 1.0.5 venv does not).
PACKAGES = {"six": "six==1.17.0", "PIL": "pillow==13.0.0"}
IMPORTS = {"dA": ("six", "PIL")}  # the others: ("six",)


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


def _imports(python, module, path=None):
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    if path:
        env["PYTHONPATH"] = path
    return subprocess.run([python, "-c", f"import {module}"], capture_output=True, env=env).returncode == 0


def site_path(python, modules=("six",)):
    """A directory to put on PYTHONPATH so that `python` imports `modules`
    (None if it does already); pip installs each missing one there once, as
    PACKAGES pins it (needs PyPI)."""
    missing = [module for module in modules if not _imports(python, module)]
    if not missing:
        return None
    for module in missing:
        if not _imports(python, module, SITE):
            subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
                + ["--no-deps", "--target", SITE, PACKAGES[module]],
                check=True,
            )
    return SITE


def six_path(python):
    """A directory to put on PYTHONPATH so that `python` imports six (None
    if it does already)."""
    return site_path(python, ("six",))


def command(system, tutorial, kwargs, theano_python):
    """The command line; `kwargs` (a dict, the epoch limit and the other
    arguments the tutorial's function takes) empty runs it as `__main__`."""
    python = [os.path.join(ROOT, ".venv", "bin", "python"), "-m", "theano_mlir.run"]
    if system == "theano":
        python = [theano_python]
    if not kwargs:
        return python + [os.path.join(TUTORIALS, tutorial + ".py")]
    call = [os.path.join(HERE, "call.py"), tutorial, FUNCTIONS[tutorial][0]]
    return python + call + [f"{key}={value!r}" for key, value in kwargs.items()]


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
COST = re.compile(r"^Training epoch (\d+), cost\s+(\S+)")  # dA.py, once per epoch and phase
DA_PHASES = ("corruption_0", "corruption_30")  # dA.py trains twice: without, then with 30% corruption


def seconds(match):
    return float(match[1]) * (60 if match[2] == "m" else 1)


def per_epoch(curve):
    """Seconds per epoch over the epochs after the first (which compiles the
    kernels for its shapes): (epoch, ..., time) rows; None under two."""
    if len(curve) < 2:
        return None
    return (curve[-1][-1] - curve[0][-1]) / (curve[-1][0] - curve[0][0])


def parse_classifier(record, lines, stderr, curve):
    final = FINAL.search("".join(lines))
    ran = RAN.search(stderr)
    record["best_valid_error"] = float(final[1])
    record["test_error"] = float(final[2])
    record["valid_curve"] = [error for _, error, _ in curve]
    ran_epochs = re.search(r"The code run for (\d+) epochs", "".join(lines))
    record["epochs"] = int(ran_epochs[1]) if ran_epochs else (curve[-1][0] if curve else 0)
    if ran:
        record["train_s"] = seconds(ran)
    if per_epoch(curve) is not None:
        record["s_per_epoch"] = per_epoch(curve)


def parse_dA(record, costs, stderr):
    """costs: (epoch, cost, time) rows of both phases, in order; epoch 0
    starts a phase."""
    phases = []
    for row in costs:
        if row[0] == 0 or not phases:
            phases.append([])
        phases[-1].append(row)
    record["costs"] = {name: [cost for _, cost, _ in rows] for name, rows in zip(DA_PHASES, phases)}
    record["epochs"] = len(phases[0]) if phases else 0
    record["train_s"] = sum(seconds(ran) for ran in RAN.finditer(stderr))
    rates = [per_epoch(rows) for rows in phases if per_epoch(rows) is not None]
    if rates:
        record["s_per_epoch"] = sum(rates) / len(rates)


def run_one(system, tutorial, kwargs, args, data):
    """Runs one tutorial; returns its record (errors in %, times in s)."""
    workdir = os.path.join(CACHE, f"run-{system}-{tutorial}")
    os.makedirs(workdir, exist_ok=True)
    link = os.path.join(workdir, "mnist.pkl.gz")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(data, link)
    python = args.theano_python if system == "theano" else os.path.join(ROOT, ".venv", "bin", "python")
    site = site_path(python, IMPORTS.get(tutorial, ("six",)))
    env = environment(system, args.floatX, args.theano_python_mode, site)
    cmd = command(system, tutorial, kwargs, args.theano_python)
    start = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    curve, costs, lines = [], [], []
    for line in process.stdout:  # timestamped as it comes
        lines.append(line)
        if args.verbose:
            print(f"[{system} {tutorial}] {line}", end="", flush=True)
        match = EPOCH.match(line)
        if match:
            curve.append((int(match[1]), float(match[2]), time.perf_counter() - start))
        match = COST.match(line)
        if match:
            costs.append((int(match[1]), float(match[2]), time.perf_counter() - start))
    stderr = process.stderr.read()
    process.wait()
    wall = time.perf_counter() - start
    record = {"system": system, "tutorial": tutorial, "command": cmd, "returncode": process.returncode}
    record["wall_s"] = wall
    if process.returncode != 0:
        record["error"] = stderr[-4000:]
        return record
    if tutorial == "dA":
        parse_dA(record, costs, stderr)
    else:
        parse_classifier(record, lines, stderr, curve)
    return record


def _times(r):
    per_epoch = f"{r['s_per_epoch']:.3f}" if "s_per_epoch" in r else "—"
    train = f"{r['train_s']:.1f}" if "train_s" in r else "—"
    return f"| {r['epochs']} | {per_epoch} | {train} | {r['wall_s']:.1f} |"


def table(records):
    """Markdown: one table for the classifiers (errors), one for dA (costs)."""
    classifiers = [r for r in records if r["tutorial"] != "dA"]
    autoencoders = [r for r in records if r["tutorial"] == "dA"]
    tables = []
    if classifiers:
        rows = [
            "| tutorial | system | best valid error % | test error % | epochs | s / epoch | training s | process s |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in classifiers:
            if r["returncode"] != 0:
                rows.append(f"| {r['tutorial']} | {r['system']} | failed (rc {r['returncode']}) | | | | | |")
                continue
            rows.append(
                f"| {r['tutorial']} | {r['system']} | {r['best_valid_error']:.4f} | {r['test_error']:.4f} "
                + _times(r)
            )
        tables.append("\n".join(rows))
    if autoencoders:
        rows = [
            "| tutorial | system | cost, first epoch | cost, last epoch | cost 30% corruption, first "
            "| cost 30% corruption, last | epochs | s / epoch | training s | process s |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for r in autoencoders:
            if r["returncode"] != 0:
                rows.append(
                    f"| {r['tutorial']} | {r['system']} | failed (rc {r['returncode']}) | | | | | | | |"
                )
                continue
            cells = []
            for phase in DA_PHASES:
                curve = r["costs"].get(phase) or [float("nan")]
                cells += [f"{curve[0]:.6f}", f"{curve[-1]:.6f}"]
            rows.append(f"| {r['tutorial']} | {r['system']} | " + " | ".join(cells) + " " + _times(r))
        tables.append("\n".join(rows))
    return "\n\n".join(tables)


def tutorial_arguments(args):
    """The keyword arguments of each tutorial's function that the command
    line sets (none: the tutorial runs as `__main__`)."""
    chosen = {
        "logistic_sgd": {FUNCTIONS["logistic_sgd"][1]: args.logistic_epochs},
        "mlp": {FUNCTIONS["mlp"][1]: args.mlp_epochs},
        "convolutional_mlp": {
            FUNCTIONS["convolutional_mlp"][1]: args.lenet_epochs,
            "nkerns": [int(k) for k in args.lenet_nkerns.split(",")] if args.lenet_nkerns else None,
            "batch_size": args.lenet_batch_size,
        },
        "dA": {FUNCTIONS["dA"][1]: args.dA_epochs, "batch_size": args.dA_batch_size},
    }
    return {
        tutorial: {key: value for key, value in kwargs.items() if value is not None}
        for tutorial, kwargs in chosen.items()
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--systems", default="theano_mlir,theano")
    parser.add_argument("--tutorials", default="logistic_sgd,mlp")
    parser.add_argument("--logistic-epochs", type=int, default=None, help="default: the full run")
    parser.add_argument("--mlp-epochs", type=int, default=None, help="default: the full run (hours)")
    parser.add_argument("--lenet-epochs", type=int, default=None, help="default: the full run (200 epochs)")
    parser.add_argument("--lenet-nkerns", default=None, help="convolutional_mlp's nkerns (default 20,50)")
    parser.add_argument("--lenet-batch-size", type=int, default=None, help="default: the tutorial's, 500")
    parser.add_argument("--dA-epochs", type=int, default=None, help="default: the full run (15 epochs)")
    parser.add_argument("--dA-batch-size", type=int, default=None, help="default: the tutorial's, 20")
    parser.add_argument("--n", default=",".join(map(str, synthetic_mnist.SIZES)), help="train,valid,test")
    parser.add_argument("--floatX", default="float32")
    parser.add_argument("--theano-python", default=THEANO_PYTHON)
    parser.add_argument("--theano-python-mode", action="store_true", help="Theano with cxx= (no g++)")
    parser.add_argument("--verbose", action="store_true", help="echo the tutorials' output")
    parser.add_argument("--json", default=os.path.join(CACHE, "results.json"))
    args = parser.parse_args(argv)

    check_unchanged()
    data = dataset(tuple(int(s) for s in args.n.split(",")))
    arguments = tutorial_arguments(args)
    records = []
    for tutorial in args.tutorials.split(","):
        for system in args.systems.split(","):
            if system == "theano" and not os.path.exists(args.theano_python):
                print(f"skipping Theano: no {args.theano_python}", file=sys.stderr)
                continue
            record = run_one(system, tutorial, arguments[tutorial], args, data)
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

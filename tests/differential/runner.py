"""Runs the differential suite: batches of random graphs, each batch in a
child process, so that a crash (segfault, abort) is caught, reported with
its seed and graph, and counted.

    python -m differential.runner --graphs 10000 --jobs 2    (PYTHONPATH=tests)

ends with the line `N passed, M failed`. A child writes one JSON line when
it starts a graph (with the graph) and one when it has checked it; a child
that dies leaves a started graph without its result, which the parent
counts as failed, and the batch goes on in a new child after that graph.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_child(seed, count, skip, out_path, compiledir):
    """Checks graphs skip..count-1 of the batch drawn with `seed`."""
    os.environ.setdefault("THEANO_MLIR_FLAGS", "")
    from theano_mlir.config import config

    from .graphs import graphs
    from .oracles import check

    config.compiledir = compiledir
    # the oracles compare the general kernel with the one specialized at
    # the second call: it must serve that call
    config.background_compile = False
    with open(out_path, "a", buffering=1) as out:
        _check_batch(seed, count, skip, out, graphs, check)


def _check_batch(seed, count, skip, out, graphs, check):
    """Writes a line before and after checking each graph, so that a graph
    that kills the process is known."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hypothesis_seed

    state = {"index": 0}

    @hypothesis_seed(seed)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=False,
    )
    @given(graphs())
    def run(graph):
        index = state["index"]
        state["index"] += 1
        if index < skip or index >= count:
            return
        number = seed * 1000 + index
        out.write(json.dumps({"start": index, "graph": graph.describe()}) + "\n")
        failures, notes = check(graph, number)
        out.write(json.dumps({"done": index, "failures": failures, "notes": notes}) + "\n")

    run()
    out.write(json.dumps({"end": state["index"]}) + "\n")


def run_batch(seed, count, compiledir, python=sys.executable):
    """Runs one batch in child processes; returns (passed, failures)."""
    passed, failures, skip = 0, [], 0
    with tempfile.TemporaryDirectory() as directory:
        while skip < count:
            out_path = os.path.join(directory, f"batch-{seed}-{skip}.jsonl")
            env = dict(
                os.environ,
                PYTHONPATH=os.pathsep.join(
                    [TESTS_DIR] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
                ),
            )
            process = subprocess.run(
                [
                    python,
                    "-m",
                    "differential.runner",
                    "--child",
                    "--seed",
                    str(seed),
                    "--count",
                    str(count),
                    "--skip",
                    str(skip),
                    "--out",
                    out_path,
                    "--compiledir",
                    compiledir,
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            )
            started, ended = None, False
            records = []
            if os.path.exists(out_path):
                with open(out_path) as f:
                    records = [json.loads(line) for line in f if line.strip()]
            for record in records:
                if "start" in record:
                    started = record
                elif "done" in record:
                    started = None
                    if record["failures"]:
                        failures.append(
                            {
                                "seed": seed,
                                "index": record["done"],
                                "graph": None,
                                "failures": record["failures"],
                            }
                        )
                    else:
                        passed += 1
                    skip = record["done"] + 1
                elif "end" in record:
                    ended = True
            # attach graphs to failures
            graphs = {r["start"]: r["graph"] for r in records if "start" in r}
            for failure in failures:
                if failure["graph"] is None and failure["seed"] == seed:
                    failure["graph"] = graphs.get(failure["index"])
            if ended and process.returncode == 0:
                break
            if started is not None:  # the child died on this graph
                failures.append(
                    {
                        "seed": seed,
                        "index": started["start"],
                        "graph": started["graph"],
                        "failures": [
                            (
                                f"the process died (exit status {process.returncode})"
                                f" checking this graph:\n{process.stdout[-3000:]}"
                            )
                        ],
                    }
                )
                skip = started["start"] + 1
            else:
                failures.append(
                    {
                        "seed": seed,
                        "index": skip,
                        "graph": None,
                        "failures": [
                            (
                                f"the child failed outside a graph (exit status {process.returncode}):\n"
                                f"{process.stdout[-3000:]}"
                            )
                        ],
                    }
                )
                break
    return passed, failures


def run(graphs, jobs=2, batch=50, seed=0, report=None, progress=True):
    """Checks `graphs` graphs in batches of `batch`; returns (passed, failures)."""
    batches = [(seed + k, min(batch, graphs - k * batch)) for k in range((graphs + batch - 1) // batch)]
    passed, failures = 0, []
    start = time.time()
    with tempfile.TemporaryDirectory() as compiledir, ThreadPoolExecutor(jobs) as pool:
        for done, (p, f) in enumerate(pool.map(lambda b: run_batch(b[0], b[1], compiledir), batches)):
            passed += p
            failures += f
            if progress:
                print(
                    f"[{time.time() - start:7.0f} s] batch {done + 1}/{len(batches)}: "
                    f"{passed} passed, {len(failures)} failed",
                    file=sys.stderr,
                    flush=True,
                )
    if report:
        with open(report, "w") as f:
            json.dump(failures, f, indent=1)
    return passed, failures


def format_failure(failure):
    return f"--- seed {failure['seed']} graph {failure['index']}\n{failure['graph'] or ''}" + "\n".join(
        failure["failures"]
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=10000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--report", help="write the failures as JSON to this file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--skip", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--compiledir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.seed, args.count, args.skip, args.out, args.compiledir)
        return 0
    passed, failures = run(args.graphs, args.jobs, args.batch, args.seed, args.report)
    for failure in failures:
        print(format_failure(failure))
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

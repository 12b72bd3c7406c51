"""Runs Theano 1.0.5's own test files, unchanged, against theano_mlir (or,
with --baseline, against real Theano 1.0.5) and reports how many of the
tests that pass on Theano 1.0.5 pass here. See conformance/README.md.

    .venv/bin/python conformance/run.py               # `make conformance`
    python3 conformance/run.py --baseline             # `make conformance-baseline`

The test files come from the theano sdist, downloaded into build/conformance/
at run time. Each file runs in its own pytest process (conformance_plugin.py
loaded) with a time limit; a process that crashes or hangs loses only the
test it was running: the file is run again without the tests already done.
"""

import argparse
import collections
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
CACHE = os.path.join(REPO, "build", "conformance")
SDIST_NAME = "Theano-1.0.5"
SDIST_ROOT = os.path.join(CACHE, "src", SDIST_NAME)
SITE = os.path.join(CACHE, "site")  # the test files' own imports (nose, six, ...)
BASELINE_FILE = os.path.join(HERE, "theano-1.0.5-passing.txt")
BASELINE_VENV = "/tmp/theano105-venv"
BASELINE_FLAGS = "base_compiledir=/tmp/theano105-compiledir,blas.ldflags=,cxx="

#: Files whose tests need Theano's C code (or take hours without it): the
#: baseline runs them with g++ (BASELINE_FLAGS without "cxx="), and
#: theano_mlir with config.cxx set as well (its kernels are compiled code),
#: so that the tests gated on a compiler run on both sides.
C_MODE_FILES = {
    "theano/sandbox/tests/test_rng_mrg.py",
    "theano/tensor/signal/tests/test_pool.py",
    "theano/tensor/nnet/tests/test_conv.py",
    "theano/tensor/nnet/tests/test_abstract_conv.py",
    "theano/tensor/nnet/tests/test_nnet.py",
}
C_MODE_CXX = "cxx=g++"

FILES = [
    "theano/tensor/tests/test_basic.py",
    "theano/tensor/tests/test_subtensor.py",
    "theano/tensor/tests/test_inc_subtensor.py",
    "theano/tensor/tests/test_extra_ops.py",
    "theano/tensor/tests/test_sort.py",
    "theano/tensor/tests/test_elemwise.py",
    "theano/tensor/tests/test_var.py",
    "theano/tensor/tests/test_keepdims.py",
    "theano/tensor/tests/test_sharedvar.py",
    "theano/compile/tests/test_function_module.py",
    "theano/compile/tests/test_pfunc.py",
    "theano/compile/tests/test_shared.py",
    "theano/compile/tests/test_function.py",
    "theano/tests/test_gradient.py",
    "theano/tests/test_2nd_order_grads.py",
    "theano/scan_module/tests/test_scan.py",
    "theano/tests/test_ifelse.py",
    "theano/tensor/nnet/tests/test_conv.py",
    "theano/tensor/nnet/tests/test_abstract_conv.py",
    "theano/tensor/nnet/tests/test_bn.py",
    "theano/tensor/nnet/tests/test_nnet.py",
    "theano/tensor/signal/tests/test_pool.py",
    "theano/tensor/tests/test_shared_randomstreams.py",
    "theano/sandbox/tests/test_rng_mrg.py",
    "theano/tests/test_rop.py",
]

# pytest's exit codes for a run that ended on its own: all passed, some
# failed, interrupted by collection errors, nothing collected.
FINISHED = {0, 1, 2, 5}


def log(message):
    print(message, file=sys.stderr, flush=True)


def run_checked(command, **kwargs):
    log("+ " + " ".join(command))
    subprocess.run(command, check=True, **kwargs)


def ensure_sdist(python):
    """Downloads and extracts the theano sdist (once; build/ is ignored)."""
    if os.path.isfile(os.path.join(SDIST_ROOT, "theano", "tests", "unittest_tools.py")):
        return
    sdist_dir = os.path.join(CACHE, "sdist")
    tarball = os.path.join(sdist_dir, SDIST_NAME + ".tar.gz")
    if not os.path.isfile(tarball):
        run_checked(
            [python, "-m", "pip", "download", "--disable-pip-version-check", "theano==1.0.5"]
            + ["--no-deps", "--no-binary", ":all:", "-d", sdist_dir]
        )
    os.makedirs(os.path.join(CACHE, "src"), exist_ok=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(os.path.join(CACHE, "src"), filter="data")


def ensure_site(python):
    """The test files' third-party imports, beside (not in) .venv."""
    requirements = os.path.join(HERE, "requirements-tests.txt")
    stamp = os.path.join(SITE, ".installed")
    if os.path.isfile(stamp) and os.path.getmtime(stamp) >= os.path.getmtime(requirements):
        return
    run_checked(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
        + ["--upgrade", "--target", SITE, "-r", requirements]
    )
    with open(stamp, "w"):
        pass


def ensure_baseline_venv(venv):
    python = os.path.join(venv, "bin", "python")
    if os.path.isfile(os.path.join(venv, ".conformance-installed")):
        return python
    run_checked(["python3", "-m", "venv", venv])
    run_checked(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"]
        + [os.path.join(HERE, "requirements-baseline.txt")]
    )
    with open(os.path.join(venv, ".conformance-installed"), "w"):
        pass
    return python


def read_jsonl(path):
    records = []
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    pass  # a line cut short by a kill
    return records


def run_file(python, test_file, env, timeout, logs):
    """Runs one test file; returns {test id: {outcome, error}}, the
    collection errors {node id: error} and a status line."""
    done, collect_errors, notes = {}, {}, []
    deadline = time.monotonic() + timeout
    stem = test_file.replace("/", "_")
    with tempfile.TemporaryDirectory() as scratch:
        deselect = os.path.join(scratch, "deselect.txt")
        for attempt in range(1, 50):
            with open(deselect, "w", encoding="utf-8") as f:
                f.write("".join(test_id + "\n" for test_id in done))
            report = os.path.join(scratch, f"report{attempt}.jsonl")
            run_env = dict(env, CONFORMANCE_REPORT=report, CONFORMANCE_DESELECT=deselect)
            command = [python, "-m", "pytest", "-c", os.path.join(HERE, "pytest.ini")]
            command += ["--rootdir", SDIST_ROOT, "-p", "conformance_plugin", "-q", "-rN"]
            command += ["-W", "ignore::DeprecationWarning", test_file]
            with open(os.path.join(logs, f"{stem}.{attempt}.log"), "w") as out:
                process = subprocess.Popen(
                    command, cwd=SDIST_ROOT, env=run_env, stdout=out, stderr=subprocess.STDOUT,
                    start_new_session=True,
                )  # fmt: skip
                timed_out = False
                try:
                    rc = process.wait(timeout=max(1.0, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    timed_out = True
                    os.killpg(process.pid, signal.SIGKILL)
                    rc = process.wait()
            started = []
            for record in read_jsonl(report):
                if "start" in record:
                    started.append(record["start"])
                elif "test" in record:
                    done[record["test"]] = {"outcome": record["outcome"], "error": record["error"]}
                elif "collect_error" in record:
                    collect_errors[record["collect_error"]] = record["error"]
            if not timed_out and rc in FINISHED:
                break
            running = [test_id for test_id in started if test_id not in done]
            if timed_out:
                why = f"timeout: the file ran past its {timeout} s"
            elif rc < 0:
                why = f"crash: the process died of signal {signal.Signals(-rc).name}"
            else:
                why = f"crash: pytest exited with status {rc}"
            notes.append(why)
            if running:
                done[running[-1]] = {"outcome": "failed", "error": why}
            if timed_out or not running:
                if not running and not timed_out:
                    collect_errors.setdefault(test_file, why)
                break
    status = "; ".join(sorted(set(note.split(":")[0] for note in notes))) or "ran"
    if collect_errors and not done:
        status = "import error" if test_file in collect_errors else "collection error"
    return done, collect_errors, status


def read_baseline():
    with open(BASELINE_FILE, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


def why_missing(test_id, collect_errors, status):
    """The reason a baseline test has no result here."""
    owners = [node for node in collect_errors if test_id == node or test_id.startswith(node + "::")]
    if owners:
        return f"not collected: {collect_errors[max(owners, key=len)]}"
    if status.startswith("timeout"):
        return "not run: the file timed out"
    return "not collected"


MISSING_PATTERNS = [
    re.compile(r"has no attribute '([^']+)'"),
    re.compile(r"cannot import name '([^']+)'"),
    re.compile(r"No module named '([^']+)'"),
    re.compile(r"theano_mlir has no ([\w.]+)"),
]


def missing_name(error):
    """The missing name an error is about, spelled as Theano spells it."""
    name = _missing_name(error)
    return re.sub(r"^theano_mlir\b", "theano", name) if name else None


def _missing_name(error):
    for pattern in MISSING_PATTERNS:
        match = pattern.search(error)
        if match:
            module = re.search(r"module '([^']+)' has no attribute", error)
            if module:
                return f"{module.group(1)}.{match.group(1)}"
            importer = re.search(r"cannot import name '[^']+' from '([^']+)'", error)
            if importer:
                return f"{importer.group(1)}.{match.group(1)}"
            return match.group(1)
    return None


def baseline(args):
    python = ensure_baseline_venv(args.venv)
    ensure_sdist(python)
    env = dict(os.environ, PYTHONPATH=HERE, CONFORMANCE_TEST_TIMEOUT=str(args.test_timeout))
    env["THEANO_FLAGS"] = args.theano_flags
    os.makedirs(os.path.join(args.theano_flags_compiledir()), exist_ok=True)
    logs = os.path.join(CACHE, "logs-baseline")
    os.makedirs(logs, exist_ok=True)
    results, summary = {}, {}
    start = time.monotonic()
    # test_basic.py, by far the longest, last.
    for test_file in sorted(args.files, key=lambda name: name.endswith("test_basic.py")):
        t0 = time.monotonic()
        file_env = dict(env)
        if test_file in C_MODE_FILES:
            flags = [f for f in args.theano_flags.split(",") if f and not f.startswith("cxx=")]
            file_env["THEANO_FLAGS"] = ",".join(flags)
        done, collect_errors, status = run_file(python, test_file, file_env, args.timeout, logs)
        results.update({k: v for k, v in done.items()})
        passed = sum(r["outcome"] == "passed" for r in done.values())
        summary[test_file] = {"status": status, "ran": len(done), "passed": passed, "seconds": 0}
        summary[test_file]["seconds"] = round(time.monotonic() - t0)
        log(f"{test_file}: {passed} of {len(done)} passed ({status}, {summary[test_file]['seconds']} s)")
    # Files not run this time keep their earlier lines.
    kept = []
    if os.path.isfile(BASELINE_FILE):
        kept = [t for t in read_baseline() if t.split("::")[0] not in args.files]
    passing = sorted(set(kept) | {t for t, r in results.items() if r["outcome"] == "passed"})
    with open(BASELINE_FILE, "w", encoding="utf-8") as f:
        f.write("# The tests of Theano 1.0.5's own files that pass on Theano 1.0.5 (numpy 1.23.5,\n")
        f.write("# scipy 1.10.1, Python 3.11, g++). Made by `make conformance-baseline`; see README.md.\n")
        f.write("".join(t + "\n" for t in passing))
    # baseline.json likewise keeps the earlier record of the files not run.
    record_path = os.path.join(CACHE, "baseline.json")
    record = {"files": {}, "tests": {}}
    if os.path.isfile(record_path):
        with open(record_path, encoding="utf-8") as f:
            record = json.load(f)
    record["files"] = {k: v for k, v in record["files"].items() if k not in args.files}
    record["tests"] = {k: v for k, v in record["tests"].items() if k.split("::")[0] not in args.files}
    record["files"].update(summary)
    record["tests"].update(results)
    with open(record_path, "w", encoding="utf-8") as f:
        json.dump(record, f, indent=1, sort_keys=True)
    log(f"{len(passing)} passing tests written to {BASELINE_FILE} in {round(time.monotonic() - start)} s")
    return 0


def conformance(args):
    python = sys.executable
    ensure_sdist(python)
    ensure_site(python)
    env = dict(os.environ, CONFORMANCE_TARGET="theano_mlir", CONFORMANCE_SDIST=SDIST_ROOT)
    env["PYTHONPATH"] = os.pathsep.join([HERE, SITE])
    env["CONFORMANCE_TEST_TIMEOUT"] = str(args.test_timeout)
    env.pop("THEANO_FLAGS", None)
    logs = os.path.join(CACHE, "logs")
    os.makedirs(logs, exist_ok=True)
    expected = collections.defaultdict(list)
    for test_id in read_baseline():
        expected[test_id.split("::")[0]].append(test_id)

    tests, files = {}, {}
    start = time.monotonic()
    for test_file in args.files:
        t0 = time.monotonic()
        file_env = dict(env, THEANO_FLAGS=C_MODE_CXX) if test_file in C_MODE_FILES else env
        done, collect_errors, status = run_file(python, test_file, file_env, args.timeout, logs)
        passed = 0
        for test_id in expected[test_file]:
            result = done.get(test_id)
            if result is None:
                entry = {"result": "fail", "error": why_missing(test_id, collect_errors, status)}
            elif result["outcome"] == "passed":
                entry, passed = {"result": "pass", "error": ""}, passed + 1
            else:
                error = result["error"] or result["outcome"]
                entry = {
                    "result": "fail",
                    "error": ("skipped: " if result["outcome"] == "skipped" else "") + error,
                }
            tests[test_id] = dict(entry, baseline=True)
        for test_id, result in done.items():
            if test_id not in tests:
                outcome = "pass" if result["outcome"] == "passed" else "fail"
                tests[test_id] = {"result": outcome, "error": result["error"], "baseline": False}
        seconds = round(time.monotonic() - t0)
        files[test_file] = {"baseline": len(expected[test_file]), "passed": passed, "status": status}
        files[test_file].update(seconds=seconds, collect_errors=collect_errors)
        log(f"{test_file}: {passed} of {len(expected[test_file])} ({status}, {seconds} s)")
    elapsed = round(time.monotonic() - start)

    failures = [t["error"][:300] for t in tests.values() if t["baseline"] and t["result"] == "fail"]
    top_errors = collections.Counter(failures).most_common(args.top)
    names = collections.Counter(filter(None, map(missing_name, failures))).most_common(args.top)
    probe = subprocess.run(
        [python, os.path.join(HERE, "probe.py"), *args.files],
        cwd=SDIST_ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    try:
        static_missing = json.loads(probe.stdout)
    except ValueError:
        static_missing = {"(probe.py failed)": [probe.stderr.strip().splitlines()[-1:]]}
    report = {
        "files": files,
        "static_missing_names": static_missing,
        "total": {
            "baseline": sum(f["baseline"] for f in files.values()),
            "passed": sum(f["passed"] for f in files.values()),
            "seconds": elapsed,
        },
        "top_errors": top_errors,
        "top_missing_names": names,
        "tests": tests,
    }
    path = os.path.join(CACHE, "results.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, sort_keys=True)

    print_table(files, elapsed)
    print(f"\nThe {args.top} most common first error lines (of {len(failures)} failing baseline tests):")
    for error, count in top_errors:
        print(f"{count:6d}  {error[:160]}")
    print(f"\nThe {args.top} most common missing names:")
    for name, count in names:
        print(f"{count:6d}  {name}")
    ranked = sorted(static_missing.items(), key=lambda item: (-len(item[1]), item[0]))
    print(
        f"\nNames the files (and unittest_tools) use that theano_mlir lacks: {len(ranked)}"
        f"; the {args.top} used by most files (all in results.json, static_missing_names):"
    )
    for name, users in ranked[: args.top]:
        print(f"{len(users):6d}  {name}")
    print(f"\nPer test: {os.path.relpath(path, REPO)}; pytest's output: {os.path.relpath(logs, REPO)}/")
    return 0


def percent(passed, total):
    return f"{100.0 * passed / total:5.1f}%" if total else "    -"


def print_table(files, elapsed):
    width = max(len(name) for name in files) + 2
    print(f"\n{'file':{width}s}{'Theano':>8s}{'here':>8s}{'%':>8s}  status")
    for name, row in files.items():
        print(
            f"{name:{width}s}{row['baseline']:8d}{row['passed']:8d}"
            f"{percent(row['passed'], row['baseline']):>8s}  {row['status']}"
        )
    total, passed = sum(r["baseline"] for r in files.values()), sum(r["passed"] for r in files.values())
    print(f"{'total':{width}s}{total:8d}{passed:8d}{percent(passed, total):>8s}  ({elapsed} s)")
    print("(Theano: tests passing on Theano 1.0.5; here: of those, passing on theano_mlir)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", action="store_true", help="run on Theano 1.0.5, rewrite the baseline")
    parser.add_argument("--venv", default=BASELINE_VENV, help="the baseline's scratch venv (made if missing)")
    parser.add_argument("--theano-flags", default=BASELINE_FLAGS, help="THEANO_FLAGS for the baseline")
    parser.add_argument("--timeout", type=int, default=None, help="seconds per file (900; baseline 2400)")
    parser.add_argument("--test-timeout", type=int, default=300, help="seconds per test (0: none)")
    parser.add_argument("--top", type=int, default=15, help="how many error lines to list")
    parser.add_argument("files", nargs="*", help="some of the files (default: all)")
    args = parser.parse_args(argv)
    args.files = [f if f.startswith("theano/") else "theano/" + f for f in args.files] or FILES
    if args.timeout is None:
        args.timeout = 2400 if args.baseline else 900

    def compiledir():
        match = re.search(r"base_compiledir=([^,]+)", args.theano_flags)
        return match.group(1) if match else tempfile.gettempdir()

    args.theano_flags_compiledir = compiledir
    return baseline(args) if args.baseline else conformance(args)


if __name__ == "__main__":
    sys.exit(main())

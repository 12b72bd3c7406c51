"""pytest plugin for the conformance run (`-p conformance_plugin`).

Loaded the same way for the baseline (real Theano 1.0.5) and for
theano_mlir, so that both runs collect the same test ids. It:

* with CONFORMANCE_TARGET=theano_mlir, installs theano_mlir's alias and,
  ahead of it, a finder that loads Theano's test-support modules (every
  `theano.*.tests*` name) from the extracted sdist (CONFORMANCE_SDIST);
  every other `theano.*` name is theano_mlir's;
* gives back what nose gave these nose-era files: generator ("yield")
  tests, one item per yielded call (after the class's setup_class and
  setUp, as nose ran them), and nose's SkipTest as a skip;
* restores the numpy names removed since numpy 1.24 that the test files
  use (`np.float`, `np.complex`, `np.cast`, `np.find_common_type`,
  `np.product`, `np.MAXDIMS`,
  `numpy.testing.dec`), only
  where numpy lacks them;
* writes one JSON line per test (and per collection error) to
  CONFORMANCE_REPORT as it goes, so a file that hangs or crashes keeps
  what ran before; CONFORMANCE_DESELECT names a file of test ids to leave
  out (those already run before a crash).
"""

import importlib.abc
import importlib.util
import inspect
import json
import os
import signal
import sys
import unittest

import numpy
import numpy.testing as numpy_testing
import pytest

TESTS_PARTS = ("tests",)


class SdistTestsFinder(importlib.abc.MetaPathFinder):
    """`theano.X.tests[.Y]` from the sdist's files, whatever `theano` is."""

    def __init__(self, root):
        self.root = root

    def find_spec(self, fullname, path=None, target=None):
        parts = fullname.split(".")
        if parts[0] != "theano" or not any(p in TESTS_PARTS for p in parts[1:]):
            return None
        base = os.path.join(self.root, *parts)
        if os.path.isfile(os.path.join(base, "__init__.py")):
            return importlib.util.spec_from_file_location(
                fullname, os.path.join(base, "__init__.py"), submodule_search_locations=[base]
            )
        if os.path.isfile(base + ".py"):
            return importlib.util.spec_from_file_location(fullname, base + ".py")
        return None


def _install_theano_mlir():
    import theano_mlir.alias  # noqa: PLC0415 (the baseline's venv has no theano_mlir)

    sdist = os.environ["CONFORMANCE_SDIST"]
    theano_mlir.alias.install()  # at sys.meta_path[0]
    sys.meta_path.insert(0, SdistTestsFinder(sdist))


class _Cast:
    """numpy < 1.24's `np.cast[dtype](x)`."""

    def __getitem__(self, dtype):
        return lambda x: numpy.asarray(x).astype(dtype)


class _Dec:
    """The parts of numpy < 1.25's `numpy.testing.dec` the files use."""

    @staticmethod
    def _cond(cond):
        return bool(cond() if callable(cond) else cond)

    def skipif(self, cond, msg=None):
        return pytest.mark.skipif(self._cond(cond), reason=msg or "skipif")

    def knownfailureif(self, cond, msg=None):
        return pytest.mark.skipif(self._cond(cond), reason=msg or "known failure")

    @staticmethod
    def slow(f):
        return f

    @staticmethod
    def setastest(tf=True):
        def set_test(f):
            f.__test__ = tf
            return f

        return set_test


_KINDS = "buifcSUVOMm"  # numpy 1.23's order of kinds (numerictypes._kind_list)


def _find_common_type(array_types, scalar_types):
    """numpy < 2's `np.find_common_type` (numpy 1.23's semantics), by
    result_type/promote_types as numpy's deprecation note says: the arrays'
    common type, unless the scalars' is of a higher kind (then both
    promoted)."""
    arrays = numpy.result_type(*array_types) if len(array_types) else None
    scalars = numpy.result_type(*scalar_types) if len(scalar_types) else None
    if arrays is None or scalars is None:
        return scalars if arrays is None else arrays
    if arrays.kind not in _KINDS or scalars.kind not in _KINDS:
        return None
    if _KINDS.index(scalars.kind) > _KINDS.index(arrays.kind):
        return numpy.promote_types(scalars, arrays)
    return arrays


def _numpy_shims():
    for name, value in (("float", float), ("int", int), ("bool", bool), ("complex", complex)):
        if name not in numpy.__dict__:
            setattr(numpy, name, value)
    if "object" not in numpy.__dict__:
        numpy.object = object
    if "cast" not in numpy.__dict__:
        numpy.cast = _Cast()
    if "find_common_type" not in numpy.__dict__:
        numpy.find_common_type = _find_common_type
    if "product" not in numpy.__dict__:
        numpy.product = numpy.prod
    if "MAXDIMS" not in numpy.__dict__:
        numpy.MAXDIMS = 32  # numpy 1's NPY_MAXDIMS
    if "dec" not in numpy_testing.__dict__:
        numpy_testing.dec = _Dec()


_numpy_shims()
if os.environ.get("CONFORMANCE_TARGET") == "theano_mlir":
    _install_theano_mlir()


# --- nose's generator tests -------------------------------------------------


class YieldItem(pytest.Item):
    def __init__(self, *, call, args, **kwargs):
        super().__init__(**kwargs)
        self.call, self.args = call, args

    def runtest(self):
        self.call(*self.args)

    def reportinfo(self):
        # a line (the generator's), which pytest's skip reports need
        code = getattr(self.call, "__code__", None)
        return self.path, (code.co_firstlineno - 1) if code else 0, self.name


class YieldTests(pytest.Collector):
    """A nose generator test: each yielded (callable, *args) is one item."""

    def __init__(self, *, function, **kwargs):
        super().__init__(**kwargs)
        self.function = function

    def collect(self):
        owner = getattr(self.parent, "obj", None)
        function = self.function
        if inspect.isclass(owner):
            # nose's class fixtures, which the generator's tests rely on
            setup_class = getattr(owner, "setup_class", None)
            if setup_class is not None and not getattr(owner, "_conformance_set_up", False):
                setup_class()
                owner._conformance_set_up = True
            instance = owner()
            for name in ("setUp", "setup"):
                if callable(getattr(instance, name, None)):
                    getattr(instance, name)()
                    break
            function = getattr(instance, self.name)
        for index, test in enumerate(function()):
            if not isinstance(test, tuple):
                test = (test,)
            yield YieldItem.from_parent(self, name=f"[{index}]", call=test[0], args=test[1:])


@pytest.hookimpl(tryfirst=True)
def pytest_pycollect_makeitem(collector, name, obj):
    if name.startswith("test") and inspect.isgeneratorfunction(obj):
        owner = getattr(collector, "obj", None)
        if inspect.isclass(owner) and issubclass(owner, unittest.TestCase):
            return None  # unittest runs it (as nose did: the generator is not iterated)
        return YieldTests.from_parent(collector, name=name, function=obj)
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    outcome = yield
    excinfo = outcome.excinfo
    if excinfo is not None and isinstance(excinfo[1], unittest.SkipTest):
        outcome.force_exception(pytest.skip.Exception(str(excinfo[1]) or "SkipTest", _use_item_location=True))


# --- what ran, one JSON line each ------------------------------------------

_report_file = None
_test_timeout = int(os.environ.get("CONFORMANCE_TEST_TIMEOUT", "0"))
_results = {}


def _write(record):
    if _report_file is not None:
        _report_file.write(json.dumps(record) + "\n")
        _report_file.flush()


def _first_line(report):
    longrepr = report.longrepr
    if longrepr is None:
        return ""
    if isinstance(longrepr, tuple):  # a skip: (path, lineno, reason)
        return str(longrepr[2]).splitlines()[0] if str(longrepr[2]) else ""
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None and crash.message:
        return crash.message.strip().splitlines()[0]
    text = str(longrepr)
    errors = [line[4:].strip() for line in text.splitlines() if line.startswith("E   ")]
    if errors:
        # A collection error lists the traceback's lines then the exception.
        for line in reversed(errors):
            if line and ("Error" in line or "Exception" in line):
                return line
        return errors[-1]
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def pytest_configure(config):
    global _report_file
    path = os.environ.get("CONFORMANCE_REPORT")
    if path:
        _report_file = open(path, "a", encoding="utf-8")


def pytest_unconfigure(config):
    if _report_file is not None:
        _report_file.close()


def pytest_collection_modifyitems(session, config, items):
    path = os.environ.get("CONFORMANCE_DESELECT")
    if not path or not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as f:
        leave_out = {line.strip() for line in f if line.strip()}
    kept = [item for item in items if item.nodeid not in leave_out]
    dropped = [item for item in items if item.nodeid in leave_out]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_collectreport(report):
    if report.failed:
        _write({"collect_error": report.nodeid, "error": _first_line(report)})


def pytest_runtest_logstart(nodeid, location):
    _write({"start": nodeid})


def _alarm(signum, frame):
    raise TimeoutError(f"the test ran past {_test_timeout} s (CONFORMANCE_TEST_TIMEOUT)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    if _test_timeout > 0:
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(_test_timeout)
    try:
        yield
    finally:
        if _test_timeout > 0:
            signal.alarm(0)


def pytest_runtest_logreport(report):
    state = _results.setdefault(report.nodeid, {"outcome": "passed", "error": ""})
    if report.failed and state["outcome"] != "failed":
        state["outcome"], state["error"] = "failed", _first_line(report) or report.when
    elif report.skipped and state["outcome"] == "passed":
        state["outcome"], state["error"] = "skipped", _first_line(report)
    if report.when == "teardown":
        _write({"test": report.nodeid, **state})

"""The oracles one graph is checked by, all in one run:

- numpy: every output's dtype (Theano's rule, the variable's), shape and
  values against the graph's float64 reference;
- modes: FAST_RUN, FAST_COMPILE and FAST_RUN with one optional optimization
  excluded (which one rotates with the graph's number) give the reference's
  values, gradients included;
- kernels: the general kernel (first call) and the shape-specialized one
  (second and third calls) agree;
- export: the function exported and loaded by `runtime.load` agrees;
- gradients: `T.grad` of a weighted sum of the float64 outputs against
  central finite differences of the numpy reference, away from kinks;
- bad inputs: one kind per graph (rotating): wrong rank, dtype, shape,
  broadcastable size, argument count, NaN/inf, size-0 dimensions,
  non-contiguous/negative-stride/read-only/Fortran arrays, Python lists and
  scalars. Theano's TypeError/ValueError or numpy's result, and no shared
  value changed by a call that raised.

`check(graph, number)` returns the failures (strings); an exception of
another type than those expected is a failure too.
"""

import os
import tempfile

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.lowering import pipelines
from theano_mlir.runtime import load

from .graphs import Rejected

EXCLUDABLE = sorted(pipelines.OPTIMIZATIONS)
BAD_INPUT_KINDS = (
    "ndim",
    "dtype",
    "shape",
    "broadcastable",
    "arity",
    "nonfinite",
    "empty",
    "layout",
    "python",
)

#: (rtol, atol relative to the graph's largest magnitude) by dtype
TOLERANCES = {"float16": (1e-2, 2e-3), "float32": (2e-4, 2e-5), "float64": (1e-9, 1e-11)}


class Failure(Exception):
    pass


def compare(what, actual, expected, dtype, scale, lenient=False, precision=None):
    """Raises Failure unless `actual` is `expected` (the reference) as
    numpy would compute it in `dtype`. `lenient`: a rewritten graph may give
    a finite value where the naive one overflows or is NaN (Theano's
    stabilizations and simplifications)."""
    actual = np.asarray(actual)
    if actual.dtype != np.dtype(dtype):
        raise Failure(f"{what}: dtype {actual.dtype}, expected {dtype}")
    if actual.shape != expected.shape:
        raise Failure(f"{what}: shape {actual.shape}, expected {expected.shape}")
    if actual.dtype.kind != "f":
        if not np.array_equal(actual, expected.astype(actual.dtype)):
            bad = np.argwhere(actual != expected.astype(actual.dtype))[:3].tolist()
            raise Failure(f"{what}: values differ at {bad}:\n  got {actual}\n  expected {expected}")
        return
    a = actual.astype(np.float64)
    e = expected.astype(actual.dtype).astype(np.float64)
    # a float64 computed from float32 values is as precise as float32
    rtol, atol = TOLERANCES[precision or actual.dtype.name]
    nonfinite = ~np.isfinite(e)
    ok = np.zeros(a.shape, bool)
    with np.errstate(all="ignore"):
        ok |= np.isnan(a) & np.isnan(e)
        ok |= np.isinf(e) & (a == e)
        finite = np.isfinite(a) & np.isfinite(e)
        ok |= finite & (np.abs(a - e) <= rtol * np.abs(e) + atol * scale)
        if lenient:  # where the graph as written is NaN, a rewrite may define it
            ok |= (nonfinite & np.isfinite(a)) | np.isnan(e)
    if not ok.all():
        where = np.argwhere(~ok)[:3].tolist()
        raise Failure(
            f"{what}: values differ at {where}:\n  got {actual}\n  expected {e.astype(actual.dtype)}"
        )


def _near_differences(actual, expected, what):
    """A derivative against its finite differences (float64, away from
    kinks): close relative to itself and to the largest difference."""
    scale = max(1.0, float(np.max(np.abs(expected))) if np.size(expected) else 1.0)
    actual = np.asarray(actual)
    if actual.shape != expected.shape or not np.allclose(
        actual, expected, rtol=1e-4, atol=1e-5 * scale, equal_nan=True
    ):
        raise Failure(f"{what}:\n  got {actual}\n  expected {expected}")


def _gradient_inputs(graph):
    """The float64 inputs to differentiate for, when the whole graph
    computes in float64 (finite differences need it) and is smooth where
    the inputs are."""
    floats = [v for v in graph.values if v.variable.dtype.startswith("float")]
    if not floats or any(v.variable.dtype != "float64" for v in floats):
        return []
    if graph.kink_distance < 1e-3:
        return []
    return [i for i, v in enumerate(graph.inputs) if v.dtype == "float64"]


class Checker:
    def __init__(self, graph, number):
        self.graph = graph
        self.number = number
        self.notes = []
        self.rng = np.random.default_rng(number)
        dtypes = {v.variable.dtype for v in graph.values}
        self.precision = next((d for d in ("float16", "float32") if d in dtypes), None)

    # ---------------------------------------------------------------- setup
    def build_outputs(self):
        graph = self.graph
        outputs = graph.output_variables
        self.grad_wrt, self.rop_count = [], 0
        float64_outputs = [o for o in outputs if o.dtype == "float64"]
        wrt = _gradient_inputs(graph)
        if wrt and float64_outputs:
            self.weights = self.rng.uniform(0.5, 1.5, size=len(float64_outputs))
            cost = sum(float(w) * T.sum(o) for w, o in zip(self.weights, float64_outputs))
            try:
                grads = theano.grad(cost, [graph.inputs[i] for i in wrt], disconnected_inputs="ignore")
            except (TypeError, NotImplementedError, ValueError) as error:
                self.notes.append(f"no gradient: {type(error).__name__}: {error}")
            else:
                self.grad_wrt = wrt
                outputs = outputs + list(grads)
            outputs = outputs + self.build_rops(float64_outputs, wrt)
        return outputs

    def build_rops(self, float64_outputs, wrt):
        """T.Rop of the float64 outputs along tangents of the inputs
        differentiated for (none where Rop refuses the graph). A tangent is
        sin(a x + b) of its input, so that it has the input's shape in the
        calls of the bad-input oracle too."""
        graph = self.graph
        scales = self.rng.uniform(0.5, 2.0, size=(len(wrt), 2))
        self.tangents = [np.sin(a * graph.input_values[i] + b) for i, (a, b) in zip(wrt, scales)]
        if not self.grad_wrt:
            return []
        try:
            rops = T.Rop(
                float64_outputs,
                [graph.inputs[i] for i in wrt],
                [T.sin(float(a) * graph.inputs[i] + float(b)) for i, (a, b) in zip(wrt, scales)],
                disconnected_outputs="ignore",
            )
        except (TypeError, NotImplementedError, ValueError) as error:
            self.notes.append(f"no Rop: {type(error).__name__}: {error}")
            return []
        self.rop_count = len(rops)
        return list(rops)

    def reset_shared(self, values=None):
        values = values or self.graph.input_values
        explicit = len(self.graph.explicit_inputs)
        for (variable, _), value in zip(self.graph.shared, values[explicit:]):
            variable.set_value(np.array(value, copy=True))

    def shared_values(self):
        return [np.array(s.get_value(), copy=True) for s, _ in self.graph.shared]

    def call(self, f, args):
        self.reset_shared()
        results = f(*args)
        return list(results), self.shared_values()

    # -------------------------------------------------------------- oracles
    def expected(self, refs):
        graph = self.graph
        outputs = [refs[i] for i in graph.outputs]
        first_shared = len(graph.explicit_inputs)
        shared = [
            refs[update] if update is not None else refs[first_shared + k]
            for k, (_, update) in enumerate(graph.shared)
        ]
        return outputs, shared

    def compare_results(self, what, results, shared, refs, lenient, scale=None):
        graph = self.graph
        scale = graph.scale if scale is None else scale
        outputs, expected_shared = self.expected(refs)
        for k, (variable, actual, expected) in enumerate(zip(graph.output_variables, results, outputs)):
            compare(
                f"{what}: output {k} ({variable})",
                actual,
                expected,
                variable.dtype,
                scale,
                lenient,
                self.precision,
            )
        for (variable, _), actual, expected in zip(graph.shared, shared, expected_shared):
            compare(
                f"{what}: shared {variable} after the call",
                actual,
                expected,
                variable.dtype,
                scale,
                lenient,
                self.precision,
            )

    def compare_grads(self, what, results, reference_grads):
        for k, (actual, expected) in enumerate(zip(results[len(self.graph.outputs) :], reference_grads)):
            compare(
                f"{what}: gradient {k}",
                actual,
                np.asarray(expected),
                "float64",
                max(1.0, float(np.max(np.abs(expected))) if np.size(expected) else 1.0),
            )

    def finite_differences(self):
        """Central differences of the numpy reference's weighted cost."""
        graph = self.graph
        float64_outputs = [i for i in graph.outputs if graph.values[i].variable.dtype == "float64"]

        def cost(values):
            refs = graph.evaluate(values)
            return sum(w * float(np.sum(refs[i])) for w, i in zip(self.weights, float64_outputs))

        grads = []
        for index in self.grad_wrt:
            base = [np.array(v, dtype=v.dtype, copy=True) for v in graph.input_values]
            x = base[index]
            grad = np.zeros(x.shape)
            for position in np.ndindex(x.shape):
                h = 1e-6 * max(1.0, abs(float(x[position])))
                plus = [b.copy() for b in base]
                minus = [b.copy() for b in base]
                plus[index][position] += h
                minus[index][position] -= h
                grad[position] = (cost(plus) - cost(minus)) / (2 * h)
            grads.append(grad)
        return grads

    def directional_differences(self):
        """Central differences of each float64 output of the numpy reference
        along the tangents (the Rop's finite-difference counterpart)."""
        graph = self.graph
        float64_outputs = [i for i in graph.outputs if graph.values[i].variable.dtype == "float64"]
        base = [np.array(v, dtype=v.dtype, copy=True) for v in graph.input_values]
        size = max([1.0] + [float(np.max(np.abs(base[i]))) for i in self.grad_wrt if base[i].size])
        h = 1e-6 * size
        plus = [b.copy() for b in base]
        minus = [b.copy() for b in base]
        for index, tangent in zip(self.grad_wrt, self.tangents):
            plus[index] = plus[index] + h * tangent
            minus[index] = minus[index] - h * tangent
        up, down = graph.evaluate(plus), graph.evaluate(minus)
        return [
            (np.asarray(up[i], np.float64) - np.asarray(down[i], np.float64)) / (2 * h)
            for i in float64_outputs
        ]

    def run(self):
        graph = self.graph
        outputs = self.build_outputs()
        args = graph.input_values[: len(graph.explicit_inputs)]
        refs = [v.reference for v in graph.values]
        excluded = EXCLUDABLE[self.number % len(EXCLUDABLE)]
        modes = [
            ("FAST_RUN", "FAST_RUN"),
            ("FAST_COMPILE", "FAST_COMPILE"),
            (f"FAST_RUN excluding {excluded}", theano.Mode().excluding(excluded)),
        ]
        grad_results = {}
        functions = {}
        for label, mode in modes:
            f = theano.function(
                graph.explicit_inputs, outputs, mode=mode, updates=graph.updates, on_unused_input="ignore"
            )
            functions[label] = f
            calls = 3 if label == "FAST_RUN" else 1  # general, then specialized kernels
            for call in range(calls):
                what = f"{label} call {call + 1}" + (" (specialized)" if call else "")
                results, shared = self.call(f, args)
                self.compare_results(what, results, shared, refs, lenient=label != "FAST_COMPILE")
                grad_results[what] = results
        if self.grad_wrt:
            reference = grad_results["FAST_COMPILE call 1"][len(graph.outputs) :]
            for what, results in grad_results.items():
                self.compare_grads(what + " vs FAST_COMPILE", results, reference)
            for k, (actual, expected) in enumerate(zip(reference, self.finite_differences())):
                _near_differences(
                    actual,
                    expected,
                    f"gradient {k} (wrt {graph.inputs[self.grad_wrt[k]]}) against finite differences",
                )
            rops = reference[len(self.grad_wrt) : len(self.grad_wrt) + self.rop_count]
            for k, (actual, expected) in enumerate(zip(rops, self.directional_differences() if rops else [])):
                _near_differences(
                    actual, expected, f"Rop of float64 output {k} against directional finite differences"
                )
        f = functions["FAST_RUN"]
        self.check_export(f, args, refs)
        self.check_bad_input(functions["FAST_RUN"], args)

    def check_export(self, f, args, refs):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, "f.theano")
            self.reset_shared()
            f.export(path)
            loaded = load(path)
            results = list(loaded(*args))
            used = {v.name for v in f._shared}
            shared = [
                np.array(loaded.get_shared_value(s.name) if s.name in used else s.get_value(), copy=True)
                for s, _ in self.graph.shared
            ]
            self.compare_results("exported", results, shared, refs, lenient=True)

    # ----------------------------------------------------------- bad inputs
    def expect_error(self, f, what, args, errors=(TypeError, ValueError, IndexError)):
        before = self.shared_values()
        try:
            f(*args)
        except errors:
            pass
        else:
            raise Failure(f"{what}: no {'/'.join(e.__name__ for e in errors)} raised")
        for (variable, _), old in zip(self.graph.shared, before):
            if not np.array_equal(variable.get_value(), old, equal_nan=True):
                raise Failure(f"{what}: the failed call changed shared {variable}")

    def expect_reference(self, f, what, args, values, lenient=True, error_if_rejected=True):
        """The result numpy gives for `values` (all inputs, shared last), or
        Theano's ValueError where numpy refuses."""
        try:
            refs = self.graph.evaluate(values)
        except Rejected:
            if error_if_rejected:
                self.reset_shared(values)
                self.expect_error(f, what, args)
            return
        self.reset_shared(values)
        results = list(f(*args))
        shared = self.shared_values()
        scale = max(
            [self.graph.scale]
            + [
                float(np.max(np.abs(np.where(np.isfinite(r), r, 0))))
                for r in refs
                if r is not None and r.size and r.dtype.kind == "f"
            ]
        )
        self.compare_results(what, results, shared, refs, lenient, scale=scale)

    def check_bad_input(self, f, args):
        graph = self.graph
        kind = BAD_INPUT_KINDS[self.number % len(BAD_INPUT_KINDS)]
        explicit = graph.explicit_inputs
        values = list(graph.input_values)
        what = f"bad input ({kind})"
        if kind == "arity":
            self.reset_shared()
            self.expect_error(
                f, what + ": one argument too many", list(args) + [args[0] if args else 1.0], (TypeError,)
            )
            if args:
                self.expect_error(f, what + ": one argument missing", list(args)[:-1], (TypeError,))
            return
        if not explicit:
            return
        k = int(self.rng.integers(len(explicit)))
        variable, value = explicit[k], args[k]
        if kind == "ndim":
            bad = list(args)
            bad[k] = value[np.newaxis]
            self.reset_shared()
            self.expect_error(f, what, bad, (TypeError,))
        elif kind == "dtype":
            given = {"float32": "float64", "float64": "complex128", "bool": "int8", "uint8": "int8"}.get(
                variable.dtype, "float64"
            )
            bad = list(args)
            bad[k] = value.astype(given)
            self.reset_shared()
            self.expect_error(f, what + f": {given} into {variable.type}", bad, (TypeError,))
        elif kind in ("shape", "broadcastable"):
            axes = [d for d in range(variable.ndim) if variable.broadcastable[d] == (kind == "broadcastable")]
            if not axes:
                return
            d = axes[int(self.rng.integers(len(axes)))]
            if value.shape[d]:  # one more slice, a copy of the last
                grown = np.concatenate([value, np.take(value, [-1], axis=d)], axis=d)
            else:
                grown = np.zeros(value.shape[:d] + (1,) + value.shape[d + 1 :], value.dtype)
            bad = list(args)
            bad[k] = grown
            if kind == "broadcastable":
                self.reset_shared()
                self.expect_error(f, what + f": size {grown.shape[d]} on broadcastable axis {d}", bad)
            else:
                values[k] = grown
                self.expect_reference(
                    f, what + f": axis {d} of {variable} grown to {grown.shape[d]}", bad, values
                )
        elif kind == "nonfinite":
            if any(s.op.name in ("cast",) for s in graph.steps):
                return  # NaN to an integer is undefined behaviour in numpy too
            floats = [i for i, v in enumerate(explicit) if v.dtype.startswith("float") and args[i].size]
            if not floats:
                return
            bad = list(args)
            for i in floats:
                poisoned = np.array(args[i], copy=True)
                flat = poisoned.reshape(-1)
                for special in (np.nan, np.inf, -np.inf):
                    flat[int(self.rng.integers(flat.size))] = special
                bad[i] = poisoned
                values[i] = poisoned
            self.expect_reference(f, what, bad, values, error_if_rejected=False)
        elif kind == "empty":
            axes = [d for d in range(variable.ndim) if not variable.broadcastable[d]]
            if not axes:
                return
            d = axes[int(self.rng.integers(len(axes)))]
            size = value.shape[d]
            offset = value.ndim - d
            emptied = []
            for v, arr in zip(graph.inputs, values):
                arr = np.asarray(arr)
                if arr.ndim >= offset and not v.broadcastable[-offset] and arr.shape[-offset] == size:
                    arr = np.take(arr, [], axis=arr.ndim - offset)
                emptied.append(arr)
            self.expect_reference(
                f, what + f": axis {d} of {variable} empty", emptied[: len(explicit)], emptied
            )
        elif kind == "layout":
            bad = []
            for arr in args:
                choice = int(self.rng.integers(4))
                if arr.ndim == 0:
                    bad.append(arr)
                elif choice == 0:  # every other element of a larger array
                    bad.append(np.repeat(arr, 2, axis=-1)[..., ::2])
                elif choice == 1:  # negative strides
                    bad.append(np.flip(np.flip(arr, axis=0).copy(), axis=0))
                elif choice == 2:
                    ro = np.array(arr, copy=True)
                    ro.setflags(write=False)
                    bad.append(ro)
                else:
                    bad.append(np.asfortranarray(arr))
            self.expect_reference(f, what, bad, values)
        elif kind == "python":
            bad = [a.tolist() if a.ndim else a.item() for a in args]
            try:
                self.expect_reference(f, what, bad, values)
            except TypeError as error:
                # Theano refuses a Python value only where converting it loses information
                for a, v in zip(args, explicit):
                    if np.array_equal(np.asarray(a.tolist(), dtype=v.dtype), a):
                        continue
                    return
                raise Failure(f"{what}: {error}") from None


def check(graph, number):
    checker = Checker(graph, number)
    try:
        checker.run()
    except Failure as failure:
        return [str(failure)], checker.notes
    except Exception as error:  # noqa: BLE001 - any other exception is a defect
        import traceback

        return [
            f"unexpected {type(error).__name__}: {error}\n{traceback.format_exc(limit=-4)}"
        ], checker.notes
    return [], checker.notes

"""theano.gradient: symbolic differentiation (tensor/differentiation.py) and
verify_grad, which checks a gradient against finite differences of
compiled functions."""

import builtins

import numpy as np

from . import compile as compile_module
from . import dtypes
from .tensor.basic import as_tensor_variable, sum as tensor_sum
from .tensor.differentiation import (  # noqa: F401 (theano.gradient's names)
    DisconnectedInputError,
    DisconnectedType,
    Grad,
    GradClip,
    GradScale,
    Jacobian,
    Lop,
    NullTypeGradError,
    Rop,
    StopGradient,
    UndefinedGrad,
    consider_constant,
    consider_constant_,
    disconnected_grad,
    disconnected_grad_,
    grad,
    grad_clip,
    grad_scale,
    hessian,
    undefined_grad,
    undefined_grad_,
    jacobian,
    zero_grad,
    zero_grad_,
)
from .gof.null_type import NullType
from .tensor.type import TensorType


def subgraph_grad(wrt, end, start=None, cost=None, details=False):
    """Backpropagation through a part of a graph (Theano's): the gradients of
    `cost` and/or of the known gradients `start` (a dict variable ->
    gradient) with respect to the lists `wrt` and `end`, the graph cut at
    `end` (treated as constants). Returns (wrt_grads, end_grads), plus
    (start_grads, cost_grads) when `details`; end_grads serve as the next
    subgraph's `start`."""
    assert cost is not None or start is not None
    assert isinstance(end, list)
    assert isinstance(wrt, list)
    if start is not None:
        assert isinstance(start, dict)
    params = list({id(p): p for p in wrt + end}.values())
    start_grads = cost_grads = None
    if start is not None:
        start_grads = list(
            grad(
                cost=None, wrt=params, known_grads=start, consider_constant=end, disconnected_inputs="ignore"
            )
        )
    if cost is not None:
        cost_grads = list(grad(cost=cost, wrt=params, consider_constant=end, disconnected_inputs="ignore"))
    if start is None:
        grads = cost_grads
    else:
        grads = list(start_grads)
        if cost_grads is not None:
            grads = [g + c for g, c in zip(grads, cost_grads)]
    by_id = {id(p): g for p, g in zip(params, grads)}
    wrt_grads = [by_id[id(k)] for k in wrt]
    end_grads = [by_id[id(k)] for k in end]
    if details:
        return wrt_grads, end_grads, start_grads, cost_grads
    return wrt_grads, end_grads


def grad_not_implemented(op, x_pos, x, comment=""):
    """An uncomputable variable (of a NullType saying why) standing for
    the gradient of `op` on its input `x_pos`, which is not implemented;
    grad and function refuse graphs that use it (Theano's)."""
    return NullType(
        f"This variable is Null because the grad method for input {x_pos} ({x}) of the {op} op is "
        f"not implemented. {comment}"
    )()


def grad_undefined(op, x_pos, x, comment=""):
    """An uncomputable variable (of a NullType saying why) standing for
    the gradient of `op` on its input `x_pos`, which is mathematically
    undefined (Theano's)."""
    return NullType(
        f"This variable is Null because the grad method for input {x_pos} ({x}) of the {op} op is "
        f"mathematically undefined. {comment}"
    )()


class GradientError(Exception):
    """verify_grad found the symbolic gradient far from finite differences."""

    def __init__(self, arg, err_pos, shape, val1, val2, abs_err, rel_err, abs_tol, rel_tol):
        super().__init__()
        self.arg, self.err_pos, self.shape = arg, err_pos, shape
        self.val1, self.val2 = val1, val2
        self.abs_err, self.rel_err = abs_err, rel_err
        self.abs_tol, self.rel_tol = abs_tol, rel_tol

    def __str__(self):
        return (
            f"GradientError: numeric gradient and analytic gradient exceed tolerance:\n"
            f"        At position {self.err_pos} of argument {self.arg} with shape {self.shape},\n"
            f"            val1 = {self.val1:f}      ,  val2 = {self.val2:f}\n"
            f"            abs. error = {self.abs_err:f},  abs. tolerance = {self.abs_tol:f}\n"
            f"            rel. error = {self.rel_err:f},  rel. tolerance = {self.rel_tol:f}"
        )


class numeric_grad:
    """Central finite differences of a compiled scalar function at `pt`."""

    type_eps = {"float64": 1e-7, "float32": 3e-4, "float16": 1e-1}

    def __init__(self, f, pt, eps=None):
        self.gf = []
        for index, point in enumerate(pt):
            step = eps or self.type_eps[str(point.dtype)]
            gradient = np.zeros(point.shape, dtype=np.float64)
            for position in np.ndindex(point.shape):
                shifted = [p.copy() for p in pt]
                shifted[index][position] += step
                above = float(f(*shifted))
                shifted[index][position] = pt[index][position] - step
                below = float(f(*shifted))
                gradient[position] = (above - below) / (2 * step)
            self.gf.append(gradient)

    @staticmethod
    def abs_rel_err(a, b):
        abs_err = np.abs(a - b)
        rel_err = abs_err / np.maximum(np.abs(a) + np.abs(b), 1e-8)
        return abs_err, rel_err

    def max_err(self, g_pt, abs_tol, rel_tol):
        """The worst position, by error beyond both tolerances."""
        worst = (0, (), 0.0, 0.0, 0.0)
        for index, (numeric, analytic) in enumerate(zip(self.gf, g_pt)):
            analytic = np.asarray(analytic, dtype=np.float64)
            if analytic.shape != numeric.shape:
                raise ValueError(
                    f"argument {index}: gradient of shape {analytic.shape}, expected {numeric.shape}"
                )
            abs_err, rel_err = self.abs_rel_err(numeric, analytic)
            score = np.minimum(abs_err / abs_tol, rel_err / rel_tol)
            if score.size and (np.isnan(score).any() or score.max() > worst[4]):
                position = np.unravel_index(
                    np.nanargmax(np.where(np.isnan(score), np.inf, score)), score.shape
                )
                worst = (
                    index,
                    position,
                    float(abs_err[position]),
                    float(rel_err[position]),
                    float(score[position]) if not np.isnan(score[position]) else np.inf,
                )
        return worst


_TYPE_TOL = {"float64": 1e-4, "float32": 1e-2, "float16": 5e-2}


def verify_grad(
    fun,
    pt,
    n_tests=2,
    rng=None,
    eps=None,
    out_type=None,
    abs_tol=None,
    rel_tol=None,
    mode=None,
    cast_to_output_type=False,
    no_debug_ref=True,
):
    """Checks the symbolic gradient of `fun` (a function of variables returning
    one variable) at the point `pt` (a list of arrays) against finite
    differences of a random projection of its output; raises GradientError."""
    pt = [np.array(p) for p in pt]
    for index, p in enumerate(pt):
        if p.dtype.name not in dtypes.FLOATS:
            raise TypeError(
                f"verify_grad can work only with floating point inputs, but input "
                f"{index} has dtype {p.dtype}."
            )
    if rng is None:
        rng = np.random.default_rng()
    uniform = rng.random if hasattr(rng, "random") else rng.rand
    abs_tol = abs_tol if abs_tol is not None else builtins.max(_TYPE_TOL[p.dtype.name] for p in pt)
    rel_tol = rel_tol if rel_tol is not None else builtins.max(_TYPE_TOL[p.dtype.name] for p in pt)

    # As Theano: each input's type is its value's, so a dimension of size 1 is
    # broadcastable (a (3, 1) value stands for a column).
    inputs = [
        TensorType(p.dtype.name, [d == 1 for d in p.shape])(name=f"input {i}") for i, p in enumerate(pt)
    ]
    output = fun(*inputs)
    if isinstance(output, (list, tuple)):
        raise NotImplementedError("cant (yet) autotest gradient of fun with multiple outputs")
    output = as_tensor_variable(output)
    output_value = np.asarray(compile_module.function(inputs, output, on_unused_input="ignore")(*pt))

    def random_projection():
        # float64 unless cast_to_output_type, as Theano's: the cost of a
        # float32 output is then computed in float64, whose rounding does not
        # swamp the finite differences (ulp(400) in float32 is 3e-5; the
        # step, 3e-4)
        plain = uniform(size=output_value.shape) + 0.5
        if cast_to_output_type and output.dtype == "float32":
            return np.asarray(plain, dtype=output.dtype)
        return np.asarray(plain, dtype="float64")

    projection = compile_module.shared(random_projection(), "random_projection")
    cost = tensor_sum(projection * output)
    cost_fn = compile_module.function(inputs, cost, on_unused_input="ignore")
    symbolic = grad(cost, inputs, disconnected_inputs="ignore")
    grad_fn = compile_module.function(inputs, symbolic, on_unused_input="ignore")
    for _ in range(n_tests):
        numeric = numeric_grad(cost_fn, pt, eps)
        analytic = grad_fn(*pt)
        arg, position, abs_err, rel_err, score = numeric.max_err(analytic, abs_tol, rel_tol)
        if score > 1:
            raise GradientError(
                arg,
                position,
                pt[arg].shape,
                float(numeric.gf[arg][position]),
                float(np.asarray(analytic[arg])[position]),
                abs_err,
                rel_err,
                abs_tol,
                rel_tol,
            )
        projection.set_value(random_projection())


verify_grad.E_grad = GradientError

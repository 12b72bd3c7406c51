"""Symbolic differentiation, as Theano 1.0 offers it (theano.gradient and
T.grad re-export it).

`grad` builds one node (a `theano.grad` op in the IR) that the compiler's
`theano-autodiff` pass expands by reverse-mode accumulation; what Theano
checks eagerly (a scalar cost, connected inputs) is checked here, when the
graph is built.
"""

import warnings

from .. import dtypes
from ..config import config
from ..dialect import theano as dialect
from ..graph import Apply, Op, Variable
from .basic import as_tensor_variable, cast
from .type import TensorType


class DisconnectedInputError(ValueError):
    """A `wrt` variable the cost does not depend on (disconnected_inputs='raise')."""


class NullTypeGradError(TypeError):
    """A gradient that is undefined."""


class DisconnectedType:
    """What grad returns for a disconnected input with return_disconnected='Disconnected'."""

    def __repr__(self):
        return "DisconnectedType()"


class StopGradient(Op):
    """The identity, through which no gradient flows. `disconnected` (Theano's
    disconnected_grad) also cuts the graph for the connectivity check;
    otherwise (zero_grad) the input stays connected with a zero gradient."""

    __props__ = ("disconnected",)

    def __init__(self, disconnected):
        self.disconnected = bool(disconnected)

    def __str__(self):
        return "DisconnectedGrad" if self.disconnected else "ZeroGrad"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [dialect.stop_gradient(inputs[0])]


def disconnected_grad(x):
    """`x`, seen by grad as a constant not connected to anything."""
    return StopGradient(True)(x)


def zero_grad(x):
    """`x`, whose gradient is zero."""
    return StopGradient(False)(x)


def consider_constant(x):
    """`x`, whose gradient is zero (deprecated in Theano for zero_grad)."""
    warnings.warn(
        "consider_constant() is deprecated, use zero_grad() or disconnected_grad() instead.",
        stacklevel=2,
    )
    return StopGradient(False)(x)


def _number(value, what):
    if isinstance(value, Variable):
        data = getattr(value, "data", None)
        if data is None or getattr(data, "ndim", 0) != 0:
            raise NotImplementedError(f"{what} must be a number or a constant scalar, got {value}")
        value = data
    return float(value)


class GradClip(Op):
    """The identity, whose gradient is clipped to [lower, upper] (Theano's GradClip)."""

    __props__ = ("clip_lower_bound", "clip_upper_bound")

    def __init__(self, clip_lower_bound, clip_upper_bound):
        self.clip_lower_bound = _number(clip_lower_bound, "grad_clip's lower bound")
        self.clip_upper_bound = _number(clip_upper_bound, "grad_clip's upper bound")
        assert self.clip_upper_bound >= self.clip_lower_bound

    def __str__(self):
        return "GradClip"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [dialect.grad_clip(inputs[0], self.clip_lower_bound, self.clip_upper_bound)]


class GradScale(Op):
    """The identity, whose gradient is multiplied by `multiplier` (Theano's GradScale)."""

    __props__ = ("multiplier",)

    def __init__(self, multiplier):
        self.multiplier = _number(multiplier, "grad_scale's multiplier")

    def __str__(self):
        return "GradScale"

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [dialect.grad_scale(inputs[0], self.multiplier)]


def grad_clip(x, lower_bound, upper_bound):
    """`x`, whose gradient is clipped to [lower_bound, upper_bound]."""
    return GradClip(lower_bound, upper_bound)(x)


def grad_scale(x, multiplier):
    """`x`, whose gradient is multiplied by `multiplier` (a number)."""
    return GradScale(multiplier)(x)


class Grad(Op):
    """Gradients of `cost` (optional) plus the vector-Jacobian products of
    `known` values with their gradients, with respect to `wrt`; gradients do
    not flow into `constants`. Inputs: [cost] + wrt + known + known_grads +
    constants."""

    __props__ = ("has_cost", "n_wrt", "n_known", "n_constants")

    def __init__(self, has_cost, n_wrt, n_known, n_constants):
        self.has_cost, self.n_wrt = bool(has_cost), int(n_wrt)
        self.n_known, self.n_constants = int(n_known), int(n_constants)

    def __str__(self):
        return "Grad"

    def make_node(self, *inputs):
        wrt = inputs[int(self.has_cost) : int(self.has_cost) + self.n_wrt]
        outputs = [
            TensorType(w.dtype if w.dtype in dtypes.FLOATS else config.floatX, w.broadcastable)() for w in wrt
        ]
        return Apply(self, list(inputs), outputs)

    def emit(self, emitter, node, inputs):
        inputs = list(inputs)
        cost = inputs.pop(0) if self.has_cost else None
        wrt, inputs = inputs[: self.n_wrt], inputs[self.n_wrt :]
        known, inputs = inputs[: self.n_known], inputs[self.n_known :]
        known_grads, constants = inputs[: self.n_known], inputs[self.n_known :]
        result_types = [emitter.tensor_type(v.dtype, emitter.shape_of(w)) for w, v in zip(wrt, node.outputs)]
        results = dialect.grad(result_types, wrt, known, known_grads, constants, cost=cost)
        return list(results) if len(wrt) > 1 else [results]


class Jacobian(Op):
    """The Jacobian of the vector `expression` with respect to each of `wrt`
    (row i: the gradient of expression[i]); gradients do not flow into
    `constants`. Inputs: [expression] + wrt + constants."""

    __props__ = ("n_wrt", "n_constants")

    def __init__(self, n_wrt, n_constants):
        self.n_wrt, self.n_constants = int(n_wrt), int(n_constants)

    def __str__(self):
        return "Jacobian"

    def make_node(self, expression, *inputs):
        wrt = inputs[: self.n_wrt]
        outputs = [
            TensorType(
                w.dtype if w.dtype in dtypes.FLOATS else config.floatX,
                expression.broadcastable[:1] + w.broadcastable,
            )()
            for w in wrt
        ]
        return Apply(self, [expression, *inputs], outputs)

    def emit(self, emitter, node, inputs):
        expression, wrt, constants = inputs[0], inputs[1 : 1 + self.n_wrt], inputs[1 + self.n_wrt :]
        rows = emitter.shape_of(expression)[:1]
        result_types = [
            emitter.tensor_type(v.dtype, rows + emitter.shape_of(w)) for w, v in zip(wrt, node.outputs)
        ]
        results = dialect.jacobian(result_types, expression, wrt, constants)
        return list(results) if len(wrt) > 1 else [results]


def _ancestors(roots, blocked):
    """Variables the roots depend on, not looking past `blocked` variables or
    through disconnected_grad."""
    seen, stack = {}, list(roots)
    while stack:
        variable = stack.pop()
        if id(variable) in seen or id(variable) in blocked:
            continue
        seen[id(variable)] = variable
        node = variable.owner
        if node is None or (isinstance(node.op, StopGradient) and node.op.disconnected):
            continue
        stack.extend(node.inputs)
    return seen


def _refuse_jacobians_on_the_path(reachable, wrt):
    """A Jacobian node between `wrt` and the cost: its rows are computed by a
    loop that autodiff cannot differentiate yet, and a zero gradient would
    be silently wrong."""
    wrt_ids = {id(w) for w in wrt}
    for variable in reachable.values():
        node = variable.owner
        if node is None or not isinstance(node.op, Jacobian):
            continue
        if wrt_ids & set(_ancestors(node.inputs, set())):
            raise NotImplementedError(
                f"the gradient through {variable} (a jacobian of {node.inputs[0]}) is not "
                "implemented yet: differentiate the expression twice with T.grad instead"
            )


def _connectivity(roots, wrt, consider_constant, disconnected_inputs):
    """The constants the roots depend on, and for each `wrt` whether the
    roots depend on it; a disconnected one raises, warns or passes as
    `disconnected_inputs` says."""
    if disconnected_inputs not in ("ignore", "warn", "raise"):
        raise ValueError(
            f"Invalid value for keyword 'disconnected_inputs', valid values are "
            f"'ignore', 'warn' and 'raise', got {disconnected_inputs!r}."
        )
    constants = list(consider_constant or [])
    reachable = _ancestors(roots, {id(c) for c in constants})
    constants = [c for c in constants if id(c) in _ancestors(roots, set())]
    _refuse_jacobians_on_the_path(reachable, wrt)
    connected = []
    for w in wrt:
        connected.append(id(w) in reachable)
        if connected[-1]:
            continue
        message = (
            "grad method was asked to compute the gradient with respect to a variable "
            "that is not part of the computational graph of the cost, or is used only by "
            f"a non-differentiable operator: {w}"
        )
        if disconnected_inputs == "raise":
            raise DisconnectedInputError(message)
        if disconnected_inputs == "warn":
            warnings.warn(message, stacklevel=3)
    return constants, connected


def grad(
    cost,
    wrt,
    consider_constant=None,
    disconnected_inputs="raise",
    add_names=True,
    known_grads=None,
    return_disconnected="zero",
    null_gradients="raise",
):
    """Symbolic gradients of the scalar `cost` with respect to `wrt` (a
    variable or a list), Theano's T.grad; `known_grads` maps variables to
    their gradients (added to the cost's, or alone when cost is None)."""
    if cost is None and not known_grads:
        raise ValueError("cost and known_grads can't both be None.")
    if cost is not None:
        if not isinstance(cost, Variable):
            raise TypeError(f"Expected Variable, got {cost!r} of type {type(cost)}")
        if cost.ndim != 0:
            raise TypeError("cost must be a scalar.")
        if cost.dtype not in dtypes.FLOATS:
            cost = cast(cost, config.floatX)  # an integer cost has zero gradients
    single = not isinstance(wrt, (list, tuple))
    wrt = [wrt] if single else list(wrt)
    for w in wrt:
        if not isinstance(w, Variable):
            raise TypeError(f"Expected Variable, got {w!r} of type {type(w)}")
    if return_disconnected not in ("zero", "None", "Disconnected"):
        raise ValueError(
            f"Invalid value for keyword 'return_disconnected', valid values are "
            f"'zero', 'None' and 'Disconnected', got {return_disconnected!r}."
        )

    known = []
    for variable, gradient in (known_grads or {}).items():
        variable = as_tensor_variable(variable)
        gradient = as_tensor_variable(gradient)
        if variable.dtype not in dtypes.FLOATS:
            continue  # integers carry no gradient
        if gradient.ndim != variable.ndim:
            raise ValueError(
                f"known_grads: the gradient of {variable} has {gradient.ndim} "
                f"dimensions, the variable {variable.ndim}"
            )
        known.append((variable, cast(gradient, variable.dtype)))
    roots = ([cost] if cost is not None else []) + [v for v, _ in known]
    constants, connected = _connectivity(roots, wrt, consider_constant, disconnected_inputs)

    op = Grad(cost is not None, len(wrt), len(known), len(constants))
    inputs = (
        ([cost] if cost is not None else []) + wrt + [v for v, _ in known] + [g for _, g in known] + constants
    )
    node = op.make_node(*inputs)
    results = list(node.outputs)
    for index, (w, is_connected) in enumerate(zip(wrt, connected)):
        if add_names and w.name and results[index] is not None:
            results[index].name = (
                f"(d{cost.name or 'cost'}/d{w.name})" if cost is not None else f"(d?/d{w.name})"
            )
        if not is_connected and return_disconnected != "zero":
            results[index] = None if return_disconnected == "None" else DisconnectedType()
    return results[0] if single else results


def Lop(f, wrt, eval_points, consider_constant=None, disconnected_inputs="raise"):
    """The vector-Jacobian product eval_points . d f / d wrt (reverse mode)."""
    f_list = f if isinstance(f, (list, tuple)) else [f]
    points = eval_points if isinstance(eval_points, (list, tuple)) else [eval_points]
    if len(f_list) != len(points):
        raise ValueError("`f` and `eval_points` must have the same length")
    single = not isinstance(wrt, (list, tuple))
    result = grad(
        None,
        [wrt] if single else list(wrt),
        consider_constant=consider_constant,
        known_grads=dict(zip(f_list, points)),
        disconnected_inputs=disconnected_inputs,
    )
    return result[0] if single else result


def _format_as(like, results):
    """`results` as a list, a tuple or a single variable, as `like` was."""
    if isinstance(like, list):
        return list(results)
    if isinstance(like, tuple):
        return tuple(results)
    return results[0]


def jacobian(expression, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Jacobian of the vector `expression` with respect to `wrt` (a
    variable, list or tuple), row by row: result[i] = grad(expression[i], wrt),
    of shape expression.shape + wrt.shape. Theano's T.jacobian."""
    if not isinstance(expression, Variable):
        raise AssertionError("tensor.jacobian expects a Variable as `expression`")
    if expression.ndim >= 2:
        raise AssertionError(
            "tensor.jacobian expects a 1 dimensional variable as "
            "`expression`. If not use flatten to make it a vector"
        )
    wrt_list = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    if expression.ndim == 0:
        return _format_as(
            wrt,
            grad(
                expression,
                wrt_list,
                consider_constant=consider_constant,
                disconnected_inputs=disconnected_inputs,
            ),
        )
    for w in wrt_list:
        if not isinstance(w, Variable):
            raise TypeError(f"Expected Variable, got {w!r} of type {type(w)}")
    if expression.dtype not in dtypes.FLOATS:
        expression = cast(expression, config.floatX)  # an integer has zero gradients
    constants, _ = _connectivity([expression], wrt_list, consider_constant, disconnected_inputs)
    node = Jacobian(len(wrt_list), len(constants)).make_node(expression, *wrt_list, *constants)
    return _format_as(wrt, node.outputs)


def hessian(cost, wrt, consider_constant=None, disconnected_inputs="raise"):
    """The Hessian of the scalar `cost` with respect to each vector of `wrt`
    (a variable, list or tuple): the Jacobian of its gradient. Theano's
    T.hessian."""
    if not isinstance(cost, Variable):
        raise AssertionError("tensor.hessian expects a Variable as `cost`")
    if cost.ndim != 0:
        raise AssertionError("tensor.hessian expects a 0 dimensional variable as `cost`")
    hessians = []
    for w in list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]:
        if not isinstance(w, Variable):
            raise AssertionError("tensor.hessian expects a (list of) Variable as `wrt`")
        if w.ndim != 1:
            raise AssertionError("tensor.hessian expects a (list of) 1 dimensional variable as `wrt`")
        gradient = grad(cost, w, consider_constant=consider_constant, disconnected_inputs=disconnected_inputs)
        # The gradient may not depend on w even where the cost does: no error.
        hessians.append(
            jacobian(gradient, w, consider_constant=consider_constant, disconnected_inputs="ignore")
        )
    return _format_as(wrt, hessians)

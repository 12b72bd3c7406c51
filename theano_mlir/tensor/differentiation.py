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
from ..graph import Apply, Op, Variable, toposort
from ..graph.null_type import NullType
from ..graph.op import CompositeOp
import numpy as np

from .basic import NotScalarConstantError, add as _add, as_tensor_variable, cast, fill, zeros_like
from .elemwise import Cast
from .type import TensorType


class DisconnectedInputError(ValueError):
    """A `wrt` variable the cost does not depend on (disconnected_inputs='raise')."""


class NullTypeGradError(TypeError):
    """A gradient that is undefined."""


class DisconnectedType:
    """The type of a gradient that is not there: the variable is not
    connected to the cost (Theano's). `DisconnectedType()()` is a variable of
    it, as grad returns with return_disconnected='Disconnected' and as
    known_grads may give to say that a variable does not affect the cost."""

    def __call__(self, name=None):
        return Variable(self, name=name)

    def filter(self, data, strict=False, allow_downcast=None):
        raise AssertionError("If you're assigning to a DisconnectedType you're doing something wrong.")

    def __eq__(self, other):
        return type(self) is type(other)

    def __hash__(self):
        return hash(type(self))

    def __str__(self):
        return "DisconnectedType"

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

    def connection_pattern(self, node):
        """Whether the output is connected to the input, for grad (Theano's):
        disconnected_grad's is not."""
        return [[not self.disconnected]]

    def emit(self, emitter, node, inputs):
        return [dialect.stop_gradient(inputs[0])]


#: The op instances behind the functions (Theano's names).
zero_grad_ = StopGradient(False)
consider_constant_ = zero_grad_
disconnected_grad_ = StopGradient(True)


class UndefinedGrad(Op):
    """The identity, whose gradient is mathematically undefined (Theano's
    UndefinedGrad): grad through it raises NullTypeGradError, as through
    the parameters of a random draw."""

    def make_node(self, x):
        x = as_tensor_variable(x)
        return Apply(self, [x], [x.type()])

    def grad(self, inputs, output_grads):
        return [
            NullType(
                f"This variable is Null because the grad method for input 0 ({inputs[0]}) of the "
                f"{self} op is mathematically undefined."
            )()
        ]

    def emit(self, emitter, node, inputs):
        return [inputs[0]]


undefined_grad_ = UndefinedGrad()


def undefined_grad(x):
    """`x`, through which grad raises NullTypeGradError (Theano's)."""
    return undefined_grad_(x)


def disconnected_grad(x):
    """`x`, seen by grad as a constant not connected to anything."""
    return disconnected_grad_(x)


def zero_grad(x):
    """`x`, whose gradient is zero."""
    return zero_grad_(x)


def consider_constant(x):
    """`x`, whose gradient is zero (deprecated in Theano for zero_grad)."""
    warnings.warn(
        "consider_constant() is deprecated, use zero_grad() or disconnected_grad() instead.",
        stacklevel=2,
    )
    return consider_constant_(x)


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

    def scalar_constant_value(self, node, value):
        """get_scalar_constant_value's rule: the gradients of an integer cost
        alone are zeros (Theano's, whose gradient is `zeros_like` there);
        not folded where the cost itself is among `wrt` (its gradient is 1)."""
        cost = node.inputs[0] if self.has_cost else None
        if cost is not None and cost.owner is not None and isinstance(cost.owner.op, Cast):
            cost = cost.owner.inputs[0]  # grad casts an integer cost to floatX
        wrt = node.inputs[int(self.has_cost) : int(self.has_cost) + self.n_wrt]
        if cost is None or self.n_known or cost.dtype in dtypes.FLOATS or any(w is cost for w in wrt):
            raise NotScalarConstantError(node.outputs[0])
        return np.zeros((), dtype=node.outputs[0].dtype)


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


class FillLike(CompositeOp):
    """`value` in `dtype`, of the shape of `model`, as a node over the model
    (Theano's fill(model, value), an Elemwise{second}): the gradient of the
    cost with respect to itself (ones) and that of a disconnected input
    (zeros). A gradient graph so reads the variable even where its shape is
    known (a scalar), as Theano's: grad(x, x) is a function of x."""

    __props__ = ("value", "dtype")

    def __init__(self, value, dtype):
        self.value, self.dtype = value, dtype

    def __str__(self):
        return f"FillLike{{{self.value}, {self.dtype}}}"

    def make_node(self, model):
        model = as_tensor_variable(model)
        return Apply(self, [model], [TensorType(self.dtype, model.broadcastable)()])

    def infer_shape(self, node, input_shapes):
        return [input_shapes[0]]

    def build(self, node, model):
        return [cast(fill(model, self.value), self.dtype)]

    def scalar_constant_value(self, node, value):
        return np.asarray(self.value, dtype=self.dtype)


def _ancestors(roots, blocked):
    """Variables the roots depend on, not looking past `blocked` variables or
    through disconnected_grad, nor from an output to the inputs its op's
    connection_pattern (Theano's) says it does not depend on."""
    seen, stack, patterns = {}, list(roots), {}
    while stack:
        variable = stack.pop()
        if id(variable) in seen:
            continue
        seen[id(variable)] = variable
        node = variable.owner
        if (
            node is None
            or id(variable) in blocked
            or (isinstance(node.op, StopGradient) and node.op.disconnected)
        ):
            continue
        inputs = node.inputs
        connection_pattern = getattr(node.op, "connection_pattern", None)
        if callable(connection_pattern):
            if id(node) not in patterns:
                patterns[id(node)] = connection_pattern(node)
            index = next(k for k, o in enumerate(node.outputs) if o is variable)
            inputs = [v for v, row in zip(node.inputs, patterns[id(node)]) if row[index]]
        stack.extend(inputs)
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


def _report_disconnected(w, disconnected_inputs):
    """Theano's handling of a `wrt` the cost does not depend on: raise,
    warn (at the caller of grad) or ignore, as `disconnected_inputs` says."""
    message = (
        "grad method was asked to compute the gradient with respect to a variable "
        "that is not part of the computational graph of the cost, or is used only by "
        f"a non-differentiable operator: {w}"
    )
    if disconnected_inputs == "raise":
        raise DisconnectedInputError(message)
    if disconnected_inputs == "warn":
        warnings.warn(message, stacklevel=4)


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
        _report_disconnected(w, disconnected_inputs)
    return constants, connected


def _is_null(variable):
    return hasattr(getattr(variable, "type", None), "why_null")


def _is_disconnected(variable):
    return isinstance(getattr(variable, "type", None), DisconnectedType)


def _python_grad(node):
    """The Python gradient of a node (Theano's Op contract: `op.L_op` or
    `op.grad`, or the scalar op's `grad` of an Elemwise; a user's op), or
    None: theano_mlir's own ops are differentiated by the compiler."""
    l_op = getattr(node.op, "L_op", None)
    if callable(l_op):  # Theano's grad given the node's outputs too
        return lambda inputs, output_grads: l_op(inputs, node.outputs, output_grads)
    grad = getattr(node.op, "grad", None)
    if callable(grad):
        return grad
    scalar_grad = getattr(getattr(node.op, "scalar_op", None), "grad", None)
    if not callable(scalar_grad):
        return None

    def elemwise_grad(inputs, output_grads):
        terms = scalar_grad(inputs, output_grads)
        if not isinstance(terms, (list, tuple)):
            return terms
        out = node.outputs[0]
        result = []
        for variable, term in zip(inputs, terms):
            axes = [d for d in range(variable.ndim) if variable.broadcastable[d] and not out.broadcastable[d]]
            if axes and term is not None and not (_is_null(term) or _is_disconnected(term)):
                term = as_tensor_variable(term).sum(axis=axes, keepdims=True)
            result.append(term)
        return result

    return elemwise_grad


def _has_python_grad(node):
    return _python_grad(node) is not None


def _needs_backprop(roots, wrt, known_grads, consider_constant):
    """Whether grad must walk the graph in Python (Theano's algorithm): an op
    with a Python gradient on the way, an undefined or disconnected known
    gradient, or a known gradient of a non-float variable asked for."""
    wrt_ids = {id(w) for w in wrt}
    if any(id(r) in wrt_ids and getattr(r, "dtype", None) not in dtypes.FLOATS for r in roots):
        return True
    for variable, gradient in known_grads.items():
        if _is_null(gradient) or _is_disconnected(gradient):
            return True
    reachable = _ancestors(roots, {id(c) for c in consider_constant or ()})
    dependent = set(wrt_ids) | {id(v) for v in known_grads}
    # only nodes between wrt and the roots: an op off the path (the
    # undefined_grad of a random draw's bounds) never sees a gradient
    for node in toposort(roots, stop_at=list(consider_constant or ())):
        if not any(id(i) in dependent for i in node.inputs):
            continue
        dependent.update(id(o) for o in node.outputs)
        if any(id(o) in reachable for o in node.outputs) and _has_python_grad(node):
            return True
    return False


def _matched(variable, gradient):
    """`gradient` as the gradient of the float `variable`: of its dtype, and
    broadcast to its rank where it has fewer dimensions (a 0-d gradient)."""
    gradient = as_tensor_variable(gradient)
    if gradient.ndim > variable.ndim:
        raise ValueError(
            f"known_grads: the gradient of {variable} has {gradient.ndim} "
            f"dimensions, the variable {variable.ndim}"
        )
    if gradient.ndim < variable.ndim:
        gradient = _add(zeros_like(variable), gradient)
    return cast(gradient, variable.dtype)


def _node_input_grads(node, output_grads):
    """The gradient terms of `node`'s inputs (None: no term) given those of
    its outputs (None: disconnected). An input gets an undefined gradient
    where an output it is connected to (op.connection_pattern, Theano's)
    has one."""
    inputs = list(node.inputs)
    pattern = getattr(node.op, "connection_pattern", None)
    pattern = pattern(node) if callable(pattern) else [[True] * len(node.outputs) for _ in inputs]
    nulls = [g if g is not None and _is_null(g) else None for g in output_grads]
    if any(n is not None for n in nulls):
        rest = _node_input_grads(node, [None if n is not None else g for g, n in zip(output_grads, nulls)])
        result = []
        for index, term in enumerate(rest):
            null = next((n for n, c in zip(nulls, pattern[index]) if c and n is not None), None)
            result.append(null.type() if null is not None else term)
        return result
    if all(g is None for g in output_grads):
        return [None] * len(inputs)
    connected = [
        any(c and g is not None for c, g in zip(pattern[i], output_grads)) for i in range(len(inputs))
    ]
    if _has_python_grad(node):
        filled = [DisconnectedType()() if g is None else g for g in output_grads]
        result = _python_grad(node)(inputs, filled)
        if not isinstance(result, (list, tuple)):
            raise TypeError(
                f"{node.op}.grad returned {type(result).__name__}, not a list or tuple of gradients"
            )
        if len(result) != len(inputs):
            raise ValueError(f"{node.op}.grad returned {len(result)} gradients for {len(inputs)} inputs")
        for index, term in enumerate(result):
            if term is None:
                raise TypeError(f"{node.op}.grad returned None for the gradient of its input {index}")
        return [None if _is_disconnected(term) or not c else term for term, c in zip(result, connected)]
    if isinstance(node.op, StopGradient):
        return [None if node.op.disconnected else zeros_like(inputs[0], dtype=_grad_dtype(inputs[0]))]
    known = [
        (o, _matched(o, g))
        for o, g in zip(node.outputs, output_grads)
        if g is not None and o.dtype in dtypes.FLOATS
    ]
    if not known:
        # integer results (a comparison, a cast, an index into integers):
        # zero gradients for the inputs they are connected to (Theano's), so
        # what lies above them (an undefined_grad) is still reached
        return [zeros_like(i, dtype=_grad_dtype(i)) if c else None for i, c in zip(inputs, connected)]
    unique = list({id(i): i for i in inputs}.values())
    op = Grad(False, len(unique), len(known), 0)
    grads = op.make_node(*unique, *[o for o, _ in known], *[g for _, g in known]).outputs
    by_id = {id(i): g for i, g in zip(unique, grads)}
    terms, done = [], set()
    for i in inputs:  # one term per distinct input
        terms.append(None if id(i) in done else by_id[id(i)])
        done.add(id(i))
    return terms


def _grad_dtype(variable):
    return variable.dtype if variable.dtype in dtypes.FLOATS else config.floatX


def _backprop(
    cost, wrt, known_grads, consider_constant, disconnected_inputs, return_disconnected, null_gradients
):
    """Theano's grad: reverse accumulation over the nodes between the cost
    (and known_grads) and `wrt`, each node's gradient from its op's `grad`
    (a Python op) or from the compiler's (a Grad node over that node)."""
    terms = {}
    if cost is not None:
        terms[id(cost)] = [FillLike(1, _grad_dtype(cost))(cost)]
    for variable, gradient in known_grads.items():
        terms[id(variable)] = [gradient]  # a known gradient replaces the cost's
    roots = ([cost] if cost is not None else []) + list(known_grads)
    for node in reversed(toposort(roots, stop_at=list(consider_constant or ()))):
        output_grads = []
        for o in node.outputs:
            found = [t for t in terms.get(id(o), []) if not _is_disconnected(t)]
            output_grads.append(_total(found))
        if all(g is None for g in output_grads):
            continue
        for i, g in zip(node.inputs, _node_input_grads(node, output_grads)):
            if g is not None:
                terms.setdefault(id(i), []).append(g)
    results = []
    for w in wrt:
        total = _total([t for t in terms.get(id(w), []) if not _is_disconnected(t)])
        if total is None:
            _report_disconnected(w, disconnected_inputs)
            if return_disconnected == "zero":
                total = FillLike(0, _grad_dtype(w))(w)
            else:
                total = None if return_disconnected == "None" else DisconnectedType()()
        elif _is_null(total) and null_gradients == "raise":
            raise NullTypeGradError(f"grad encountered a NaN. {total.type.why_null}")
        results.append(total)
    return results


def _total(terms):
    """The sum of gradient terms (None for none; undefined if one is)."""
    if not terms:
        return None
    for term in terms:
        if _is_null(term):
            return term
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


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

    if null_gradients not in ("raise", "return"):
        raise ValueError(f"Invalid value for keyword 'null_gradients': {null_gradients!r}")
    known_grads = dict(known_grads or {})
    for variable, gradient in known_grads.items():
        if not hasattr(gradient, "type"):
            raise TypeError(
                f"output grads must be theano variables. Ambiguous whether {type(gradient)} should be "
                "made into tensor or sparse theano variables"
            )
    roots = ([cost] if cost is not None else []) + list(known_grads)
    if _needs_backprop(roots, wrt, known_grads, consider_constant):
        # Theano's algorithm; the gradient of an integer cost itself is 1
        if disconnected_inputs not in ("ignore", "warn", "raise"):
            raise ValueError(f"Invalid value for keyword 'disconnected_inputs': {disconnected_inputs!r}")
        results = _backprop(
            cost,
            wrt,
            known_grads,
            consider_constant,
            disconnected_inputs,
            return_disconnected,
            null_gradients,
        )
        return results[0] if single else results
    if cost is not None and cost.dtype not in dtypes.FLOATS:
        cost = cast(cost, config.floatX)  # an integer cost has zero gradients

    known = []
    for variable, gradient in known_grads.items():
        variable = as_tensor_variable(variable)
        gradient = as_tensor_variable(gradient)
        if variable.dtype not in dtypes.FLOATS:
            continue  # integers carry no gradient
        known.append((variable, _matched(variable, gradient)))
    roots = ([cost] if cost is not None else []) + [v for v, _ in known]
    constants, connected = _connectivity(roots, wrt, consider_constant, disconnected_inputs)
    _refuse_unimplemented(roots, wrt, constants)

    # A wrt variable that is also a constant has its gradient (the graph is
    # cut above it, not below): those come from a Grad node without them
    # among its constants.
    # A disconnected one's gradient is zeros of its shape (Theano's
    # _float_zeros_like), a graph without the cost: jacobian(1 + s1, s2)
    # computes from s2 alone.
    constant_ids = {id(c) for c in constants}
    disconnected = {id(w) for w, c in zip(wrt, connected) if not c}
    groups = [
        [w for w in wrt if id(w) not in constant_ids and id(w) not in disconnected],
        [w for w in wrt if id(w) in constant_ids and id(w) not in disconnected],
    ]
    by_id = {id(w): FillLike(0, _grad_dtype(w))(w) for w in wrt if id(w) in disconnected}
    for group, group_constants in zip(
        groups, (constants, [c for c in constants if id(c) not in {id(w) for w in wrt}])
    ):
        if not group:
            continue
        op = Grad(cost is not None, len(group), len(known), len(group_constants))
        inputs = (
            ([cost] if cost is not None else [])
            + group
            + [v for v, _ in known]
            + [g for _, g in known]
            + group_constants
        )
        by_id.update(zip([id(w) for w in group], op.make_node(*inputs).outputs))
    results = [by_id[id(w)] for w in wrt]
    for index, (w, is_connected) in enumerate(zip(wrt, connected)):
        if add_names and w.name and results[index] is not None:
            results[index].name = (
                f"(d{cost.name or 'cost'}/d{w.name})" if cost is not None else f"(d?/d{w.name})"
            )
        if not is_connected and return_disconnected != "zero":
            results[index] = None if return_disconnected == "None" else DisconnectedType()()
    return results[0] if single else results


def _refuse_unimplemented(roots, wrt, constants):
    """NotImplementedError, when the graph is built, for a node the gradient
    would flow through whose op says its gradient is not implemented yet
    (`grad_not_implemented`, the reason), or the error its op's
    `grad_refusal(node)` gives (a scan's inconsistent broadcast pattern)."""
    dependent = {id(w) for w in wrt}
    for node in toposort(roots, stop_at=constants):
        if not any(id(v) in dependent for v in node.inputs):
            continue
        dependent.update(id(o) for o in node.outputs)
        refusal = getattr(node.op, "grad_refusal", None)
        error = refusal(node) if refusal else None
        if error is not None:  # the op's own error (a scan's, as Theano's)
            raise error
        reason = getattr(node.op, "grad_not_implemented", None)
        if reason:
            raise NotImplementedError(f"{node}: {reason}")


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


def Rop(f, wrt, eval_points, disconnected_outputs="raise", return_disconnected="zero"):
    """The Jacobian-vector products d f / d wrt . eval_points (forward mode,
    Theano's Rop): for each of `f` (a variable, list or tuple), the sum over
    `wrt` of its Jacobian times the matching eval point. One `RopProducts`
    node (the IR's `theano.rop`, expanded by the compiler) computes them;
    a user's op on the way that has Theano's `R_op` gives its outputs'
    products itself, and those outputs become independent variables of the
    products after it. An output that no `wrt` reaches through
    differentiable ops (a shape, an argmax, an op whose R_op gives None)
    raises DisconnectedInputError, warns or passes, as
    `disconnected_outputs` says, and is then zeros, None or a disconnected
    variable, as `return_disconnected` says."""
    f_list = list(f) if isinstance(f, (list, tuple)) else [f]
    wrt_list = list(wrt) if isinstance(wrt, (list, tuple)) else [wrt]
    points = list(eval_points) if isinstance(eval_points, (list, tuple)) else [eval_points]
    if len(wrt_list) != len(points):
        raise ValueError("`wrt` must be the same length as `eval_points`.")
    if disconnected_outputs not in ("ignore", "warn", "raise"):
        raise ValueError(
            "Invalid value for keyword 'disconnected_inputs', valid values are 'ignore', 'warn' and 'raise'."
        )
    if return_disconnected.lower() not in ("zero", "none", "disconnected"):
        raise ValueError(
            "Invalid value for keyword 'return_disconnected', valid values are 'zero', 'None' and 'Disconnected'."
        )
    f_list = [as_tensor_variable(o) for o in f_list]
    tangents = {}  # id(variable) -> its tangent, for the products' independent variables
    sources = []
    for index, (w, point) in enumerate(zip(wrt_list, points)):
        w, point = as_tensor_variable(w), as_tensor_variable(point)
        if w.ndim != point.ndim:
            raise ValueError(
                f"Element {index} of wrt/eval_point have mismatched dimensionality: {w.ndim} versus {point.ndim}"
            )
        if w.dtype in dtypes.FLOATS and id(w) not in tangents:
            tangents[id(w)] = point if point.dtype == w.dtype else cast(point, w.dtype)
            sources.append(w)
    _refuse_unimplemented(f_list, sources, [])
    _refuse_jacobians_on_the_path(_ancestors(f_list, set()), sources)
    carried, blocked = {id(w) for w in sources}, []
    for node in toposort(f_list):
        carrying = [id(i) in carried for i in node.inputs]
        if not any(carrying):
            continue
        if callable(getattr(node.op, "R_op", None)):  # a user's op: Theano's contract
            products = node.op.R_op(
                list(node.inputs), _rop_input_points(node, carrying, tangents, sources, blocked)
            )
            for output, product in zip(node.outputs, products):
                if id(output) in tangents:
                    continue
                if product is None:
                    blocked.append(output)
                    continue
                tangents[id(output)] = product
                sources.append(output)
                carried.add(id(output))
            continue
        if isinstance(node.op, StopGradient) and node.op.disconnected:
            continue
        pattern = getattr(node.op, "connection_pattern", None)
        pattern = pattern(node) if callable(pattern) else [[True] * len(node.outputs) for _ in node.inputs]
        for k, output in enumerate(node.outputs):
            if getattr(output, "dtype", None) in dtypes.FLOATS and any(
                c and pattern[i][k] for i, c in enumerate(carrying)
            ):
                carried.add(id(output))

    computed = [o for o in {id(o): o for o in f_list}.values() if id(o) in carried and id(o) not in tangents]
    by_id = dict(zip(map(id, computed), _rop_products(computed, sources, tangents, blocked)))
    results = []
    for output in f_list:
        if id(output) in tangents:
            results.append(tangents[id(output)])
        elif id(output) in by_id:
            results.append(by_id[id(output)])
        else:
            results.append(_disconnected_output(output, disconnected_outputs, return_disconnected))
    return _format_as(f, results)


class RopProducts(Op):
    """The Jacobian-vector products of `outputs` with respect to the
    independent variables `wrt` and their tangents; no derivative flows
    into `constants`. Inputs: outputs + wrt + tangents + constants."""

    __props__ = ("n_outputs", "n_wrt", "n_constants")

    def __init__(self, n_outputs, n_wrt, n_constants):
        self.n_outputs, self.n_wrt, self.n_constants = int(n_outputs), int(n_wrt), int(n_constants)

    def __str__(self):
        return "Rop"

    def make_node(self, *inputs):
        return Apply(self, list(inputs), [o.type() for o in inputs[: self.n_outputs]])

    def emit(self, emitter, node, inputs):
        n, m = self.n_outputs, self.n_wrt
        outputs, wrt = inputs[:n], inputs[n : n + m]
        tangents, constants = inputs[n + m : n + 2 * m], inputs[n + 2 * m :]
        result_types = [
            emitter.tensor_type(o.dtype, emitter.shape_of(v)) for o, v in zip(node.outputs, outputs)
        ]
        results = dialect.rop(result_types, outputs, wrt, tangents, constants)
        return list(results) if n > 1 else [results]


def _rop_products(outputs, sources, tangents, blocked):
    """The products of `outputs` (float variables the sources reach), one
    RopProducts node for them all."""
    if not outputs:
        return []
    op = RopProducts(len(outputs), len(sources), len(blocked))
    node = op.make_node(*outputs, *sources, *[tangents[id(s)] for s in sources], *blocked)
    return node.outputs


def _rop_input_points(node, carrying, tangents, sources, blocked):
    """The eval points a user's R_op gets for `node`'s inputs (Theano's):
    a tangent where one reaches, else zeros (None for a non-tensor)."""
    needed = [i for i, c in zip(node.inputs, carrying) if c and id(i) not in tangents]
    computed = dict(zip(map(id, needed), _rop_products(needed, sources, tangents, blocked)))
    result = []
    for variable, c in zip(node.inputs, carrying):
        if c:
            result.append(tangents.get(id(variable), computed.get(id(variable))))
        else:
            try:
                result.append(zeros_like(variable))
            except Exception:  # a random state, a non-tensor (Theano's None)
                result.append(None)
    return result


def _disconnected_output(output, disconnected_outputs, return_disconnected):
    message = (
        "Rop method was asked to compute the gradient with respect to a variable that is not part "
        "of the computational graph of variables in wrt, or is used only by a non-differentiable "
        f"operator: {output}"
    )
    if disconnected_outputs == "raise":
        raise DisconnectedInputError(message)
    if disconnected_outputs == "warn":
        warnings.warn(message, stacklevel=3)
    kind = return_disconnected.lower()
    if kind == "zero":
        return zeros_like(output)
    return None if kind == "none" else DisconnectedType()()


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

"""theano.tensor.nnet.bn: batch normalization (Theano 1.0's).

batch_normalization applies given statistics; batch_normalization_train
normalizes by the batch's mean and inverse standard deviation over `axes`
(and returns the running averages' new values); batch_normalization_test
uses given estimates. The ops Theano names (AbstractBatchNormTrain,
AbstractBatchNormInference, AbstractBatchNormTrainGrad) are graphs of
tensor ops here (CompositeOp): the compiler fuses and differentiates them.
"""

import numpy as np

from ... import dtypes
from ...config import config
from ...graph import Apply, Variable
from ...graph.op import CompositeOp
from .. import basic as T
from ..differentiation import DisconnectedType
from ..elemwise import sqr, true_div
from ..type import TensorType


def batch_normalization(inputs, gamma, beta, mean, std, mode="low_mem"):
    """(inputs - mean) * (gamma / std) + beta, the operands broadcasting
    against inputs (the two modes are one graph here)."""
    if mode not in ("low_mem", "high_mem"):
        raise ValueError('mode must be either "low_mem", "high_mem"')
    inputs, gamma, beta, mean, std = (T.as_tensor_variable(v) for v in (inputs, gamma, beta, mean, std))
    return (inputs - mean) * (gamma / std) + beta


def _prepare_batch_normalization_axes(axes, ndim):
    if axes == "per-activation":
        axes = (0,)
    elif axes == "spatial":
        axes = (0,) + tuple(range(2, ndim))
    elif isinstance(axes, (tuple, list, np.ndarray)):
        axes = tuple(int(a) for a in axes)
    else:
        raise ValueError(f"invalid axes: {axes}")
    axes = tuple(sorted(axes))
    if len(axes) == 0:
        raise ValueError("there should be at least one normalization axis")
    if min(axes) < 0 or max(axes) >= ndim:
        raise ValueError(f"axes should be less than ndim (<{ndim}), but {axes} given")
    return axes, tuple(i for i in range(ndim) if i not in axes)


def _epsilon(epsilon):
    value = np.asarray(epsilon, dtype=config.floatX)
    if value < 1e-5:
        raise ValueError(f"epsilon must be at least 1e-5, got {value}")
    return value


def _params(ndim, axes, non_bc_axes, named):
    """The parameters broadcast to the inputs' rank: given with one
    dimension per non-normalized axis, or already at that rank."""
    first = T.as_tensor_variable(next(iter(named.values())))
    params_ndim = ndim if first.ndim == ndim else len(non_bc_axes)
    pattern = ["x"] * ndim
    for i, axis in enumerate(non_bc_axes):
        pattern[axis] = i
    out = {}
    for name, value in named.items():
        value = T.as_tensor_variable(value)
        if value.ndim != params_ndim:
            raise ValueError(
                f"gamma and beta dimensionality must match the number of non-normalized axes, or have the "
                f"same number of dimensions as the inputs; got {value.ndim} for {name} instead of {params_ndim}"
            )
        out[name] = value.dimshuffle(pattern) if params_ndim != ndim else T.addbroadcast(value, *axes)
    return params_ndim, out


def batch_normalization_train(
    inputs,
    gamma,
    beta,
    axes="per-activation",
    epsilon=1e-4,
    running_average_factor=0.1,
    running_mean=None,
    running_var=None,
):
    """(out, mean, invstd) normalized by the batch statistics over `axes`,
    plus the new running mean and variance when both are given."""
    inputs = T.as_tensor_variable(inputs)
    ndim = inputs.ndim
    axes, non_bc_axes = _prepare_batch_normalization_axes(axes, ndim)
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be given or both be None")
    named = dict(gamma=gamma, beta=beta)
    if running_mean is not None:
        named.update(running_mean=running_mean, running_var=running_var)
    params_ndim, params = _params(ndim, axes, non_bc_axes, named)
    op = AbstractBatchNormTrain(axes=axes)
    results = op(
        inputs,
        params["gamma"],
        params["beta"],
        epsilon=_epsilon(epsilon),
        running_average_factor=running_average_factor,
        running_mean=params.get("running_mean"),
        running_var=params.get("running_var"),
    )
    results = list(results)
    if params_ndim != ndim:
        results = [results[0]] + [r.dimshuffle(non_bc_axes) for r in results[1:]]
    return tuple(results)


def batch_normalization_test(inputs, gamma, beta, mean, var, axes="per-activation", epsilon=1e-4):
    """(inputs - mean) * gamma / sqrt(var + epsilon) + beta, with estimated
    statistics."""
    inputs = T.as_tensor_variable(inputs)
    ndim = inputs.ndim
    axes, non_bc_axes = _prepare_batch_normalization_axes(axes, ndim)
    _, params = _params(ndim, axes, non_bc_axes, dict(gamma=gamma, beta=beta, mean=mean, var=var))
    return AbstractBatchNormInference(axes=axes)(
        inputs, params["gamma"], params["beta"], params["mean"], params["var"], epsilon=_epsilon(epsilon)
    )


def _scalar(value, dtype):
    """A scalar operand: a variable as it is (a rebuilt node's), else a
    constant of `dtype`."""
    if isinstance(value, Variable):
        return value
    return T.constant(np.asarray(value, dtype=dtype))


def _count(x, axes):
    """The number of elements each statistic reduces over, in x's dtype."""
    return T.cast(T.prod([x.shape[a] for a in axes]), x.dtype)


class AbstractBatchNormTrain(CompositeOp):
    """(out, mean, invstd[, new running mean, new running var]) of x over
    `axes` (Theano's op)."""

    __props__ = ("axes",)

    def __init__(self, axes=(0,)):
        self.axes = tuple(axes)

    def make_node(
        self, x, scale, bias, epsilon=1e-4, running_average_factor=0.1, running_mean=None, running_var=None
    ):
        x, scale, bias = (T.as_tensor_variable(v) for v in (x, scale, bias))
        epsilon = _scalar(epsilon, x.dtype if x.dtype in dtypes.FLOATS else config.floatX)
        factor = _scalar(running_average_factor, epsilon.dtype)
        inputs = [x, scale, bias, epsilon, factor]
        stats = TensorType(x.dtype, tuple(b or i in self.axes for i, b in enumerate(x.broadcastable)))
        outputs = [x.type(), stats(), stats()]
        if running_mean is not None:
            inputs += [T.as_tensor_variable(running_mean), T.as_tensor_variable(running_var)]
            outputs += [inputs[5].type(), inputs[6].type()]
        return Apply(self, inputs, outputs)

    def connection_pattern(self, node):
        """Theano's: epsilon and the factor reach no output; a running
        statistic only its new value."""
        patterns = [[True] * 3, [True] * 3, [True] * 3, [False] * 3, [False] * 3]
        for i in range(5, len(node.inputs)):
            patterns[0].append(True)
            for pattern in patterns[1:]:
                pattern.append(False)
            patterns.append([False] * (3 + i - 5) + [True])
        return patterns

    def L_op(self, inputs, outputs, grads):
        """Theano's: AbstractBatchNormTrainGrad of the output's gradient, at
        the batch's mean and invstd (the node's own outputs, so that a second
        derivative with those as constants is Theano's); gradients reaching
        the statistics themselves are not followed, as in Theano."""
        x, scale, _, epsilon = inputs[:4]
        dy = grads[0]
        if isinstance(getattr(dy, "type", None), DisconnectedType):
            dy = x.zeros_like()
        result = list(AbstractBatchNormTrainGrad(self.axes)(x, dy, scale, outputs[1], outputs[2], epsilon))
        return result + [DisconnectedType()() for _ in inputs[3:]]

    def build(self, node, x, scale, bias, epsilon, factor, *running):
        mean = T.mean(x, axis=self.axes, keepdims=True)
        var = T.mean(sqr(x - mean), axis=self.axes, keepdims=True)
        invstd = true_div(1, T.sqrt(var + epsilon))
        out = (x - mean) * invstd * scale + bias
        results = [out, mean, invstd]
        if running:
            running_mean, running_var = running
            m = _count(x, self.axes)
            results.append(running_mean * (1 - factor) + mean * factor)
            results.append(running_var * (1 - factor) + (m / (m - 1)) * var * factor)
        return results


class AbstractBatchNormInference(CompositeOp):
    """(x - mean) * scale / sqrt(var + epsilon) + bias (Theano's op)."""

    __props__ = ("axes",)

    def __init__(self, axes=(0,)):
        self.axes = tuple(axes)

    def make_node(self, x, scale, bias, estimated_mean, estimated_variance, epsilon=1e-4):
        inputs = [T.as_tensor_variable(v) for v in (x, scale, bias, estimated_mean, estimated_variance)]
        epsilon = _scalar(epsilon, inputs[0].dtype)
        return Apply(self, inputs + [epsilon], [inputs[0].type()])

    def build(self, node, x, scale, bias, mean, var, epsilon):
        return [(x - mean) * (scale / T.sqrt(var + epsilon)) + bias]


class AbstractBatchNormTrainGrad(CompositeOp):
    """(g_x, g_scale, g_bias) of batch normalization in training, given
    dy, the scale and the batch's mean and invstd (Theano's op)."""

    __props__ = ("axes",)

    def __init__(self, axes=(0,)):
        self.axes = tuple(axes)

    def make_node(self, x, dy, scale, x_mean, x_invstd, epsilon=1e-4):
        inputs = [T.as_tensor_variable(v) for v in (x, dy, scale, x_mean, x_invstd)]
        epsilon = _scalar(epsilon, inputs[0].dtype)
        return Apply(self, inputs + [epsilon], [inputs[0].type(), inputs[2].type(), inputs[2].type()])

    def connection_pattern(self, node):
        return [
            [True, True, False],  # x
            [True, True, True],  # dy
            [True, False, False],  # scale
            [True, True, False],  # x_mean
            [True, True, False],  # x_invstd
            [False, False, False],  # epsilon
        ]

    def grad(self, inputs, grads):
        """Theano 1.0.5's second-order rules (its AbstractBatchNormTrainGrad
        .grad, ported): the mean and invstd are inputs here, and these are
        the derivatives Theano's tests compare with a graph differentiated
        twice with the statistics held constant."""

        def given(g):
            return not isinstance(getattr(g, "type", None), DisconnectedType)

        x, dy, scale, x_mean, x_invstd, _ = inputs
        ddinputs, ddscale, ddbias = grads
        axes = self.axes
        x_diff = x - x_mean
        mean_dy_x_diff = T.mean(dy * x_diff, axis=axes, keepdims=True)
        g_x = g_dy = g_scale = g_mean = g_invstd = None

        def plus(total, term):
            return term if total is None else total + term

        if given(ddinputs):
            ccc = scale * (ddinputs - T.mean(ddinputs, axis=axes, keepdims=True))
            ddd = (x_invstd**3) * (
                ccc * T.mean(dy * x_diff, axis=axes, keepdims=True)
                + dy * T.mean(ccc * x_diff, axis=axes, keepdims=True)
            )
            g_x = plus(g_x, -ddd)
            g_dy = plus(
                g_dy,
                (ccc * x_invstd) - ((x_invstd**3) * x_diff * T.mean(ccc * x_diff, axis=axes, keepdims=True)),
            )
            eee = (dy * x_invstd) - ((x_invstd**3) * x_diff * mean_dy_x_diff)
            g_scale = plus(
                g_scale,
                T.sum(ddinputs * (eee - T.mean(eee, axis=axes, keepdims=True)), axis=axes, keepdims=True),
            )
            g_mean = plus(g_mean, T.sum(ddd, axis=axes, keepdims=True))
            g_invstd = plus(
                g_invstd,
                T.sum(ccc * (dy - 3 * (x_invstd**2) * x_diff * mean_dy_x_diff), axis=axes, keepdims=True),
            )
        if given(ddscale):
            g_x = plus(g_x, x_invstd * ddscale * dy)
            g_dy = plus(g_dy, x_invstd * ddscale * x_diff)
            g_mean = plus(g_mean, -(x_invstd * ddscale * T.sum(dy, axis=axes, keepdims=True)))
            g_invstd = plus(g_invstd, ddscale * T.sum(dy * x_diff, axis=axes, keepdims=True))
        if given(ddbias):
            g_dy = plus(g_dy, T.fill(dy, ddbias))
        results = [g_x, g_dy, g_scale, g_mean, g_invstd, None]
        return [DisconnectedType()() if r is None else r for r in results]

    def build(self, node, x, dy, scale, mean, invstd, epsilon):
        # Theano's formula, for any mean and invstd given (not only the
        # batch's): its second-order rules (grad) are derivatives of this
        axes = self.axes
        x_diff = x - mean
        mean_dy_x_diff = T.mean(dy * x_diff, axis=axes, keepdims=True)
        c = (dy * invstd) - (x_diff * mean_dy_x_diff * (invstd**3))
        g_x = scale * (c - T.mean(c, axis=axes, keepdims=True))
        g_scale = T.sum(dy * invstd * x_diff, axis=axes, keepdims=True)
        g_bias = T.sum(dy, axis=axes, keepdims=True)
        return [g_x, g_scale, g_bias]

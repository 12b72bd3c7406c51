"""Softmax, log-softmax and cross-entropies (Theano's
theano.tensor.nnet.nnet; the elementwise activations are in the table of
tensor/elemwise.py). softmax and logsoftmax are `theano` dialect ops;
the cross-entropies are Theano's formulas, which the `theano-stabilize`
rewrites turn into stable forms (log of softmax, log of sigmoid)."""

import warnings

from ...dialect import theano as dialect
from ...graph import Apply, Op
from .. import basic as T
from ..concatenation import concatenate
from ..conversion import as_tensor_variable
from ..extra_ops import Unique
from ..ranges import arange
from ..elemwise import DimShuffle, exp, log
from ..type import TensorType


class _RowNormalization(Op):
    """An op over the rows of a matrix; a vector is padded to one row, with
    Theano's deprecation warning."""

    dialect_op = None  # the dialect op's builder class

    def __str__(self):
        return type(self).__name__

    def make_node(self, x):
        x = as_tensor_variable(x)
        if x.ndim not in (1, 2) or x.dtype not in ("float16", "float32", "float64"):
            raise ValueError(f"x must be 1-d or 2-d tensor of floats. Got {x.type}")
        if x.ndim == 1:
            warnings.warn(
                f"DEPRECATION: If x is a vector, {self} will not automatically pad x "
                "anymore in next releases. If you need it, please do it manually. The "
                "vector case is gonna be supported soon and the output will be a vector.",
                stacklevel=4,
            )
            x = DimShuffle(["x", 0])(x)
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [self.dialect_op(inputs[0]).result]


class Softmax(_RowNormalization):
    """exp(x) / sum(exp(x)) over each row, shifted by the row's maximum."""

    dialect_op = dialect.SoftmaxOp


class LogSoftmax(_RowNormalization):
    """log(softmax(x)) over each row, computed without log(0)."""

    dialect_op = dialect.LogSoftmaxOp


softmax_op, logsoftmax_op = Softmax(), LogSoftmax()


def softmax(c):
    """Softmax of each row of `c` (a vector is one row)."""
    c = as_tensor_variable(c)
    if c.broadcastable[-1]:
        warnings.warn(
            "The softmax is applied on a dimension of shape 1, which does not have a semantic meaning.",
            stacklevel=2,
        )
    return softmax_op(c)


def softmax_graph(c):
    """Theano's softmax written as a graph: exp(c) / sum(exp(c)) over the
    last axis (no max subtracted, as Theano's)."""
    e = exp(as_tensor_variable(c))
    return e / e.sum(axis=-1, keepdims=True)


def logsoftmax(c):
    """Log-softmax of each row of `c`."""
    return logsoftmax_op(c)


log_softmax = logsoftmax


class CrossentropyCategorical1Hot(Op):
    """-log(coding_dist[i, true_one_of_n[i]]) per row; the indices are
    checked at run time (an index out of range is a ValueError)."""

    def __str__(self):
        return "CrossentropyCategorical1Hot"

    def make_node(self, coding_dist, true_one_of_n):
        coding_dist = as_tensor_variable(coding_dist)
        true_one_of_n = as_tensor_variable(true_one_of_n)
        if coding_dist.ndim != 2:
            raise TypeError("matrix required for argument: coding_dist")
        if true_one_of_n.ndim != 1 or true_one_of_n.dtype not in ("int32", "int64"):
            raise TypeError(
                f"integer vector required for argument: true_one_of_n(got type: "
                f"{true_one_of_n.type} instead of: TensorType(int64, vector))"
            )
        return Apply(self, [coding_dist, true_one_of_n], [TensorType(coding_dist.dtype, [False])()])

    def emit(self, emitter, node, inputs):
        coding, targets = inputs
        rows = emitter.shape_of(coding)[:1]
        taken = dialect.take_per_row(
            emitter.tensor_type(node.outputs[0].dtype, rows), coding, emitter.cast(targets, "int64")
        )
        return [dialect.neg(dialect.log(taken))]


crossentropy_categorical_1hot = CrossentropyCategorical1Hot()


def categorical_crossentropy(coding_dist, true_dist):
    """Cross-entropy of each row of `coding_dist` (probabilities) against
    `true_dist`: a distribution per row, or an integer class per row."""
    coding_dist, true_dist = as_tensor_variable(coding_dist), as_tensor_variable(true_dist)
    if true_dist.ndim == coding_dist.ndim:
        return -T.sum(true_dist * log(coding_dist), axis=coding_dist.ndim - 1)
    if true_dist.ndim == coding_dist.ndim - 1:
        return crossentropy_categorical_1hot(coding_dist, true_dist)
    raise TypeError("rank mismatch between coding and true distributions")


def binary_crossentropy(output, target):
    """Elementwise cross-entropy of binary variables: output in (0, 1)."""
    return -(target * log(output) + (1.0 - target) * log(1.0 - output))


# --- Theano's softmax-with-bias family, as graphs of the ops above ----------


def softmax_with_bias(x, b):
    """softmax(x + b), b a vector added to each row."""
    return softmax(as_tensor_variable(x) + as_tensor_variable(b))


def softmax_grad(dy, sm):
    """The input's gradient of a softmax `sm` given its output's `dy`."""
    dy, sm = as_tensor_variable(dy), as_tensor_variable(sm)
    return (dy - T.sum(dy * sm, axis=1, keepdims=True)) * sm


def crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx):
    """(-log softmax(x + b)[i, y_idx[i]], softmax(x + b), argmax(x + b)) per
    row (Theano's CrossentropySoftmaxArgmax1HotWithBias)."""
    z = as_tensor_variable(x) + as_tensor_variable(b)
    sm = softmax(z)
    nll = crossentropy_categorical_1hot(sm, as_tensor_variable(y_idx))
    return nll, sm, T.argmax(z, axis=1)


def crossentropy_softmax_1hot_with_bias(x, b, y_idx):
    """(nll, softmax) of crossentropy_softmax_argmax_1hot_with_bias."""
    return crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx)[0:2]


def crossentropy_softmax_1hot(x, y_idx):
    """(nll, softmax) of the rows of x against the classes y_idx."""
    x = as_tensor_variable(x)
    return crossentropy_softmax_1hot_with_bias(x, T.zeros_like(x[0]), y_idx)


def crossentropy_softmax_max_and_argmax_1hot_with_bias(x, b, y_idx):
    """(nll, softmax, max of softmax, argmax) per row."""
    nll, sm, am = crossentropy_softmax_argmax_1hot_with_bias(x, b, y_idx)
    return nll, sm, T.max(sm, axis=1), am


def crossentropy_softmax_max_and_argmax_1hot(x, y_idx):
    x = as_tensor_variable(x)
    return crossentropy_softmax_max_and_argmax_1hot_with_bias(x, T.zeros_like(x[0]), y_idx)


def crossentropy_softmax_1hot_with_bias_dx(dy, sm, y_idx):
    """The logits' gradient of the nll: (sm - one_hot(y_idx)) * dy per row."""
    dy, sm, y_idx = (as_tensor_variable(v) for v in (dy, sm, y_idx))
    hot = T.eq(T.shape_padleft(arange(sm.shape[1])), T.shape_padright(y_idx))
    return (sm - T.cast(hot, sm.dtype)) * T.shape_padright(dy)


def prepend_scalar_to_each_row(val, mat):
    """mat with a first column of `val`."""
    mat = as_tensor_variable(mat)
    column = T.alloc(T.cast(as_tensor_variable(val), mat.dtype), mat.shape[0], 1)
    return concatenate([column, mat], axis=1)


def prepend_0_to_each_row(mat):
    return prepend_scalar_to_each_row(0.0, mat)


def prepend_1_to_each_row(mat):
    return prepend_scalar_to_each_row(1.0, mat)


def confusion_matrix(actual, pred):
    """(the confusion matrix, the sorted classes seen): entry [i, j]
    counts the samples of class order[i] predicted as order[j]."""
    actual, pred = as_tensor_variable(actual), as_tensor_variable(pred)
    if actual.ndim != 1 or pred.ndim != 1:
        raise ValueError("actual and pred must be vectors")
    order = Unique(False, False, False)(concatenate([actual, pred]))
    one_hot_actual = T.cast(T.eq(actual.dimshuffle(0, "x"), order), "int64")
    one_hot_pred = T.cast(T.eq(pred.dimshuffle(0, "x"), order), "int64")
    return [T.dot(one_hot_actual.T, one_hot_pred), order]

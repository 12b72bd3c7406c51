"""Softmax, log-softmax and cross-entropies (Theano's
theano.tensor.nnet.nnet; the elementwise activations are in the table of
tensor/elemwise.py). softmax and logsoftmax are `theano` dialect ops;
the cross-entropies are Theano's formulas, which the `theano-stabilize`
rewrites turn into stable forms (log of softmax, log of sigmoid)."""

import warnings

from ...dialect import theano as dialect
from ...graph import Apply, Op
from ...graph.op import CompositeOp
from .. import basic as T
from ..concatenation import concatenate
from ..conversion import as_tensor_variable
from ..extra_ops import Unique
from ..ranges import arange
from ..elemwise import EXPORTS as _ELEMWISE_EXPORTS, DimShuffle, exp, log
from ..type import TensorType
from .blocksparse import sparse_block_dot

_ELEMWISE_NNET = _ELEMWISE_EXPORTS["nnet"]


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


# --- Theano's softmax-with-bias family: op classes written as graphs -------


class SoftmaxWithBias(CompositeOp):
    """softmax(x + b), b a vector added to each row (Theano's op)."""

    def make_node(self, x, b):
        x, b = as_tensor_variable(x), as_tensor_variable(b)
        return Apply(self, [x, b], [x.type()])

    def build(self, node, x, b):
        return [softmax(x + b)]


softmax_with_bias = SoftmaxWithBias()


class SoftmaxGrad(CompositeOp):
    """The input's gradient of a softmax `sm` given its output's `dy`."""

    def make_node(self, dy, sm):
        dy, sm = as_tensor_variable(dy), as_tensor_variable(sm)
        return Apply(self, [dy, sm], [sm.type()])

    def build(self, node, dy, sm):
        return [(dy - T.sum(dy * sm, axis=1, keepdims=True)) * sm]


softmax_grad = SoftmaxGrad()


class CrossentropySoftmaxArgmax1HotWithBias(CompositeOp):
    """(-log softmax(x + b)[i, y_idx[i]], softmax(x + b), argmax(x + b))
    per row (Theano's op)."""

    def make_node(self, x, b, y_idx):
        x, b, y_idx = (as_tensor_variable(v) for v in (x, b, y_idx))
        if x.ndim != 2 or b.ndim != 1 or y_idx.ndim != 1:
            raise ValueError("x must be a matrix, b and y_idx vectors")
        return Apply(
            self,
            [x, b, y_idx],
            [TensorType(x.dtype, (False,))(), x.type(), TensorType(y_idx.dtype, (False,))()],
        )

    def build(self, node, x, b, y_idx):
        z = x + b
        sm = softmax(z)
        return [crossentropy_categorical_1hot(sm, y_idx), sm, T.argmax(z, axis=1)]


crossentropy_softmax_argmax_1hot_with_bias = CrossentropySoftmaxArgmax1HotWithBias()


class CrossentropySoftmax1HotWithBiasDx(CompositeOp):
    """The logits' gradient of the nll: (sm - one_hot(y_idx)) * dy per row."""

    def make_node(self, dy, sm, y_idx):
        dy, sm, y_idx = (as_tensor_variable(v) for v in (dy, sm, y_idx))
        return Apply(self, [dy, sm, y_idx], [sm.type()])

    def build(self, node, dy, sm, y_idx):
        hot = T.eq(T.shape_padleft(arange(sm.shape[1])), T.shape_padright(y_idx))
        return [(sm - T.cast(hot, sm.dtype)) * T.shape_padright(dy)]


crossentropy_softmax_1hot_with_bias_dx = CrossentropySoftmax1HotWithBiasDx()


class CrossentropyCategorical1HotGrad(CompositeOp):
    """The coding distribution's gradient of CrossentropyCategorical1Hot:
    -g_y[i] / coding[i, t_i] at column t_i of row i, 0 elsewhere."""

    def make_node(self, g_y, coding_dist, true_one_of_n):
        g_y, coding_dist, true_one_of_n = (as_tensor_variable(v) for v in (g_y, coding_dist, true_one_of_n))
        return Apply(self, [g_y, coding_dist, true_one_of_n], [coding_dist.type()])

    def build(self, node, g_y, coding, targets):
        hot = T.cast(T.eq(T.shape_padleft(arange(coding.shape[1])), T.shape_padright(targets)), coding.dtype)
        return [-hot * T.shape_padright(g_y) / coding]


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


class Prepend_scalar_constant_to_each_row(CompositeOp):
    """mat with a first column of the constant `val` (Theano's op)."""

    __props__ = ("val",)

    def __init__(self, val=0):
        self.val = float(val)

    def make_node(self, mat):
        mat = as_tensor_variable(mat)
        return Apply(self, [mat], [TensorType(mat.dtype, (mat.broadcastable[0], False))()])

    def build(self, node, mat):
        return [prepend_scalar_to_each_row(self.val, mat)]


class Prepend_scalar_to_each_row(CompositeOp):
    """mat with a first column of the scalar `val` (Theano's op)."""

    def make_node(self, val, mat):
        val, mat = as_tensor_variable(val), as_tensor_variable(mat)
        return Apply(self, [val, mat], [TensorType(mat.dtype, (mat.broadcastable[0], False))()])

    def build(self, node, val, mat):
        return [prepend_scalar_to_each_row(val, mat)]


def h_softmax(x, batch_size, n_outputs, n_classes, n_outputs_per_class, W1, b1, W2, b2, target=None):
    """Theano's two-level hierarchical softmax: the probability of each
    output (or of each example's `target`) as that of its class (a softmax
    of x W1 + b1) times that of the output within the class (a softmax of
    x W2[class] + b2[class]); outputs past `n_outputs` are dropped. As
    Theano's graph (with its sparse_block_dot for the targets' classes)."""
    class_probs = softmax(T.dot(x, W1) + b1)
    if target is None:
        activations = T.tensordot(x, W2, (1, 1)) + b2
        output_probs = softmax(activations.reshape((-1, n_outputs_per_class)))
        output_probs = output_probs.reshape((batch_size, n_classes, -1))
        output_probs = class_probs.dimshuffle(0, 1, "x") * output_probs
        output_probs = output_probs.reshape((batch_size, -1))
        return output_probs[:, :n_outputs]
    target = as_tensor_variable(target).flatten()
    target_classes = target // n_outputs_per_class
    target_outputs_in_class = target % n_outputs_per_class
    activations = sparse_block_dot(
        W2.dimshuffle("x", 0, 1, 2),
        x.dimshuffle(0, "x", 1),
        T.zeros((batch_size, 1), dtype="int32"),
        b2,
        target_classes.dimshuffle(0, "x"),
    )
    output_probs = softmax(activations.dimshuffle(0, 2))
    rows = arange(batch_size)
    return class_probs[rows, target_classes] * output_probs[rows, target_outputs_in_class]


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


softsign = _ELEMWISE_NNET["softsign"]

"""theano_mlir.tensor.nnet: neural-network ops."""

from ..elemwise import EXPORTS as _ELEMWISE_EXPORTS
from . import abstract_conv, bn, conv, conv3d2d, corr, corr3d
from .abstract_conv import conv2d, conv2d_transpose, conv3d
from . import sigm
from .sigm import selu, sigmoid_binary_crossentropy, ultra_fast_sigmoid
from .nnet import (
    CrossentropyCategorical1Hot,
    LogSoftmax,
    Softmax,
    binary_crossentropy,
    categorical_crossentropy,
    confusion_matrix,
    crossentropy_categorical_1hot,
    crossentropy_softmax_1hot,
    crossentropy_softmax_1hot_with_bias,
    crossentropy_softmax_1hot_with_bias_dx,
    crossentropy_softmax_argmax_1hot_with_bias,
    crossentropy_softmax_max_and_argmax_1hot,
    crossentropy_softmax_max_and_argmax_1hot_with_bias,
    log_softmax,
    logsoftmax,
    logsoftmax_op,
    softmax,
    prepend_0_to_each_row,
    prepend_1_to_each_row,
    prepend_scalar_to_each_row,
    softmax_grad,
    softmax_graph,
    softmax_op,
    softmax_with_bias,
)

globals().update(_ELEMWISE_EXPORTS["nnet"])  # sigmoid, softplus, relu, ...

__all__ = sorted(
    [
        "CrossentropyCategorical1Hot",
        "LogSoftmax",
        "Softmax",
        "abstract_conv",
        "bn",
        "binary_crossentropy",
        "conv2d",
        "conv2d_transpose",
        "conv3d",
        "categorical_crossentropy",
        "crossentropy_categorical_1hot",
        "log_softmax",
        "logsoftmax",
        "logsoftmax_op",
        "softmax",
        "softmax_graph",
        "softmax_op",
        "confusion_matrix",
        "crossentropy_softmax_1hot",
        "crossentropy_softmax_1hot_with_bias",
        "crossentropy_softmax_1hot_with_bias_dx",
        "crossentropy_softmax_argmax_1hot_with_bias",
        "crossentropy_softmax_max_and_argmax_1hot",
        "crossentropy_softmax_max_and_argmax_1hot_with_bias",
        "prepend_0_to_each_row",
        "prepend_1_to_each_row",
        "prepend_scalar_to_each_row",
        "selu",
        "sigm",
        "sigmoid_binary_crossentropy",
        "softmax_grad",
        "softmax_with_bias",
        "ultra_fast_sigmoid",
        *_ELEMWISE_EXPORTS["nnet"],
    ]
)

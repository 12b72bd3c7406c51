"""theano_mlir.tensor.nnet: neural-network ops."""

from ..elemwise import EXPORTS as _ELEMWISE_EXPORTS
from . import abstract_conv, bn
from .abstract_conv import conv2d, conv2d_transpose, conv3d
from .nnet import (
    CrossentropyCategorical1Hot,
    LogSoftmax,
    Softmax,
    binary_crossentropy,
    categorical_crossentropy,
    crossentropy_categorical_1hot,
    log_softmax,
    logsoftmax,
    logsoftmax_op,
    softmax,
    softmax_graph,
    softmax_op,
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
        *_ELEMWISE_EXPORTS["nnet"],
    ]
)

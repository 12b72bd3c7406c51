"""theano_mlir.tensor.nnet: neural-network ops."""
from ..basic import sigmoid, softplus
from .nnet import (
    CrossentropyCategorical1Hot, LogSoftmax, Softmax, binary_crossentropy, categorical_crossentropy,
    crossentropy_categorical_1hot, log_softmax, logsoftmax, logsoftmax_op, relu, softmax,
    softmax_op,
)

__all__ = [
    "CrossentropyCategorical1Hot", "LogSoftmax", "Softmax", "binary_crossentropy",
    "categorical_crossentropy", "crossentropy_categorical_1hot", "log_softmax", "logsoftmax",
    "logsoftmax_op", "relu", "sigmoid", "softmax", "softmax_op", "softplus",
]

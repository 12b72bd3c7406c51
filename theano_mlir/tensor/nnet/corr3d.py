"""theano.tensor.nnet.corr3d: Theano's 3-d CPU correlation ops (Corr3dMM
and its gradients): the abstract 3-d ops with filter_flip=False."""

from .abstract_conv import (
    AbstractConv3d,
    AbstractConv3d_gradInputs,
    AbstractConv3d_gradWeights,
    correlation_init,
)


class Corr3dMM(AbstractConv3d):
    """A 3-d correlation (no kernel flip): (img, kern)."""

    __init__ = correlation_init(3)


class Corr3dMM_gradWeights(AbstractConv3d_gradWeights):
    """The filters' gradient of Corr3dMM: (img, topgrad, shape)."""

    __init__ = correlation_init(3)


class Corr3dMM_gradInputs(AbstractConv3d_gradInputs):
    """The input's gradient of Corr3dMM: (kern, topgrad, shape)."""

    __init__ = correlation_init(3)

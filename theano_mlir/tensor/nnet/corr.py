"""theano.tensor.nnet.corr: Theano's CPU correlation ops (CorrMM and its
gradients), which its optimizer put in place of abstract convolutions
without a kernel flip: here the abstract ops with filter_flip=False."""

from .abstract_conv import (
    AbstractConv2d,
    AbstractConv2d_gradInputs,
    AbstractConv2d_gradWeights,
    correlation_init,
)


class CorrMM(AbstractConv2d):
    """A 2-d correlation (no kernel flip): CorrMM(border_mode, subsample,
    filter_dilation, num_groups)(img, kern)."""

    __init__ = correlation_init(2)


class CorrMM_gradWeights(AbstractConv2d_gradWeights):
    """The filters' gradient of CorrMM: (img, topgrad, shape)."""

    __init__ = correlation_init(2)


class CorrMM_gradInputs(AbstractConv2d_gradInputs):
    """The input's gradient of CorrMM: (kern, topgrad, shape)."""

    __init__ = correlation_init(2)

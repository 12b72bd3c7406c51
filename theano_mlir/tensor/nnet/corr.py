"""theano.tensor.nnet.corr: Theano's CPU correlation ops (CorrMM and its
gradients), which its optimizer put in place of abstract convolutions
without a kernel flip: here the abstract ops with filter_flip=False."""

from .abstract_conv import AbstractConv2d, AbstractConv2d_gradInputs, AbstractConv2d_gradWeights


def _corr_args(border_mode, subsample, filter_dilation, num_groups, unshared):
    return dict(
        border_mode=border_mode,
        subsample=subsample,
        filter_flip=False,
        filter_dilation=filter_dilation,
        num_groups=num_groups,
        unshared=unshared,
    )


class CorrMM(AbstractConv2d):
    """A 2-d correlation (no kernel flip): CorrMM(border_mode, subsample,
    filter_dilation, num_groups)(img, kern)."""

    def __init__(
        self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False
    ):
        super().__init__(
            None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups, unshared)
        )


class CorrMM_gradWeights(AbstractConv2d_gradWeights):
    """The filters' gradient of CorrMM: (img, topgrad, shape)."""

    def __init__(
        self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False
    ):
        super().__init__(
            None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups, unshared)
        )


class CorrMM_gradInputs(AbstractConv2d_gradInputs):
    """The input's gradient of CorrMM: (kern, topgrad, shape)."""

    def __init__(
        self, border_mode="valid", subsample=(1, 1), filter_dilation=(1, 1), num_groups=1, unshared=False
    ):
        super().__init__(
            None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups, unshared)
        )

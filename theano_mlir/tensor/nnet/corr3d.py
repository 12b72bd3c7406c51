"""theano.tensor.nnet.corr3d: Theano's 3-d CPU correlation ops (Corr3dMM
and its gradients): the abstract 3-d ops with filter_flip=False."""

from .abstract_conv import AbstractConv3d, AbstractConv3d_gradInputs, AbstractConv3d_gradWeights


def _corr_args(border_mode, subsample, filter_dilation, num_groups):
    return dict(
        border_mode=border_mode,
        subsample=subsample,
        filter_flip=False,
        filter_dilation=filter_dilation,
        num_groups=num_groups,
    )


class Corr3dMM(AbstractConv3d):
    """A 3-d correlation (no kernel flip): (img, kern)."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        super().__init__(None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups))


class Corr3dMM_gradWeights(AbstractConv3d_gradWeights):
    """The filters' gradient of Corr3dMM: (img, topgrad, shape)."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        super().__init__(None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups))


class Corr3dMM_gradInputs(AbstractConv3d_gradInputs):
    """The input's gradient of Corr3dMM: (kern, topgrad, shape)."""

    def __init__(self, border_mode="valid", subsample=(1, 1, 1), filter_dilation=(1, 1, 1), num_groups=1):
        super().__init__(None, None, **_corr_args(border_mode, subsample, filter_dilation, num_groups))

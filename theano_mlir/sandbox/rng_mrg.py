"""theano.sandbox.rng_mrg: Theano's MRG31k3p random streams. theano_mlir
has no random number ops yet (the `theano` dialect has no generator state),
so MRG_RandomStreams exists for code that imports it and raises
NotImplementedError, naming what is missing, when one is built."""


class MRG_RandomStreams:
    """Theano's symbolic random streams (uniform, normal, binomial, ...).
    Not implemented: building one raises NotImplementedError."""

    def __init__(self, seed=12345, *args, **kwargs):
        raise NotImplementedError(
            "theano.sandbox.rng_mrg.MRG_RandomStreams is not implemented in theano_mlir: "
            "there are no random number ops yet"
        )


__all__ = ["MRG_RandomStreams"]

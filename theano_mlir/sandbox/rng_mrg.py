"""theano.sandbox.rng_mrg: Theano's MRG31k3p random streams. theano_mlir
has no random number ops yet (the `theano` dialect has no generator state):
an MRG_RandomStreams can be built (models build one whether or not they
draw, e.g. the LSTM tutorial without dropout), and drawing from it raises
NotImplementedError naming what is missing."""

_MISSING = "theano.sandbox.rng_mrg.MRG_RandomStreams.{} is not implemented in theano_mlir: there are no random number ops yet"


class MRG_RandomStreams:
    """Theano's symbolic random streams (uniform, normal, binomial, ...).
    Building one records its seed; drawing raises NotImplementedError."""

    def __init__(self, seed=12345, *args, **kwargs):
        self.seed(seed)

    def seed(self, seed=None):
        self.rstate = seed

    def _not_implemented(name):
        def draw(self, *args, **kwargs):
            raise NotImplementedError(_MISSING.format(name))

        draw.__name__ = name
        draw.__doc__ = f"Theano's {name} draw (NotImplementedError: no random number ops yet)."
        return draw

    for _name in ("uniform", "normal", "binomial", "multinomial", "choice", "truncated_normal", "updates"):
        locals()[_name] = _not_implemented(_name)
    del _name, _not_implemented


__all__ = ["MRG_RandomStreams"]

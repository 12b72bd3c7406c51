"""theano.sandbox.multinomial: draws from the rows of a probability matrix,
given uniform draws (Theano's MultinomialFromUniform and ChoiceFromUniform,
which MRG_RandomStreams.multinomial and .choice build). Each is written as
a graph of tensor ops (CompositeOp); choice without replacement is a scan
over the draws, each removing the outcome it took."""

import warnings

from .. import tensor
from ..graph import Apply
from ..graph.op import CompositeOp
from ..scan_module import scan
from ..tensor.conversion import as_tensor_variable
from ..tensor.type import TensorType


def _checked(pvals, unis):
    pvals = as_tensor_variable(pvals)
    unis = as_tensor_variable(unis)
    if pvals.ndim != 2:
        raise NotImplementedError("pvals ndim should be 2", pvals.ndim)
    if unis.ndim != 1:
        raise NotImplementedError("unis ndim should be 1", unis.ndim)
    return pvals, unis


def _first_above(cumulative, draws):
    """Where each row of `cumulative` (... x K) first exceeds its draw
    (draws: one per row): a 0/1 tensor with at most one 1 per row."""
    hit = tensor.gt(cumulative, tensor.shape_padright(draws))
    counted = tensor.cumsum(tensor.cast(hit, "int64"), axis=-1)
    return tensor.and_(hit, tensor.eq(counted, 1))


class MultinomialFromUniform(CompositeOp):
    """n samples of each row of `pvals` from `unis` (n * rows uniform
    draws, sample c of row r using unis[c * rows + r]): the outcome is the
    first whose cumulative probability (in float64) exceeds the draw; the
    result counts the samples per outcome."""

    __props__ = ("odtype",)

    def __init__(self, odtype):
        self.odtype = odtype

    def __str__(self):
        return f"{type(self).__name__}{{{self.odtype}}}"

    def make_node(self, pvals, unis, n=1):
        pvals, unis = _checked(pvals, unis)
        odtype = pvals.dtype if self.odtype == "auto" else self.odtype
        n = tensor.cast(as_tensor_variable(n), "int64")
        return Apply(self, [pvals, unis, n], [TensorType(odtype, pvals.type.broadcastable)()])

    def grad(self, inputs, output_grads):
        return [
            tensor.zeros_like(x, dtype="float64" if x.dtype.startswith(("int", "uint")) else x.dtype)
            for x in inputs
        ]

    def build(self, node, pvals, unis, n):
        cumulative = tensor.cumsum(tensor.cast(pvals, "float64"), axis=1)
        draws = tensor.reshape(tensor.cast(unis, "float64"), tensor.stack([n, pvals.shape[0]]))
        first = _first_above(tensor.shape_padleft(cumulative), draws)
        return [tensor.cast(tensor.sum(first, axis=0), node.outputs[0].dtype)]


class ChoiceFromUniform(MultinomialFromUniform):
    """n indices per row of `pvals` from `unis` (n * rows uniform draws):
    each the first outcome whose cumulative probability exceeds the draw
    (-1 if none does); without replacement, an outcome taken is removed and
    its row renormalized before the next draw."""

    __props__ = ("odtype", "replace")

    def __init__(self, odtype, replace=False, *args, **kwargs):
        self.replace = replace
        super().__init__(odtype=odtype)

    def make_node(self, pvals, unis, n=1):
        pvals, unis = _checked(pvals, unis)
        odtype = "int64" if self.odtype == "auto" else self.odtype
        n = tensor.cast(as_tensor_variable(n), "int64")
        return Apply(self, [pvals, unis, n], [TensorType(odtype, pvals.type.broadcastable)()])

    def build(self, node, pvals, unis, n):
        draws = tensor.reshape(unis, tensor.stack([n, pvals.shape[0]]))
        outcomes = tensor.arange(pvals.shape[1])

        def step(draw, p):
            cumulative = tensor.cumsum(tensor.cast(p, "float64"), axis=1)
            first = _first_above(cumulative, tensor.cast(draw, "float64"))
            found = tensor.max(first, axis=1)
            index = tensor.switch(found, tensor.argmax(first, axis=1), -1)
            if self.replace:
                return p, index
            kept = tensor.neq(tensor.shape_padleft(outcomes), tensor.shape_padright(index))
            p = tensor.switch(kept, p, 0)
            return p / tensor.sum(p, axis=1, keepdims=True), index

        (_, indices), _ = scan(step, sequences=[draws], outputs_info=[pvals, None])
        return [tensor.cast(indices.T, node.outputs[0].dtype)]


class MultinomialWOReplacementFromUniform(ChoiceFromUniform):
    """Deprecated in Theano for ChoiceFromUniform."""

    def __init__(self, *args, **kwargs):
        warnings.warn(
            "MultinomialWOReplacementFromUniform is deprecated, use ChoiceFromUniform instead.",
            stacklevel=2,
        )
        super().__init__(*args, **kwargs)

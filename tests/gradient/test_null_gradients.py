"""theano.gradient.grad_not_implemented / grad_undefined: variables of a
NullType saying why; a function whose graph uses one is a TypeError, as in
Theano (#21)."""

import pytest

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.gof import NullType


@pytest.mark.parametrize(
    "make, why",
    [
        (theano.gradient.grad_not_implemented, "not implemented"),
        (theano.gradient.grad_undefined, "undefined"),
    ],
)
def test_null_gradient_refused_by_function(make, why):
    a = T.vector()
    b = make(T.add, 0, a, "because")
    assert isinstance(b.type, NullType) and why in b.type.why_null and "because" in b.type.why_null
    with pytest.raises(TypeError, match="Computation graph contains a NaN"):
        theano.function([a], b, on_unused_input="ignore")

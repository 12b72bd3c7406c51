"""theano.gof.null_type: NullType, the type of an undefined value (a gradient
that does not exist or is not implemented). It lives in the graph layer,
where ops of the tensor package build undefined gradients too."""

from ..graph.null_type import NullType, null_type

__all__ = ["NullType", "null_type"]

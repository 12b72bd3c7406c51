"""theano.gof.op: the Op base class (theano_mlir.graph.op holds it)."""

from ..graph.op import Op
from .utils import MethodNotDefined

__all__ = ["MethodNotDefined", "Op"]

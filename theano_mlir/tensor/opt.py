"""theano.tensor.opt: the op classes Theano's graph optimizations put in
graphs and code inspects (MakeVector, Shape_i, Assert). theano_mlir
optimizes in its compiler, not on these graphs; the classes are the same
ones theano.tensor builds with."""

from .basic import Assert, Shape_i, assert_op
from .conversion import MakeVector, make_vector

#: Theano's name for the Assert instance
assert_ = assert_op

__all__ = ["Assert", "MakeVector", "Shape_i", "assert_", "assert_op", "make_vector"]

"""Theano's `theano.gof` names for the graph (theano_mlir.graph holds them):
Apply, Variable, Constant, Op, FunctionGraph, and the graph's errors."""

from ..graph import Apply, Constant, Op, Variable, clone_replace, graph_inputs, toposort
from . import fg, graph, link, null_type, op, utils
from .fg import FunctionGraph, InconsistencyError, MissingInputError, UnusedInputError
from .link import Container
from .null_type import NullType
from .utils import MethodNotDefined

__all__ = [
    "Apply",
    "Constant",
    "Container",
    "FunctionGraph",
    "InconsistencyError",
    "MethodNotDefined",
    "MissingInputError",
    "NullType",
    "Op",
    "UnusedInputError",
    "Variable",
    "clone_replace",
    "fg",
    "graph",
    "graph_inputs",
    "link",
    "null_type",
    "op",
    "toposort",
    "utils",
]

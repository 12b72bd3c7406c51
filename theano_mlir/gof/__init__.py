"""Theano's `theano.gof` names for the graph (theano_mlir.graph holds them):
Apply, Variable, Constant, Op, FunctionGraph, and the graph's errors; and
Theano's linkers (PerformLinker, CLinker, OpWiseCLinker, DualLinker, ...),
which all compile with theano_mlir's one compiler (see link.py)."""

from ..graph import Apply, Constant, Op, Variable, clone_replace, graph_inputs, toposort
from . import cc, fg, graph, link, null_type, op, opt, utils
from .cc import CLinker, DualLinker, OpWiseCLinker
from .fg import FunctionGraph, InconsistencyError, MissingInputError, UnusedInputError
from .link import Container, Linker, LocalLinker, PerformLinker, WrapLinker
from .null_type import NullType
from .utils import MethodNotDefined

__all__ = [
    "Apply",
    "CLinker",
    "Constant",
    "Container",
    "DualLinker",
    "FunctionGraph",
    "InconsistencyError",
    "Linker",
    "LocalLinker",
    "MethodNotDefined",
    "MissingInputError",
    "NullType",
    "Op",
    "OpWiseCLinker",
    "PerformLinker",
    "UnusedInputError",
    "Variable",
    "WrapLinker",
    "cc",
    "clone_replace",
    "fg",
    "graph",
    "graph_inputs",
    "link",
    "null_type",
    "op",
    "opt",
    "toposort",
    "utils",
]

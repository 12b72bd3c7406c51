"""Theano's `theano.gof` names for the graph (theano_mlir.graph holds them)."""

from ..graph import Apply, Constant, Op, Variable, clone_replace, graph_inputs, toposort
from . import graph

__all__ = ["Apply", "Constant", "Op", "Variable", "clone_replace", "graph", "graph_inputs", "toposort"]

"""The graph: variables, Apply nodes and ops, independent of any tensor type."""

from .basic import Apply, Constant, Variable, clone_replace, graph_inputs, toposort
from .op import CompositeOp, Op

__all__ = ["Apply", "CompositeOp", "Constant", "Op", "Variable", "clone_replace", "graph_inputs", "toposort"]

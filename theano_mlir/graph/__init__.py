"""The graph: variables, Apply nodes and ops, independent of any tensor type."""

from .basic import Apply, Constant, Variable, clone_replace, graph_inputs, toposort
from .op import Op

__all__ = ["Apply", "Constant", "Op", "Variable", "clone_replace", "graph_inputs", "toposort"]

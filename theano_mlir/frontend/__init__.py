"""The Python graph: variables, apply nodes, ops and tensor types."""
from .graph import Apply, Constant, Op, Variable, clone_replace, graph_inputs, toposort
from .type import TensorType

__all__ = ["Apply", "Constant", "Op", "TensorType", "Variable", "clone_replace", "graph_inputs", "toposort"]

"""theano.gof.fg: FunctionGraph, a graph with fixed inputs and outputs, and
the errors of building one (which theano.function raises as well)."""

from ..graph import Constant, clone_replace, graph_inputs, toposort


class MissingInputError(Exception):
    """The outputs depend on a variable that is neither an input nor a constant."""


class UnusedInputError(Exception):
    """An input that the outputs do not depend on (on_unused_input='raise')."""


class InconsistencyError(Exception):
    """A change would make a FunctionGraph inconsistent."""


class FunctionGraph:
    """The subgraph from `inputs` to `outputs` (Theano's FunctionGraph):
    `apply_nodes`, `variables` and `toposort()` over it. Every root the
    outputs depend on must be an input or a constant (MissingInputError).

    With `clone=True` (Theano's default) the graph is copied first, with new
    input variables, so that the caller's graph is never changed."""

    def __init__(self, inputs, outputs, features=None, clone=True, update_mapping=None):
        inputs, outputs = list(inputs), list(outputs)
        if clone:
            fresh = [v.clone() for v in inputs]
            outputs = clone_replace(outputs, dict(zip(inputs, fresh)))
            inputs = fresh
        given = {id(v) for v in inputs}
        for index, root in enumerate(graph_inputs(outputs, stop_at=inputs)):
            if id(root) not in given and not hasattr(root, "container"):
                raise MissingInputError(
                    f"Input {index} of the graph (indices start from 0), used to compute the "
                    f"outputs, was not provided and not given a value: {root}"
                )
        self.inputs, self.outputs = inputs, outputs
        self.update_mapping = update_mapping
        self.features = list(features or ())

    def toposort(self):
        """The Apply nodes, each after the nodes computing its inputs."""
        return toposort(self.outputs, stop_at=self.inputs)

    @property
    def apply_nodes(self):
        return set(self.toposort())

    @property
    def variables(self):
        result = {id(v): v for v in self.inputs}
        for node in self.toposort():
            for v in list(node.inputs) + list(node.outputs):
                result.setdefault(id(v), v)
        return set(result.values())

    def constants(self):
        return [v for v in self.variables if isinstance(v, Constant)]

    def clone(self, check_integrity=True):
        return FunctionGraph(self.inputs, self.outputs, clone=True)

    def __str__(self):
        return f"[{', '.join(str(o) for o in self.outputs)}]"

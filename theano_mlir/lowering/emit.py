"""A graph to one `theano` dialect function, through the generated builders.

Each Apply node's op emits its own IR (Op.emit); this module walks the graph
in order, gives every op a location named after its node (run-time errors
then name Theano's node), and offers the ops a few helpers.
"""

import numpy as np
from mlir import ir
from mlir.dialects import func, tensor as tensor_dialect

from ..dialect import new_context, theano as dialect
from ..dialect.types import COMPLEX_UNSUPPORTED, dtype_of, element_type, tensor_type
from ..dtypes import COMPLEX
from ..graph import Constant, toposort


def ir_shape(broadcastable):
    """A Theano broadcastable pattern as IR dimensions: static 1 or dynamic."""
    return [1 if b else None for b in broadcastable]


class Emitter:
    """Helpers for Op.emit, valid inside the function being built."""

    def tensor_type(self, dtype, shape):
        return tensor_type(dtype, shape)

    def shape_of(self, value):
        """The IR shape of a value: ints, None for dynamic dimensions."""
        shaped = ir.RankedTensorType(value.type)
        return [None if shaped.is_dynamic_dim(d) else shaped.get_dim_size(d) for d in range(shaped.rank)]

    def cast(self, value, dtype):
        """`value` converted to `dtype` (no op if it already is)."""
        if dtype_of(value.type).name == dtype:
            return value
        return dialect.cast(tensor_type(dtype, self.shape_of(value)), value)

    def with_static_shape(self, value, shape):
        if self.shape_of(value) == list(shape):
            return value
        return tensor_dialect.cast(tensor_type(dtype_of(value.type).name, shape), value)

    def conditional(self, condition, outputs, then_branch, else_branch):
        """A theano.ifelse on the 0-d `condition` whose results have the
        types of the variables `outputs`: each branch's `emit()` runs inside
        its region (the nodes only it needs, then its values)."""
        types = [tensor_type(v.dtype, ir_shape(v.broadcastable)) for v in outputs]
        op = dialect.IfElseOp(types, condition)
        for region, branch in ((op.then_region, then_branch), (op.else_region, else_branch)):
            with ir.InsertionPoint(region.blocks.append()):
                values = branch.emit()
                dialect.YieldOp(
                    [self.with_static_shape(v, ir_shape(o.broadcastable)) for v, o in zip(values, outputs)]
                )
        return list(op.results)

    def loop(
        self,
        n_steps,
        sequences,
        inits,
        step_inputs,
        step_outputs,
        outer,
        outputs,
        reverse,
        truncate_gradient=-1,
        until=False,
    ):
        """A theano.scan of `n_steps` (an int64 0-d value) over `sequences`
        from `inits` (IR values); the step is the graph from the variables
        `step_inputs` (one element per sequence, then one value per state)
        to `step_outputs` (new states, then other outputs), reading the
        variables of `outer` (pairs of a variable and its IR value) from
        above. `outputs`: the result variables (the stacked values of the
        states and other outputs, then the states' final values). With
        `until`, the last step output is the condition to stop."""

        types = [tensor_type(v.dtype, ir_shape(v.broadcastable)) for v in outputs]
        sequences = [self.with_static_shape(value, ir_shape(v.broadcastable)) for value, v in sequences]
        inits = [self.with_static_shape(value, ir_shape(v.broadcastable)) for value, v in inits]
        op = dialect.ScanOp(
            types,
            n_steps,
            sequences,
            inits,
            reverse=bool(reverse),
            until=bool(until),
            truncate_gradient=int(truncate_gradient),
        )
        arg_types = [tensor_type(v.dtype, ir_shape(v.broadcastable)) for v in step_inputs]
        block = op.body.blocks.append(*arg_types)
        with ir.InsertionPoint(block):
            values = {id(v): arg for v, arg in zip(step_inputs, block.arguments)}
            values.update({id(v): value for v, value in outer})
            nodes = toposort(step_outputs, stop_at=list(step_inputs) + [v for v, _ in outer])
            _emit_nodes(self, nodes, values, {id(v) for v in step_outputs})
            results = [_value_of(self, values, v) for v in step_outputs]
            dialect.YieldOp(
                [self.with_static_shape(r, ir_shape(v.broadcastable)) for r, v in zip(results, step_outputs)]
            )
        return list(op.results)

    def constant(self, data):
        data = np.require(data, requirements="C")
        if data.dtype == np.bool_:  # i1 elements: MLIR reads them bit-packed, little-endian
            attr = ir.DenseElementsAttr.get(
                np.packbits(data, bitorder="little"), type=element_type(data.dtype), shape=list(data.shape)
            )
        else:
            attr = ir.DenseElementsAttr.get(data, type=element_type(data.dtype))
        return dialect.constant(attr)

    def emit_graph(self, inputs, outputs, operands):
        """The IR values of `outputs`, a graph over `inputs` whose values are
        `operands` (an op written as a graph of other ops emits it here)."""
        values = {id(v): a for v, a in zip(inputs, operands)}

        def value_of(variable):
            if id(variable) not in values:
                if not isinstance(variable, Constant):
                    raise ValueError(f"{variable} is neither an input nor computed")
                values[id(variable)] = self.constant(variable.data)
            return values[id(variable)]

        nodes = toposort(outputs, stop_at=inputs)
        for node in nodes:
            results = node.op.emit(self, node, [value_of(v) for v in node.inputs])
            for variable, result in zip(node.outputs, results):
                values[id(variable)] = result
        return [value_of(v) for v in outputs]


def _computes_complex(node):
    return any(getattr(v, "dtype", None) in COMPLEX for v in list(node.inputs) + list(node.outputs))


def refuse_unverified(error, nodes):
    """The exception for a module that fails to verify: a TypeError naming
    the node when it computes with complex numbers (an op the dialect defines
    for real numbers only), else Theano's ValueError for shapes known when
    the graph is built (constants) that do not agree, as when it runs."""
    complex_nodes = {str(n) for n in nodes if _computes_complex(n)}
    for diagnostic in error.error_diagnostics:
        name = _node_of(diagnostic.location)
        if name in complex_nodes:
            return TypeError(
                f"{COMPLEX_UNSUPPORTED}: node {name} computes with complex numbers ({diagnostic.message})"
            )
    messages = "; ".join(f"{_node_of(d.location)}: {d.message}" for d in error.error_diagnostics)
    return ValueError(f"Shape mismatch: the graph's shapes do not agree: {messages}")


def _finals_last(nodes, finals):
    """`nodes` with those computing `finals` (and nothing else reads) moved to
    the end: values that overwrite a shared variable in place then come after
    every other read of its old value, so its buffer needs no copy."""
    read = {id(v) for node in nodes for v in node.inputs}
    last = {
        id(v.owner) for v in finals if v.owner is not None and not any(id(o) in read for o in v.owner.outputs)
    }
    return [n for n in nodes if id(n) not in last] + [n for n in nodes if id(n) in last]


def _node_of(location):
    """The node a diagnostic's location names (`loc("dot(x, y)")` -> dot(x, y))."""
    text = str(location)
    return text[5:-2] if text.startswith('loc("') and text.endswith('")') else text


def _value_of(emitter, values, variable):
    if id(variable) not in values:
        if not isinstance(variable, Constant):
            raise ValueError(f"{variable} is neither an input nor computed")
        values[id(variable)] = emitter.constant(variable.data)
    return values[id(variable)]


class _Branch:
    """Inputs of a lazy op (a branch of ifelse) with the nodes that only
    they need: `emit()`, where the insertion point is (the branch's region),
    computes those nodes and returns the inputs' values. What it computes
    stays there (a copy of the values seen from outside)."""

    def __init__(self, emitter, variables, nodes, values):
        self.emitter, self.variables, self.nodes, self.values = emitter, variables, nodes, values

    def emit(self):
        values = dict(self.values)
        _emit_nodes(self.emitter, self.nodes, values, {id(v) for v in self.variables})
        return [_value_of(self.emitter, values, v) for v in self.variables]


def _exclusive_nodes(node, group, nodes, clients, needed):
    """The nodes of `nodes` computed only for the inputs `group` of `node`:
    ancestors of those inputs none of whose results is `needed` (an output
    of the scope) or read by anything but each other and those inputs."""
    position = {id(n): k for k, n in enumerate(nodes)}
    chosen, stack = set(), [node.inputs[i] for i in group]
    while stack:
        owner = stack.pop().owner
        if owner is None or id(owner) not in position or id(owner) in chosen:
            continue
        chosen.add(id(owner))
        stack.extend(owner.inputs)

    def only_here(candidate):
        for out in candidate.outputs:
            if id(out) in needed:
                return False
            for client, i in clients.get(id(out), ()):
                if not (id(client) in chosen or (client is node and i in group)):
                    return False
        return True

    changed = True
    while changed:
        changed = False
        for key in list(chosen):
            if not only_here(nodes[position[key]]):
                chosen.discard(key)
                changed = True
    return [n for n in nodes if id(n) in chosen]


def _emit_nodes(emitter, nodes, values, needed):
    """Emits `nodes` (in order) into the current insertion point; a node
    whose op computes some inputs lazily (`lazy_inputs`: ifelse's branches)
    gets them as branches holding the nodes only they need, which are not
    emitted here. `needed`: the ids of the variables the scope returns."""
    lazy = [n for n in nodes if getattr(n.op, "lazy_inputs", None)]
    branches, deferred = {}, set()
    if lazy:
        clients = {}
        for n in nodes:
            for i, v in enumerate(n.inputs):
                clients.setdefault(id(v), []).append((n, i))
        for n in reversed(lazy):  # an outer branch takes the lazy nodes inside it
            if id(n) in deferred:
                continue
            groups = []
            for group in n.op.lazy_inputs(n):
                inner = _exclusive_nodes(n, group, nodes, clients, needed)
                inner = [m for m in inner if id(m) not in deferred]
                deferred.update(id(m) for m in inner)
                groups.append((group, inner))
            branches[id(n)] = groups
    for node in nodes:
        if id(node) in deferred:
            continue
        if id(node) in branches:
            lazy_indices = {i for group, _ in branches[id(node)] for i in group}
            operands = [
                None if i in lazy_indices else _value_of(emitter, values, v)
                for i, v in enumerate(node.inputs)
            ]
            parts = [
                _Branch(emitter, [node.inputs[i] for i in group], inner, values)
                for group, inner in branches[id(node)]
            ]
            with ir.Location.name(str(node)):
                results = node.op.emit_lazy(emitter, node, operands, parts)
        else:
            operands = [_value_of(emitter, values, v) for v in node.inputs]
            with ir.Location.name(str(node)):
                results = node.op.emit(emitter, node, operands)
        for variable, result in zip(node.outputs, results):
            values[id(variable)] = result


def emit_function(inputs, outputs, name="main", update_count=0):
    """A module with `func.func @name(inputs) -> outputs`, where the last
    `update_count` outputs are new values of shared variables."""
    context = new_context()
    # Ops emit tensor.cast from Python (with_static_shape): its dialect must
    # be loaded first (MLIR aborts on an op of an unloaded dialect), which
    # nothing else guarantees in a function that has no arguments.
    context.dialects["tensor"]
    emitter = Emitter()
    with context, ir.Location.unknown():
        module = ir.Module.create()
        nodes = toposort(outputs, stop_at=inputs)
        arg_types = [tensor_type(v.dtype, ir_shape(v.broadcastable)) for v in inputs]
        if update_count:
            nodes = _finals_last(nodes, outputs[len(outputs) - update_count :])

        def body(*args):
            values = {id(v): a for v, a in zip(inputs, args)}

            _emit_nodes(emitter, nodes, values, {id(v) for v in outputs})
            results = [_value_of(emitter, values, v) for v in outputs]
            return results or None

        body.__name__ = name
        with ir.InsertionPoint(module.body):
            func.FuncOp.from_py_func(*arg_types, name=name)(body)
        try:
            module.operation.verify()
        except ir.MLIRError as error:
            raise refuse_unverified(error, nodes) from None
    return module

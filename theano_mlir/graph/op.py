"""Op: what builds Apply nodes and emits them as `theano` dialect IR."""

import sys
import traceback

from .basic import Constant

#: frames of the user's code kept per node (Theano's traceback.limit): a
#: variable's `tag.trace`, which error messages and check_stack_trace read
TRACE_LIMIT = 8


def add_tag_trace(variable, limit=TRACE_LIMIT):
    """Records where `variable` was built (Theano's add_tag_trace): the
    innermost frames outside theano_mlir."""
    if limit <= 0:
        return variable
    frames, frame = [], sys._getframe(1)
    while frame is not None and len(frames) < limit:
        code = frame.f_code
        if "/theano_mlir/" not in code.co_filename:  # the user's frames, lines read lazily
            frames.append(
                traceback.FrameSummary(code.co_filename, frame.f_lineno, code.co_name, lookup_line=False)
            )
        frame = frame.f_back
    variable.tag.trace = [frames[::-1]]
    return variable


class Op:
    """Builds Apply nodes (`make_node`) and emits them as `theano` dialect IR
    (`emit`). Calling an op returns its output variable(s).

    Ops are equal when their types and the attributes named in `__props__`
    are (Theano's convention)."""

    __props__ = ()
    #: The index of the output that calling the op returns (Theano's), or
    #: None: all of them (the one output alone).
    default_output = None

    def _props(self):
        return tuple(getattr(self, name) for name in self.__props__)

    def __eq__(self, other):
        return type(other) is type(self) and other._props() == self._props()

    def __hash__(self):
        return hash((type(self), self._props()))

    def make_node(self, *inputs):
        raise NotImplementedError

    def emit(self, emitter, node, inputs):
        """The IR values of `node.outputs`, given those of `node.inputs`."""
        raise NotImplementedError

    def __call__(self, *inputs, return_list=False, **kwargs):
        """The node's output, or its list of outputs when it has several or
        `return_list` is true (Theano's); other keywords go to make_node."""
        node = self.make_node(*inputs, **kwargs)
        for output in node.outputs:
            add_tag_trace(output)
        if self.default_output is not None:
            output = node.default_output()
            return [output] if return_list else output
        if return_list:
            return list(node.outputs)
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def __str__(self):
        return type(self).__name__


class CompositeOp(Op):
    """An op written as a graph of other ops (Theano's Op classes that our
    dialect spells with several ops): `build(node, *inputs)` returns the
    output variables over `inputs`, fresh variables of `node.inputs`' types
    (constants stay the constants, so the graph may depend on their values).
    Its derivative is that of the graph."""

    def build(self, node, *inputs):
        raise NotImplementedError

    def emit(self, emitter, node, inputs):
        inner = [v if isinstance(v, Constant) else v.type() for v in node.inputs]
        outputs = self.build(node, *inner)
        results = emitter.emit_graph(inner, outputs, inputs)
        return [
            emitter.with_static_shape(emitter.cast(r, o.dtype), [1 if b else None for b in o.broadcastable])
            for r, o in zip(results, node.outputs)
        ]

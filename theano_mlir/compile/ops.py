"""theano.compile.ops: DeepCopyOp, the copy Theano puts before an output
that would otherwise alias an input or a constant."""

from ..graph import Apply, Op


class DeepCopyOp(Op):
    """A copy of its input. Theano inserts it so that an output never aliases
    an input's memory; theano_mlir's compiled functions return fresh arrays
    always, so its value is its input's."""

    def make_node(self, x):
        return Apply(self, [x], [x.type()])

    def emit(self, emitter, node, inputs):
        return [inputs[0]]


deep_copy_op = DeepCopyOp()

__all__ = ["DeepCopyOp", "deep_copy_op"]

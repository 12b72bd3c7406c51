"""Op: what builds Apply nodes and emits them as `theano` dialect IR."""


class Op:
    """Builds Apply nodes (`make_node`) and emits them as `theano` dialect IR
    (`emit`). Calling an op returns its output variable(s).

    Ops are equal when their types and the attributes named in `__props__`
    are (Theano's convention)."""

    __props__ = ()

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

    def __call__(self, *inputs):
        node = self.make_node(*inputs)
        return node.outputs[0] if len(node.outputs) == 1 else node.outputs

    def __str__(self):
        return type(self).__name__

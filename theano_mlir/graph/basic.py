"""Variables, Apply nodes, and the graph utilities over them (Theano's gof.graph)."""


class Scratchpad:
    """Free-form annotations of a variable (Theano's gof.utils.scratchpad):
    `x.tag.test_value = ...`."""

    def __repr__(self):
        return "scratchpad" + str(self.__dict__)


class Variable:
    """A symbolic value: the output `index` of `owner` (an Apply), or a root."""

    @property
    def tag(self):
        """This variable's Scratchpad (Theano's Variable.tag), made on first use."""
        tag = self.__dict__.get("_tag")
        if tag is None:
            tag = self.__dict__["_tag"] = Scratchpad()
        return tag

    @tag.setter
    def tag(self, value):
        self.__dict__["_tag"] = value

    def __init__(self, type, owner=None, index=None, name=None):
        self.type = type
        self.owner = owner
        self.index = index
        self.name = name

    def __str__(self):
        if self.name is not None:
            return self.name
        if self.owner is not None:
            return f"{self.owner.op}.{self.index}"
        return f"<{self.type}>"

    __repr__ = __str__

    def clone(self):
        """A root variable of the same type and name."""
        return type(self)(self.type, name=self.name)


class Constant(Variable):
    """A variable whose value, `data`, is fixed when the graph is built."""

    def __init__(self, type, data, name=None):
        super().__init__(type, name=name)
        self.data = data

    @property
    def value(self):
        """`data`, read-only (Theano's Constant.value)."""
        return self.data

    def __str__(self):
        if self.name is not None:
            return self.name
        return f"{type(self).__name__}{{{self.data}}}"

    __repr__ = __str__

    def clone(self):
        return type(self)(self.type, self.data, name=self.name)


class Apply:
    """One application of `op` to `inputs`, producing `outputs`."""

    def __init__(self, op, inputs, outputs):
        self.op = op
        self.inputs = list(inputs)
        self.outputs = list(outputs)
        for index, output in enumerate(self.outputs):
            output.owner, output.index = self, index

    def default_output(self):
        """The output that stands for the node (Theano's): the op's
        `default_output` index, or the one output; an AttributeError when
        the index is not an int in range, or there are several outputs and
        no index."""
        do = getattr(self.op, "default_output", None)
        if do is None:
            if len(self.outputs) == 1:
                return self.outputs[0]
            raise AttributeError(f"{self.op}.default_output should be an output index.")
        if not isinstance(do, int) or isinstance(do, bool):
            raise AttributeError(f"{self.op}.default_output should be an int or long")
        if do < 0 or do >= len(self.outputs):
            raise AttributeError(f"{self.op}.default_output is out of range.")
        return self.outputs[do]

    @property
    def out(self):
        """The node's one output (Theano's Apply.out); an AttributeError when
        it has several."""
        if len(self.outputs) != 1:
            raise AttributeError(f"{self} has {len(self.outputs)} outputs: use outputs[i]")
        return self.outputs[0]

    def __str__(self):
        return f"{self.op}({', '.join(str(i) for i in self.inputs)})"

    __repr__ = __str__


def toposort(outputs, stop_at=(), stop=None):
    """The Apply nodes computing `outputs`, each after its inputs' nodes; the
    graph is cut at the variables in `stop_at`, and at those for which the
    predicate `stop` is true."""
    cut = {id(v) for v in stop_at}
    order, visited = [], set()
    stack = [(v, False) for v in reversed(list(outputs))]
    while stack:
        variable, expanded = stack.pop()
        node = variable.owner
        if node is None or id(variable) in cut or (stop is not None and stop(variable)):
            continue
        if expanded:
            if id(node) not in visited:
                visited.add(id(node))
                order.append(node)
            continue
        if id(node) in visited:
            continue
        stack.append((variable, True))
        for parent in reversed(node.inputs):
            if parent.owner is not None and id(parent.owner) not in visited:
                stack.append((parent, False))
    return order


def graph_inputs(outputs, stop_at=()):
    """The root variables (not constants) that `outputs` depend on, in order of
    first use; variables in `stop_at` count as roots."""
    stop = {id(v) for v in stop_at}
    seen, roots = set(), []

    def visit(variable):
        if id(variable) in seen:
            return
        seen.add(id(variable))
        if variable.owner is None or id(variable) in stop:
            if not isinstance(variable, Constant):
                roots.append(variable)

    for output in outputs:
        visit(output)
    for node in toposort(outputs, stop_at):
        for variable in node.inputs:
            visit(variable)
    return roots


def clone_replace(outputs, replace=None):
    """Copies of `outputs` computed with `replace` (a {variable: variable}
    mapping) substituted; nodes are rebuilt through their ops."""
    memo = {id(old): new for old, new in (replace or {}).items()}
    for node in toposort(outputs, stop_at=list((replace or {}).keys())):
        new_inputs = [memo.get(id(v), v) for v in node.inputs]
        if all(new is old for new, old in zip(new_inputs, node.inputs)):
            continue
        new_node = node.op.make_node(*new_inputs)
        for old, new in zip(node.outputs, new_node.outputs):
            new.name = old.name
            memo[id(old)] = new
    return [memo.get(id(v), v) for v in outputs]

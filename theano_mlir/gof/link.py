"""theano.gof.link: Container, the storage cell behind one input of a
compiled function (`f.container[x]`), a one-element list `storage` whose
value is kept filtered to a type; and Theano's linkers (Linker,
LocalLinker, PerformLinker; CLinker, OpWiseCLinker and DualLinker, which
Theano has in theano.gof.cc).

theano_mlir has one code generator. A linker here records Theano's API,
not a different backend: `linker.accept(fgraph).make_function()` compiles
the FunctionGraph's outputs as a function of its inputs with theano_mlir's
compiler (theano_mlir.function), whichever linker class is used."""

import copy

import numpy as np

import theano_mlir  # for make_function: theano_mlir.function, the compiler, on first use


class Container:
    """Holds `storage[0]`, a value of `r`'s type (`r` a Variable or a Type).
    Setting `value` (or `data`) filters the new value through the type
    (`strict`, `allow_downcast` as Theano's); `storage` is the list itself,
    so containers built on the same list share their value, as Theano's."""

    def __init__(self, r, storage, readonly=False, strict=False, allow_downcast=None, name=None):
        if not isinstance(storage, list) or not len(storage) >= 1:
            raise TypeError("storage must be a list of length at least one")
        self.type = r.type if hasattr(r, "type") else r
        self.name = name if name is not None else getattr(r, "name", None)
        self.storage = storage
        self.readonly = readonly
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.required = False
        self.implicit = False
        self.provided = 0

    def __get__(self):
        return self.storage[0]

    def __set__(self, value):
        if self.readonly:
            raise Exception(f"Cannot set readonly storage: {self.name}")
        if value is None:
            self.storage[0] = None
            return
        self.storage[0] = self.type.filter(value, strict=self.strict, allow_downcast=self.allow_downcast)

    data = property(__get__, __set__)
    value = property(__get__, __set__)

    def __str__(self):
        return "<" + str(self.storage[0]) + ">"

    def __repr__(self):
        return "<" + repr(self.storage[0]) + ">"

    def __deepcopy__(self, memo):
        result = Container.__new__(Container)
        memo[id(self)] = result
        for key, item in self.__dict__.items():
            setattr(result, key, item if key == "type" else copy.deepcopy(item, memo))
        return result


class Linker:
    """Theano's Linker: `accept(fgraph)` binds a FunctionGraph,
    `make_function()` returns a callable computing its outputs from its
    inputs (see the module's docstring: always theano_mlir's compiler)."""

    def __init__(self, allow_gc=None, schedule=None):
        self.fgraph = None
        self.no_recycling = []
        self.allow_gc = allow_gc
        if schedule is not None:
            self.schedule = schedule

    def accept(self, fgraph, no_recycling=None, profile=None):
        """Binds `fgraph` and returns the linker; a linker already bound to
        another graph returns a new one of its class, as Theano's."""
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)(allow_gc=self.allow_gc).accept(fgraph, no_recycling, profile)
        self.fgraph = fgraph
        self.no_recycling = list(no_recycling or [])
        return self

    def schedule(self, fgraph):
        return fgraph.toposort()

    def make_function(self, unpack_single=True, **kwargs):
        """A function of the graph's inputs, in their order, returning its
        outputs (the one output itself when there is one and
        `unpack_single`). It has `inputs` and `outputs`, Containers of the
        last call's values, as Theano's."""
        if self.fgraph is None:
            raise AssertionError("This linker was not assigned a FunctionGraph.")
        fgraph = self.fgraph
        inputs, outputs = list(fgraph.inputs), list(fgraph.outputs)
        destroyed = _destroyed_inputs(fgraph)
        extra = [out for out, _ in destroyed]
        compiled = theano_mlir.function(
            inputs, outputs + extra, on_unused_input="ignore", name=type(self).__name__
        )
        in_storage = [Container(v, [None]) for v in inputs]
        out_storage = [Container(v, [None], readonly=True) for v in outputs]

        def execute(*args):
            if len(args) != len(inputs):
                raise TypeError(
                    "Function call takes exactly %i %s (%i given)"
                    % (len(inputs), ["argument", "arguments"][len(inputs) > 1], len(args))
                )
            for container, arg in zip(in_storage, args):
                container.data = arg
            results = compiled(*[c.data for c in in_storage])
            # An op that destroys a graph input (its destroy_map) leaves its
            # result in the array passed, as Theano's linkers run it.
            for (_, index), value in zip(destroyed, results[len(outputs) :]):
                target = args[index]
                if isinstance(target, np.ndarray) and target is in_storage[index].data:
                    np.copyto(target, value)
            results = results[: len(outputs)]
            for container, value in zip(out_storage, results):
                container.storage[0] = value
            if unpack_single and len(results) == 1:
                return results[0]
            return list(results)

        execute.thunk = compiled
        execute.inputs = in_storage
        execute.outputs = out_storage
        execute.maker = self
        return execute


def _destroyed_inputs(fgraph):
    """(output, input position) of each node output computed into the memory
    of one of the graph's inputs (the node's destroy_map, or an Elemwise's
    inplace_pattern)."""
    positions = {id(v): i for i, v in enumerate(fgraph.inputs)}
    found = []
    for node in fgraph.toposort():
        destroy_map = getattr(node.op, "destroy_map", None) or {
            o: [i] for o, i in (getattr(node.op, "inplace_pattern", None) or {}).items()
        }
        for out, ins in destroy_map.items():
            for i in ins:
                var = node.inputs[i]
                # through DimShuffles (Elemwise's rank padding), views of the input
                while var.owner is not None and type(var.owner.op).__name__ == "DimShuffle":
                    var = var.owner.inputs[0]
                if id(var) in positions and var.ndim == node.outputs[out].ndim:
                    found.append((node.outputs[out], positions[id(var)]))
    return found


class LocalLinker(Linker):
    """Theano's linker base of those that run a graph node by node."""


class PerformLinker(LocalLinker):
    """Theano's linker running each op's Python `perform`."""


class WrapLinker(Linker):
    """Theano's WrapLinker: runs the graph with several linkers; here the
    first one's function (they compile alike)."""

    def __init__(self, linkers, wrapper=None):
        super().__init__()
        self.linkers = list(linkers)
        self.wrapper = wrapper

    def accept(self, fgraph, no_recycling=None, profile=None):
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)(self.linkers, self.wrapper).accept(fgraph, no_recycling, profile)
        self.linkers = [linker.accept(fgraph, no_recycling) for linker in self.linkers]
        return super().accept(fgraph, no_recycling, profile)


__all__ = ["Container", "Linker", "LocalLinker", "PerformLinker", "WrapLinker"]

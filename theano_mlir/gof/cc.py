"""theano.gof.cc: Theano's C linkers, CLinker (the graph as one C module),
OpWiseCLinker (a C thunk per node) and DualLinker (Python and C side by
side, compared). theano_mlir has one code generator: these are the same
linker as theano.gof.link's (see there), under Theano's names, so code
that picks a linker runs unchanged."""

from .link import LocalLinker, Linker


class CLinker(Linker):
    """Theano's CLinker."""


class OpWiseCLinker(LocalLinker):
    """Theano's OpWiseCLinker (`fallback_on_perform`, `nice_errors` kept)."""

    def __init__(self, fallback_on_perform=True, allow_gc=None, nice_errors=True, schedule=None):
        super().__init__(allow_gc=allow_gc, schedule=schedule)
        self.fallback_on_perform = fallback_on_perform
        self.nice_errors = nice_errors


class DualLinker(Linker):
    """Theano's DualLinker (`checker` kept: one compiler, one result)."""

    def __init__(self, checker=None, schedule=None):
        super().__init__(schedule=schedule)
        self.checker = checker

    def accept(self, fgraph, no_recycling=None, profile=None):
        if self.fgraph is not None and self.fgraph is not fgraph:
            return type(self)(self.checker).accept(fgraph, no_recycling, profile)
        return super().accept(fgraph, no_recycling, profile)


__all__ = ["CLinker", "DualLinker", "OpWiseCLinker"]

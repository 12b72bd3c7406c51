"""theano.gof.opt: what Theano's optimizer module gives programs and
tests. theano_mlir optimizes with MLIR passes and the graph rewrites of
compile/rewrites.py; check_stack_trace reads the traces nodes carry."""

from ..graph import Op


def check_stack_trace(f_or_fgraph, ops_to_check="last", bug_print="raise"):
    """Whether the outputs of the chosen nodes of a function's graph (or a
    FunctionGraph) carry a stack trace (Theano's): `ops_to_check` is
    'last' (the outputs' nodes), 'all', an op instance or class, a tuple of
    them, or a predicate on nodes."""
    fgraph = f_or_fgraph.maker.fgraph if hasattr(f_or_fgraph, "maker") else f_or_fgraph
    nodes = fgraph.toposort() if hasattr(fgraph, "toposort") else []
    if ops_to_check == "last":
        chosen = [o.owner for o in fgraph.outputs if o.owner is not None]
    elif ops_to_check == "all":
        chosen = nodes
    elif callable(ops_to_check) and not isinstance(ops_to_check, (Op, type)):
        chosen = [n for n in nodes if ops_to_check(n)]
    else:
        targets = ops_to_check if isinstance(ops_to_check, tuple) else (ops_to_check,)

        def matches(node):
            return any(
                (isinstance(t, type) and isinstance(node.op, t)) or (not isinstance(t, type) and node.op == t)
                for t in targets
            )

        chosen = [n for n in nodes if matches(n)]
    for node in chosen:
        for output in node.outputs:
            tag = output.__dict__.get("_tag")
            if not getattr(tag, "trace", None):
                return False
    return True


__all__ = ["check_stack_trace"]

"""Theano's `theano.gof.graph`: graph walks over variables and Apply nodes."""

import numpy as np

from ..graph import Apply, Constant, Variable, clone_replace, toposort


def inputs(variable_list, blockers=None):
    """The variables without an owner (inputs and constants) that
    `variable_list` depends on, in depth-first order (Theano's
    gof.graph.inputs); the graph is not followed past `blockers`."""
    return [v for v in ancestors(variable_list, blockers) if v.owner is None]


def ancestors(variable_list, blockers=None):
    """Every variable `variable_list` depends on, itself included, each once."""
    blocked = {id(b) for b in blockers or ()}
    seen, order, stack = set(), [], list(reversed(list(variable_list)))
    while stack:
        variable = stack.pop()
        if id(variable) in seen:
            continue
        seen.add(id(variable))
        order.append(variable)
        if variable.owner is not None and id(variable) not in blocked:
            stack.extend(reversed(variable.owner.inputs))
    return order


def ops(i, o):
    """The Apply nodes on the way from the variables `i` to `o` (Theano's
    gof.graph.ops): those computing `o` from `i` and other roots, in
    dependency order."""
    return toposort(list(o), stop_at=list(i))


def _same_constant(a, b):
    if a.type != b.type:
        return False
    x, y = np.asarray(a.data), np.asarray(b.data)
    return x.shape == y.shape and x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")


def is_same_graph(var1, var2, givens=None):
    """Whether `var1` and `var2` compute the same thing by the same graph
    (Theano's gof.graph.is_same_graph): the same variable, constants of
    equal type and value, or the same output of equal ops applied to inputs
    that are the same graph in turn. `givens` ({a: b}) pairs roots that count
    as the same."""
    pairs = {}
    for a, b in (givens or {}).items():
        pairs[id(a)] = b
        pairs[id(b)] = a
    memo = {}

    def same(a, b):
        if a is b or pairs.get(id(a)) is b:
            return True
        key = (id(a), id(b))
        if key not in memo:
            memo[key] = _same(a, b)
        return memo[key]

    def _same(a, b):
        if isinstance(a, Constant) and isinstance(b, Constant):
            return _same_constant(a, b)
        if a.owner is None or b.owner is None or a.index != b.index or a.type != b.type:
            return False
        x, y = a.owner, b.owner
        return (
            x.op == y.op
            and len(x.inputs) == len(y.inputs)
            and all(same(p, q) for p, q in zip(x.inputs, y.inputs))
        )

    return same(var1, var2)


__all__ = ["Apply", "Constant", "Variable", "ancestors", "clone_replace", "inputs", "is_same_graph", "ops"]

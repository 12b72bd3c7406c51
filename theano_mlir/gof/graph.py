"""Theano's `theano.gof.graph`: graph walks over variables and Apply nodes."""

from ..graph import Apply, Constant, Variable, clone_replace


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


__all__ = ["Apply", "Constant", "Variable", "ancestors", "clone_replace", "inputs"]

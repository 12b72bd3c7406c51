"""Theano's ScanMerge: scans that run the same steps (the same n_steps,
direction and truncation, no stop condition) and do not depend on each other
become one loop. A compile-time rewrite (scanOp_merge) over a graph's
outputs, before the local rewrites."""

from ..graph import clone_replace, toposort
from ..tensor.basic import NotScalarConstantError, get_scalar_constant_value
from .scan import Scan

__all__ = ["merge_scans"]


def _steps_key(node):
    """What two scans must share to merge: their step count (the same
    variable, or the same constant) and how they run."""
    n_steps, op = node.inputs[0], node.op
    return (_value_key(n_steps), op.reverse, op.truncate_gradient, op.until)


def _value_key(variable, depth=4):
    """Equal for values computed alike: a constant's value, or the op
    and the keys of the inputs (a few levels), else the variable itself."""
    try:
        return ("constant", int(get_scalar_constant_value(variable)))
    except NotScalarConstantError:
        pass
    node = variable.owner
    if node is None or depth == 0:
        return ("variable", id(variable))
    index = next(k for k, o in enumerate(node.outputs) if o is variable)
    key = (node.op, index, tuple(_value_key(v, depth - 1) for v in node.inputs))
    try:
        hash(key)
    except TypeError:
        return ("variable", id(variable))
    return key


def _ancestor_nodes(node):
    return {id(n) for n in toposort(node.inputs)}


def _merged(nodes):
    """One Scan node running the steps of `nodes` (their sequences, states
    and values from outside side by side), and for each node the merged
    outputs that replace its outputs."""
    ops = [n.op for n in nodes]
    seq_args = [a for op in ops for a in op.step_inputs[: op.n_seqs]]
    state_args = [a for op in ops for a in op.step_inputs[op.n_seqs :]]
    states = [o for op in ops for o in op.step_outputs[: op.n_states]]
    others = [o for op in ops for o in op.step_outputs[op.n_states :]]
    outer, outer_values, seen = [], [], set()
    sequences, inits = [], []
    for node, op in zip(nodes, ops):
        first = 1 + op.n_seqs + op.n_states
        sequences.extend(node.inputs[1 : 1 + op.n_seqs])
        inits.extend(node.inputs[1 + op.n_seqs : first])
        for variable, value in zip(op.outer, node.inputs[first:]):
            if id(variable) not in seen:
                seen.add(id(variable))
                outer.append(variable)
                outer_values.append(value)
    merged = Scan(
        seq_args + state_args,
        states + others,
        outer,
        len(seq_args),
        len(state_args),
        ops[0].reverse,
        ops[0].truncate_gradient,
        " & ".join(filter(None, (op.name for op in ops))) or None,
        broadcast_mismatch=next((op.broadcast_mismatch for op in ops if op.broadcast_mismatch), None),
        steps_from_sequences=all(op.steps_from_sequences for op in ops),
    )
    outputs = merged.make_node(nodes[0].inputs[0], *sequences, *inits, *outer_values).outputs
    n_states, n_others = len(states), len(others)
    stacked_states, stacked_others = outputs[:n_states], outputs[n_states : n_states + n_others]
    finals = outputs[n_states + n_others :]
    replacements, k_state, k_other = [], 0, 0
    for op in ops:
        n_own_others = len(op.step_outputs) - op.n_states
        replacements.append(
            list(stacked_states[k_state : k_state + op.n_states])
            + list(stacked_others[k_other : k_other + n_own_others])
            + list(finals[k_state : k_state + op.n_states])
        )
        k_state += op.n_states
        k_other += n_own_others
    return replacements


def merge_scans(outputs):
    """`outputs` with the scans that can run as one loop merged (the same
    variables where there are none)."""
    groups = {}
    for node in toposort(outputs):
        if isinstance(node.op, Scan) and not node.op.until:
            groups.setdefault(_steps_key(node), []).append(node)
    replace = {}
    for nodes in groups.values():
        while len(nodes) > 1:
            # the nodes that depend on none of the others run together
            ancestors = {id(n): _ancestor_nodes(n) for n in nodes}
            batch = [n for n in nodes if not any(id(m) in ancestors[id(n)] for m in nodes if m is not n)]
            if len(batch) < 2:
                break
            for node, new in zip(batch, _merged(batch)):
                replace.update(zip(node.outputs, new))
            nodes = [n for n in nodes if n not in batch]
    if not replace:
        return list(outputs)
    return clone_replace(list(outputs), replace)

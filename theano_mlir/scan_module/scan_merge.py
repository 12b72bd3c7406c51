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
    and values from outside side by side, in Theano's order), and for each
    node the merged outputs that replace its outputs."""
    ops = [n.op for n in nodes]

    def gather(part):
        return [v for node, op in zip(nodes, ops) for v in part(node, op)]

    def inner(op, first, count):
        return op.step_inputs[first : first + count]

    seq_args = gather(lambda n, op: inner(op, 0, op.n_seqs))
    tap_args = gather(lambda n, op: inner(op, op.n_seqs, op.n_tap_args))
    sit_args = gather(lambda n, op: inner(op, op.n_seqs + op.n_tap_args, op.n_sit_sot))
    shared_args = gather(lambda n, op: inner(op, op.n_seqs + op.n_tap_args + op.n_sit_sot, op.n_shared))
    mit_outs = gather(lambda n, op: op.step_outputs[: op.n_mit_sot])
    sit_outs = gather(lambda n, op: op.step_outputs[op.n_mit_sot : op.n_recurrent])
    nit_outs = gather(lambda n, op: op.step_outputs[op.n_recurrent : op.n_recurrent + op.n_nit_sot])
    shared_outs = gather(lambda n, op: op.step_outputs[op.n_recurrent + op.n_nit_sot :][: op.n_shared])
    outer, outer_values, seen = [], [], set()
    for node, op in zip(nodes, ops):
        for variable, value in zip(op.outer, op.outer_non_seqs(node)):
            if id(variable) not in seen:
                seen.add(id(variable))
                outer.append(variable)
                outer_values.append(value)
    merged = Scan(
        seq_args + tap_args + sit_args + shared_args,
        mit_outs + sit_outs + nit_outs + shared_outs,
        outer,
        len(seq_args),
        mit_sot_taps=[t for op in ops for t in op.mit_sot_taps],
        n_sit_sot=len(sit_outs),
        n_nit_sot=len(nit_outs),
        n_shared=len(shared_outs),
        reverse=ops[0].reverse,
        truncate_gradient=ops[0].truncate_gradient,
        name=" & ".join(filter(None, (op.name for op in ops))) or None,
        broadcast_mismatch=next((op.broadcast_mismatch for op in ops if op.broadcast_mismatch), None),
        steps_from_sequences=all(op.steps_from_sequences for op in ops),
        saved_rows=[r for op in ops for r in op.saved_rows[: op.n_mit_sot]]
        + [r for op in ops for r in op.saved_rows[op.n_mit_sot :]],
    )
    outputs = merged.make_node(
        nodes[0].inputs[0],
        *gather(lambda n, op: op.outer_seqs(n)),
        *gather(lambda n, op: op.outer_mitsot(n)),
        *gather(lambda n, op: op.outer_sitsot(n)),
        *gather(lambda n, op: op.outer_shared(n)),
        *gather(lambda n, op: op.outer_nitsot(n)),
        *outer_values,
    ).outputs
    counts = [len(mit_outs), len(sit_outs), len(nit_outs), len(shared_outs)]
    groups, first = [], 0
    for count in counts:
        groups.append(iter(outputs[first : first + count]))
        first += count
    replacements = []
    for op in ops:
        own = [op.n_mit_sot, op.n_sit_sot, op.n_nit_sot, op.n_shared]
        replacements.append([next(group) for group, n in zip(groups, own) for _ in range(n)])
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

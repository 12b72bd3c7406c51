"""Theano's scan_save_mem: a scan output of which only the last row is read
(reduce, foldl, foldr, `out[-1]`) keeps a buffer of its initial rows and one
more, not a row per step. A compile-time rewrite over a graph's outputs (it
needs each output's readers), before the local rewrites."""

from ..graph import Constant, clone_replace, toposort
from ..tensor.opclasses import AllocEmpty
from ..tensor.subtensor import IncSubtensor, Subtensor
from .scan import Scan, _expand_empty

__all__ = ["save_scan_memory"]


def _reads_last_row(node):
    """Whether `node` is x[-1]."""
    return type(node.op) is Subtensor and tuple(node.op.idx_list) == (("index", -1),)


def _initial_rows(buffer, depth):
    """The initial rows of a buffer scan built (expand_empty: the value set
    into the first rows of an AllocEmpty), else the buffer's first rows."""
    node = buffer.owner
    if (
        node is not None
        and isinstance(node.op, IncSubtensor)
        and node.op.set_instead_of_inc
        and node.inputs[0].owner is not None
        and isinstance(node.inputs[0].owner.op, AllocEmpty)
    ):
        return node.inputs[1]
    return buffer[:depth]


def save_scan_memory(outputs):
    """`outputs` with the buffers of scan outputs read only at row -1
    shortened to their initial rows and one more."""
    readers = {}
    for node in toposort(outputs):
        for v in node.inputs:
            readers.setdefault(id(v), []).append(node)
    returned = {id(v) for v in outputs}
    replace = {}
    for node in toposort(outputs):
        op = node.op
        if not isinstance(op, Scan) or op.until:
            continue
        saved = list(op.saved_rows)
        inputs = list(node.inputs)
        for k, depth in enumerate(op.depths()):
            raw = node.outputs[k]
            users = readers.get(id(raw), [])
            if saved[k] is not None or id(raw) in returned or not users:
                continue
            if not all(_reads_last_row(user) for user in users):
                continue
            position = 1 + op.n_seqs + k
            if isinstance(inputs[position], Constant):
                continue
            inputs[position] = _expand_empty(_initial_rows(inputs[position], depth), 1)
            saved[k] = depth + 1
        if saved != list(op.saved_rows):
            new = op._with(saved_rows=saved).make_node(*inputs)
            replace.update(zip(node.outputs, new.outputs))
    if not replace:
        return list(outputs)
    return clone_replace(list(outputs), replace)

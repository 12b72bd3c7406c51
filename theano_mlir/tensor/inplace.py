"""theano.tensor.inplace: Theano's `*_inplace` elementwise ops (`add_inplace`,
`exp_inplace`, `abs__inplace`, ...), one per elementwise function of
theano.tensor.

In Theano these write their result into their first input's memory (an
optimization: the value is that of the out-of-place op). theano_mlir
computes them out of place: `T.inplace.exp_inplace(x)` has the value of
`T.exp(x)` and leaves the array passed for `x` as it was (code that reads
the result through the input's buffer sees no change). Each is an Elemwise
with Theano's `inplace_pattern` {0: 0} and Theano's name (`exp_inplace`).
"""

from .elemwise import SCALAR_OPS, Elemwise


def _inplace_ops():
    ops = {}
    for scalar_op in SCALAR_OPS.values():
        if scalar_op.module != "tensor":
            continue
        for name in scalar_op.names:
            ops[f"{name}_inplace"] = Elemwise(scalar_op, {0: 0}, name=f"{name}_inplace")
    return ops


#: name -> op: add_inplace, sub_inplace, exp_inplace, ...
INPLACE_OPS = _inplace_ops()
globals().update(INPLACE_OPS)

__all__ = sorted(INPLACE_OPS)

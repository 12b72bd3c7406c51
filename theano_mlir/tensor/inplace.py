"""theano.tensor.inplace: Theano's `*_inplace` elementwise ops (`add_inplace`,
`exp_inplace`, `abs__inplace`, ...), one per elementwise function of
theano.tensor.

In Theano these write their result into their first input's memory, and
the result has that input's dtype (Theano's transfer_type(0)). theano_mlir's
kernels compute them out of place; a compiled function whose output is such
an op's result, of an explicit input, copies the result into the array the
caller passed for that input (when it is a writable ndarray the call used
as it was), so `f(a)` leaves `a` overwritten as in Theano. Each is an
Elemwise with Theano's `inplace_pattern` {0: 0} and Theano's name
(`exp_inplace`).
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

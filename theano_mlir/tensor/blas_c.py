"""theano.tensor.blas_c: Theano's C-BLAS op classes (CGemv, CGer), the
same computations as theano.tensor.blas's Gemv and Ger."""

from .blas import Gemv, Ger


class CGemv(Gemv):
    """Theano's C implementation of Gemv: beta * y + alpha * dot(A, x)."""


class CGer(Ger):
    """Theano's C implementation of Ger: A + alpha * outer(x, y)."""


cgemv_inplace = CGemv(True)
cgemv_no_inplace = CGemv(False)
cger_inplace = CGer(True)
cger_no_inplace = CGer(False)

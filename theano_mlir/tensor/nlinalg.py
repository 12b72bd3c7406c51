"""theano.tensor.nlinalg's diagonal helpers: extract_diag, alloc_diag, diag
and trace (over tensor/diagonal.py)."""

from .conversion import as_tensor_variable
from .diagonal import AllocDiag, ExtractDiag

extract_diag = ExtractDiag()
alloc_diag = AllocDiag()


def diag(x):
    """A matrix's diagonal, or the matrix with vector `x` as its diagonal."""
    x = as_tensor_variable(x)
    if x.ndim == 1:
        return alloc_diag(x)
    if x.ndim == 2:
        return extract_diag(x)
    raise TypeError("diag requires vector or matrix argument", x)


def trace(X):
    """The sum of a matrix's diagonal."""
    return extract_diag(X).sum()

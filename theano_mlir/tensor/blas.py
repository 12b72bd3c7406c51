"""theano.tensor.blas: Theano's BLAS op classes (Dot22, Dot22Scalar, Gemm,
Gemv, Ger). Theano's optimizer rewrites dot products into them; theano_mlir
leaves `dot` as it is (its compiler picks the kernels), so graphs hold Dot.
Built directly, each computes what Theano's does, as a graph of dot, mul
and add."""

from ..graph import Apply, CompositeOp
from .basic import as_tensor_variable, dot, outer
from .elemwise import EXPORTS

_add = EXPORTS["tensor"]["add"]
_mul = EXPORTS["tensor"]["mul"]


class _Blas(CompositeOp):
    __props__ = ("inplace",)

    def __init__(self, inplace=False):
        self.inplace = inplace

    def __str__(self):
        return f"{type(self).__name__}{{{'inplace' if self.inplace else 'no_inplace'}}}"

    def make_node(self, *inputs):
        inner = [as_tensor_variable(i) for i in inputs]
        return Apply(self, inner, [self.compute(*inner).type()])

    def build(self, node, *inputs):
        return [self.compute(*inputs)]


class Dot22(_Blas):
    """dot(x, y) of two matrices."""

    __props__ = ()

    def __init__(self):
        super().__init__(False)

    def __str__(self):
        return "Dot22"

    def compute(self, x, y):
        if x.ndim != 2 or y.ndim != 2:
            raise TypeError(f"Dot22 takes two matrices, got {x.type} and {y.type}")
        return dot(x, y)


class Dot22Scalar(Dot22):
    """a * dot(x, y) of two matrices."""

    def __str__(self):
        return "Dot22Scalar"

    def compute(self, x, y, a):
        return _mul(super().compute(x, y), a)


class Gemm(_Blas):
    """Gemm(z, a, x, y, b): b * z + a * dot(x, y) (matrices)."""

    def compute(self, z, a, x, y, b):
        return _add(_mul(b, z), _mul(a, dot(x, y)))


class Gemv(_Blas):
    """Gemv(y, alpha, A, x, beta): beta * y + alpha * dot(A, x)."""

    def compute(self, y, alpha, A, x, beta):
        return _add(_mul(beta, y), _mul(alpha, dot(A, x)))


class Ger(CompositeOp):
    """Ger(A, alpha, x, y): A + alpha * outer(x, y)."""

    __props__ = ("destructive",)

    def __init__(self, destructive=False):
        self.destructive = destructive

    def __str__(self):
        return f"{type(self).__name__}{{{'destructive' if self.destructive else 'non-destructive'}}}"

    compute = staticmethod(lambda A, alpha, x, y: _add(A, _mul(alpha, outer(x, y))))
    make_node = _Blas.make_node
    build = _Blas.build


_dot22 = Dot22()
_dot22scalar = Dot22Scalar()
gemm_no_inplace = Gemm(False)
gemm_inplace = Gemm(True)
gemv_no_inplace = Gemv(False)
gemv_inplace = Gemv(True)
ger = Ger(False)
ger_destructive = Ger(True)

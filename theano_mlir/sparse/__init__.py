"""theano.sparse: theano_mlir has no sparse matrix types. As Theano's
theano.sparse does where SciPy is missing, `enable_sparse` is False, so
code written for Theano checks it and skips its sparse paths."""

#: Theano's flag: whether sparse matrices are supported (never, here).
enable_sparse = False


class SparseType:
    """Theano's sparse matrix type; building one is a NotImplementedError
    (theano_mlir has no sparse types). `isinstance(t, SparseType)` is False
    for every type theano_mlir makes."""

    def __init__(self, format, dtype, *args, **kwargs):
        raise NotImplementedError(
            "theano_mlir has no sparse matrix types (theano.sparse.enable_sparse is False)"
        )


__all__ = ["SparseType", "enable_sparse"]

"""theano_mlir: Theano's API, compiled through MLIR."""
__version__ = "0.1.0"

"""theano.gpuarray: where Theano kept its GPU backend (libgpuarray). As in a
Theano installed without pygpu, `pygpu_activated` is False: code and tests
that check it take their CPU path. theano_mlir's GPU path is its own CUDA
lowering (a later issue), not this module."""

pygpu_activated = False

__all__ = ["pygpu_activated"]

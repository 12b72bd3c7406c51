"""theano.scan_module: Theano's scan and the loops built on it (map,
reduce, foldl, foldr), compiled as a loop inside the kernel."""

from .scan import Scan, foldl, foldr, map, reduce, scan, until

__all__ = ["Scan", "foldl", "foldr", "map", "reduce", "scan", "until"]

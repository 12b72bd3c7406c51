"""theano.scan_module.scan_op: the Scan op class (where Theano's code and
tests look for it)."""

from .scan import Scan

__all__ = ["Scan"]

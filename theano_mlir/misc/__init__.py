"""theano.misc: small numpy helpers Theano code imports by these paths."""

from .may_share_memory import may_share_memory
from .safe_asarray import _asarray

__all__ = ["_asarray", "may_share_memory"]

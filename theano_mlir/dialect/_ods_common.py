"""The helpers that generated op builders import relatively; upstream's, re-exported."""

from mlir.dialects._ods_common import *  # noqa: F401,F403
from mlir.dialects._ods_common import _cext  # noqa: F401

"""`python -m theano_mlir.run program.py [args]`: runs a program written
for Theano with `theano` and its submodules resolving to theano_mlir
(`python -m theano_mlir.run -m package.module [args]` runs a module)."""

import os
import runpy
import sys

from . import alias


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    alias.install()
    if argv[0] == "-m":
        if len(argv) < 2:
            print("theano_mlir.run: -m needs a module name", file=sys.stderr)
            return 2
        sys.argv = argv[1:]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = argv
        # as `python program.py` does: the program's directory comes first on
        # sys.path, so it imports the modules beside it (mlp.py's
        # `from logistic_sgd import ...`) from any working directory
        sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
        runpy.run_path(argv[0], run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The name `theano` for theano_mlir: programs and libraries written as
`import theano` run unchanged once the alias is installed.

    import theano_mlir.alias
    theano_mlir.alias.install()
    import theano                  # theano_mlir
    import theano.tensor as T      # theano_mlir.tensor, the same module object

`python -m theano_mlir.run program.py [args]` installs it and runs the
program. A module theano_mlir lacks is an ImportError naming the Theano
module (e.g. `theano.sandbox.cuda`).
"""

import importlib
import importlib.abc
import importlib.util
import sys

ALIAS, TARGET = "theano", "theano_mlir"


class _AliasLoader(importlib.abc.Loader):
    """Gives `theano.X` the module object of `theano_mlir.X`."""

    def __init__(self, target):
        self._target = target

    def create_module(self, spec):
        return self._target

    def exec_module(self, module):
        pass  # the target module ran already, under its own name


class TheanoAliasFinder(importlib.abc.MetaPathFinder):
    """Resolves `theano` and `theano.*` to theano_mlir's modules."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname != ALIAS and not fullname.startswith(ALIAS + "."):
            return None
        target_name = TARGET + fullname[len(ALIAS) :]
        try:
            module = importlib.import_module(target_name)
        except ModuleNotFoundError as error:
            if error.name is not None and error.name != target_name:
                raise  # a dependency of an existing module is missing
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: theano_mlir has no {target_name} "
                f"(Theano's {fullname} is not provided yet)",
                name=fullname,
            ) from None
        return importlib.util.spec_from_loader(
            fullname, _AliasLoader(module), is_package=hasattr(module, "__path__")
        )


def install():
    """Makes `import theano` (and its submodules) import theano_mlir, ahead
    of any Theano that is installed. Installing twice does nothing."""
    if not any(isinstance(finder, TheanoAliasFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, TheanoAliasFinder())


def uninstall():
    """Removes the alias and the `theano` modules it gave."""
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, TheanoAliasFinder)]
    for name in [n for n in sys.modules if n == ALIAS or n.startswith(ALIAS + ".")]:
        del sys.modules[name]

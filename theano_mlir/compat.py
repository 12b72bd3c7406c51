"""theano.compat: Theano 1.0's Python 2/3 compatibility names, as they are
on Python 3 (code written for Theano imports them: its tests, Keras,
Lasagne). Pure Python; nothing here depends on the compiler."""

import configparser
import os
import importlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, ValuesView
from collections.abc import MutableMapping as DictMixin
from io import BytesIO
from operator import truediv as operator_div

PY3 = True
string_types = (str,)
integer_types = (int,)
text_type = str
binary_type = bytes
next = next  # noqa: PLW0127 (six.next: the builtin)
izip = zip
imap = map
ifilter = filter
reload = importlib.reload
unicode = str


def b(s):
    """six.b: a str literal as bytes (latin-1)."""
    return s.encode("latin-1")


def exc_message(e):
    """The message of exception `e`: its first argument, unwrapped while that
    is itself an exception (a re-raised exception keeps the original)."""
    msg = e.args[0]
    if isinstance(msg, Exception):
        return exc_message(msg)
    return msg


def cmp(x, y):
    """-1 if x < y, 0 if x == y, 1 if x > y (Python 2's cmp)."""
    return (x > y) - (x < y)


def get_unbound_function(unbound):
    """The plain function of a method (the method itself if it has none)."""
    return getattr(unbound, "__func__", unbound)


def decode(x):
    return x.decode()


def decode_iter(itr):
    for x in itr:
        yield x.decode()


def decode_with(x, encoding):
    return x.decode(encoding)


class DefaultOrderedDict(OrderedDict):
    """An OrderedDict with collections.defaultdict's `default_factory`."""

    def __init__(self, default_factory=None, *a, **kw):
        if default_factory is not None and not isinstance(default_factory, Callable):
            raise TypeError("first argument must be callable")
        OrderedDict.__init__(self, *a, **kw)
        self.default_factory = default_factory

    def __getitem__(self, key):
        try:
            return OrderedDict.__getitem__(self, key)
        except KeyError:
            return self.__missing__(key)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        self[key] = value = self.default_factory()
        return value

    def __reduce__(self):
        args = () if self.default_factory is None else (self.default_factory,)
        return type(self), args, None, None, iter(list(self.items()))

    def copy(self):
        return self.__copy__()

    def __copy__(self):
        return type(self)(self.default_factory, self)


def maybe_add_to_os_environ_pathlist(var, newpath):
    """Puts the absolute path `newpath` first in the environment's path list
    `var` (e.g. PATH) unless it is there already."""

    if os.path.isabs(newpath):
        try:
            oldpaths = os.environ[var].split(os.pathsep)
            if newpath not in oldpaths:
                os.environ[var] = os.pathsep.join([newpath] + oldpaths)
        except Exception:
            pass


__all__ = [
    "PY3",
    "b",
    "BytesIO",
    "Callable",
    "next",
    "configparser",
    "reload",
    "cmp",
    "operator_div",
    "DictMixin",
    "Iterable",
    "Mapping",
    "OrderedDict",
    "ValuesView",
    "decode",
    "decode_iter",
    "decode_with",
    "get_unbound_function",
    "imap",
    "izip",
    "ifilter",
    "DefaultOrderedDict",
    "maybe_add_to_os_environ_pathlist",
    "exc_message",
    "string_types",
    "integer_types",
    "text_type",
    "binary_type",
    "unicode",
]

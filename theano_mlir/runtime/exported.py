"""Exported functions: a compiled function in one file, run by the runtime
alone (no MLIR, no compiler) — `Function.export(path)`, then
`theano_mlir.runtime.load(path)`.

The file (runtime/archive.py's format) holds the kernels' shared objects
(the general one and each specialized one, with its shapes), the inputs'
names and types, defaults, and the values of the shared variables at export;
the loaded function owns copies of them, which its updates change.
"""

import numpy as np

from ..config import config
from ..dtypes import filter_value
from . import host, numpy_random  # noqa: F401 (numpy_random: its host functions' factory)
from ._runtime import Buffer, Executable
from .archive import Archive, ArchiveError, array_bytes, write as write_archive
from .calling import CallableFunction
from .library import load_kernel

_KIND = "exported-function"


def write(
    path,
    *,
    name,
    inputs,
    single_result,
    allow_input_downcast,
    defaults,
    shared,
    shared_values,
    kernel,
    code,
    specialized,
    host_functions=(),
) -> None:
    """Writes an export (see Function.export)."""
    members = {"kernel.so": code}
    variants = []
    for index, (shapes, (meta, variant_code)) in enumerate(specialized.items()):
        variants.append(dict(meta, shapes=[list(s) for s in shapes]))
        members[f"specialized/{index}.so"] = variant_code
    for index, value in enumerate(shared_values):
        members[f"shared/{index}.npy"] = array_bytes(value)
    for index, value in defaults:
        members[f"defaults/{index}.npy"] = array_bytes(value)
    meta = dict(
        kind=_KIND,
        name=name,
        inputs=inputs,
        single_result=single_result,
        allow_input_downcast=allow_input_downcast,
        defaults=[i for i, _ in defaults],
        shared=shared,
        kernel=kernel,
        specialized=variants,
        host_functions=list(host_functions),
    )
    write_archive(path, meta, members)


class LoadedFunction(CallableFunction):
    """A function loaded from an export: call it as the original. Its shared
    variables are its own: `get_shared_value(name)` / `set_shared_value`."""

    def __init__(self, path):
        archive = Archive(path)
        meta = archive.meta
        if meta.get("kind") != _KIND:
            raise ArchiveError(f"{path}: not an exported function")
        try:
            self._load(archive, meta)
        except (KeyError, TypeError, IndexError) as error:
            raise ArchiveError(f"{path}: an incomplete export ({error!r})") from None

    def _load(self, archive, meta):
        self.name = meta["name"]
        for key in meta.get("host_functions", ()):  # numpy's draws, from their keys
            host.register(key)
        inputs = meta["inputs"]
        self._input_names = [i["name"] for i in inputs]
        self._input_labels = [i["label"] for i in inputs]
        self._input_types = [_InputType(i["dtype"], tuple(i["broadcastable"])) for i in inputs]
        self.allow_input_downcast = meta["allow_input_downcast"]
        self._defaults = [(i, archive.array(f"defaults/{i}.npy")) for i in meta["defaults"]]
        self._shared_names = [s["name"] for s in meta["shared"]]
        values = [archive.array(f"shared/{i}.npy") for i in range(len(meta["shared"]))]
        for spec, value in zip(meta["shared"], values):  # the kernel trusts their types
            if value.dtype != np.dtype(spec["dtype"]) or value.ndim != spec["ndim"]:
                raise ArchiveError(
                    f"shared variable {spec['name']}: a {value.dtype} array of "
                    f"{value.ndim} dimensions, the kernel takes {spec['dtype']}, "
                    f"{spec['ndim']} dimensions"
                )
        self._shared = [Buffer(np.require(value, requirements="C")) for value in values]
        kernel = meta["kernel"]
        library, entry = load_kernel(kernel, archive.member("kernel.so"))
        variants = {tuple(map(tuple, v["shapes"])): (index, v) for index, v in enumerate(meta["specialized"])}

        def specialize(shapes, compile):
            found = variants.get(tuple(map(tuple, shapes)))
            if found is None:
                return None
            index, variant = found
            variant_library, variant_entry = load_kernel(variant, archive.member(f"specialized/{index}.so"))
            return variant_entry, variant["check_messages"], variant_library

        self._library = library
        self._executable = Executable(
            entry,
            [tuple(a) for a in kernel["args"]],
            [str(label) for label in self._input_labels],
            [tuple(r) for r in kernel["results"]],
            kernel["check_messages"],
            self._convert,
            meta["single_result"],
            self._shared,
            kernel["updates"],
            kernel["in_place"],
            specialize if variants else None,
            len(variants) + config.max_specializations,
            [[d for d, b in enumerate(t.broadcastable) if b] for t in self._input_types],
        )
        self._call = self._executable
        self._bind(self._executable)

    def _shared_index(self, name):
        if isinstance(name, int):
            return name
        try:
            return self._shared_names.index(name)
        except ValueError:
            raise KeyError(
                f"{self.name} has no shared variable {name!r} "
                f"(it has {', '.join(map(str, self._shared_names))})"
            ) from None

    def get_shared_value(self, name):
        """A copy of the value of a shared variable (by name or index)."""
        return self._shared[self._shared_index(name)].get_value()

    def set_shared_value(self, name, value):
        """Replaces the value of a shared variable (by name or index)."""
        buffer = self._shared[self._shared_index(name)]
        buffer.set_value(np.asarray(value, dtype=buffer.dtype))


class _InputType:
    """An exported input's type: what the call path needs of a TensorType."""

    def __init__(self, dtype, broadcastable):
        self.dtype, self.broadcastable = dtype, broadcastable

    def filter(self, data, strict=False, allow_downcast=None):
        return filter_value(data, self.dtype, self.broadcastable, strict, allow_downcast)


def load(path) -> LoadedFunction:
    """The function exported to `path` by Function.export, ready to call."""
    return LoadedFunction(path)

"""Compiling a `theano`-dialect module for the CPU, ahead of its calls.

Compiling and running are two steps: this module lowers and compiles to a
shared object (or finds it in the compile cache), loads it, then hands the
entry point's address and signature to the runtime, which knows nothing of
MLIR. The calling convention is the one the pipeline produces: contiguous
memref arguments that the kernel never writes; caller-owned memref results
followed by `i32 status` and the values a failed check reports.

A *kernel* is the machine code of one function compiled for one set of
shapes; a `CompiledFunction` holds a function's general kernel and those
specialized for the shapes of its calls.
"""

import itertools
import os
import re
import string
import threading
import time
import warnings
import weakref
from typing import NamedTuple

import numpy as np
from mlir import ir, passmanager

from .. import runtime
from ..config import config
from ..dialect import new_context
from ..dialect.types import COMPLEX_UNSUPPORTED, dtype_of
from ..runtime.archive import ArchiveError
from ..runtime.library import load_kernel
from . import background, cache, codegen, loop_schedule, matmul_schedule, openmp, pipelines

#: Numbers the directories of `dump_ir`, one per compiled function.
_dump_counter = itertools.count()


def _schedule(module: ir.Module) -> None:
    """Matmul schedules, threads for large loop nests; a module that uses
    threads gets the attribute `theano.openmp` (it needs libomp)."""
    threads = openmp.usable_threads()
    parallel = loop_schedule.parallelize_loops(module, threads)
    loop_schedule.vectorize_short_rows(module)
    if matmul_schedule.schedule_matmuls(module, threads) or parallel or _has_parallel_loops(module):
        module.operation.attributes["theano.openmp"] = ir.UnitAttr.get(module.context)


def _has_parallel_loops(module: ir.Module) -> bool:
    """Whether the lowering left parallel loops (scf.forall: the parts of
    random draws, at most usable_threads())."""
    found = False

    def visit(op):
        nonlocal found
        found = op.name == "scf.forall"
        return ir.WalkResult.INTERRUPT if found else ir.WalkResult.ADVANCE

    module.operation.walk(visit)
    return found


#: The steps of a pipeline that are Python, not passes, by name.
_PYTHON_STEPS = {pipelines.SCHEDULE_STEP: _schedule}


def _complex_unsupported(error):
    """The Python error for a pipeline failure users can cause: a TypeError
    naming the node when lowering failed on an op that has no kernel for
    complex numbers (sort or max of complex values), a NotImplementedError
    for a feature still to come; else None."""
    for diagnostic in error.error_diagnostics:
        text = diagnostic.message + "".join(note.message for note in diagnostic.notes)
        if "failed to legalize" in diagnostic.message and "complex<" in text:
            node = str(diagnostic.location)
            node = node[5:-2] if node.startswith('loc("') and node.endswith('")') else node
            return TypeError(f"{COMPLEX_UNSUPPORTED}: node {node} computes with complex numbers")
        if "not implemented yet" in diagnostic.message:  # a feature still to come (gradients through scan)
            node = str(diagnostic.location)
            node = node[5:-2] if node.startswith('loc("') and node.endswith('")') else node
            return NotImplementedError(f"{node}: {diagnostic.message}")
    return None


def lower(module: ir.Module, passes=pipelines.CPU, dump_dir=None) -> None:
    """Runs `passes` (pipeline text, or the name of a step in
    _PYTHON_STEPS) on `module` in place. With the flag `print_ir_after_all`
    the IR after each pass goes to stderr; with `dump_dir`, into files
    there, one per pass."""
    run = []
    for step in list(passes) + [None]:
        if step is not None and step not in _PYTHON_STEPS:
            run.append(step)
            continue
        if run:
            pm = passmanager.PassManager.parse(pipelines.pipeline_string(run), module.context)
            if config.print_ir_after_all or dump_dir:
                pm.enable_ir_printing(print_after_all=True, tree_printing_dir_path=dump_dir)
            try:
                pm.run(module.operation)
            except ir.MLIRError as error:
                raise _complex_unsupported(error) or error
            run = []
        if step is not None:
            _PYTHON_STEPS[step](module)


def lower_stages(module: ir.Module, stages, optimizations, name="main", on_stage=None, **parameters) -> None:
    """Runs `stages` ((name, steps) pairs) with `optimizations` enabled and
    `parameters` filled into the steps' `$name` fields (`$threads`, the
    threads kernels may use, and the machine's register tiles unless
    given).
    `on_stage(stage, module)` sees the module after each stage. With the
    flag `dump_ir`, each stage's passes dump into DIR/<n>-<function>/<stage>."""
    dump_root = None
    if config.dump_ir:
        label = re.sub(r"[^\w.-]+", "_", name)[-60:]
        dump_root = os.path.join(config.dump_ir, f"{next(_dump_counter):04d}-{label}")
    for stage, steps in stages:
        dump_dir = os.path.join(dump_root, stage) if dump_root else None
        if dump_dir:  # MLIR creates the files, not the directories above them
            os.makedirs(dump_dir, exist_ok=True)
        passes = pipelines.select(steps, optimizations)
        values = {"threads": openmp.usable_threads(), **codegen.dynamic_matmul_tile(), **parameters}
        passes = [string.Template(p).safe_substitute(values) for p in passes]
        lower(module, passes, dump_dir)
        if on_stage is not None:
            on_stage(stage, module)


def prepare_entry(func, update_args=()) -> None:
    """Marks a func.func as an entry point: a C interface, and arguments the
    kernel may read but never write (they are the caller's arrays), except
    where `theano-update-in-place` makes an argument the destination of an
    update: `update_args[u]` is the argument that the u-th of the last
    results replaces."""
    with func.context:
        func.attributes["llvm.emit_c_interface"] = ir.UnitAttr.get()
        read_only = ir.DictAttr.get({"bufferization.writable": ir.BoolAttr.get(False)})
        count = len(_function_type(func).inputs)
        func.attributes["arg_attrs"] = ir.ArrayAttr.get([read_only] * count)
        if update_args:
            func.attributes["theano.update_args"] = ir.DenseI64ArrayAttr.get(list(update_args))


def _packed_entry(name: str) -> str:
    """The symbol of the packed entry point (`void(void **)`) that the
    runtime calls for the C interface of function `name`."""
    return "_mlir__mlir_ciface_" + name


def _function_type(func) -> ir.FunctionType:
    return ir.FunctionType(ir.TypeAttr(func.attributes["function_type"]).value)


def _find_func(module: ir.Module, name: str):
    for op in module.body.operations:
        if op.operation.name == "func.func" and ir.StringAttr(op.attributes["sym_name"]).value == name:
            return op
    raise KeyError(f"no function @{name} in the module")


class _Signature(NamedTuple):
    """What the runtime checks of an entry function's arguments and results."""

    #: (dtype, rank) of each explicit argument (not a shared buffer)
    arg_specs: list
    #: (dtype, rank) of each result: the outputs, then the updates
    result_specs: list
    #: per explicit argument, its broadcastable dimensions (static size 1)
    unit_dims: list
    #: whether any argument, shared buffers included, has a dimension
    has_dimensions: bool


def _read_signature(func, shared_count: int) -> _Signature:
    """The signature of entry function `func`, whose last `shared_count`
    arguments are the runtime's shared buffers."""
    func_type = _function_type(func)
    inputs = list(func_type.inputs)
    explicit = inputs[: len(inputs) - shared_count]
    return _Signature(
        arg_specs=[_spec(t) for t in explicit],
        result_specs=[_spec(t) for t in func_type.results],
        unit_dims=[[d for d, size in enumerate(ir.ShapedType(t).shape) if size == 1] for t in explicit],
        has_dimensions=any(ir.ShapedType(t).rank for t in inputs),
    )


def _spec(shaped_type) -> tuple:
    return dtype_of(shaped_type).name, ir.ShapedType(shaped_type).rank


def _update_args(module) -> list:
    """The arguments bufferization left as the destinations of updates."""
    for op in module.body.operations:
        if "theano.update_args" in op.attributes:
            return list(ir.DenseI64ArrayAttr(op.attributes["theano.update_args"]))
    return []


def kernel_meta(module: ir.Module, name: str, remaining) -> dict:
    """What the runtime needs besides the code of `module`, lowered."""
    messages = module.operation.attributes["theano.check_messages"]
    return dict(
        entry=_packed_entry(name),
        check_messages=[ir.StringAttr(m).value for m in messages],
        remaining=remaining,
        openmp="theano.openmp" in module.operation.attributes,
    )


def compile_specialized(linalg: str, shapes: str, optimizations, opt_level: int, label: str, name: str):
    """(metadata, shared object) of the kernel specialized for `shapes`
    (theano-specialize-shapes' text) of the module `linalg` (its text after
    "to-linalg"), entry function `name`. The compile worker runs it too
    (specialize_worker.py)."""
    with new_context():
        module = ir.Module.parse(linalg)
        lower_stages(module, pipelines.SPECIALIZED_CPU_STAGES, optimizations, label, shapes=shapes)
        return kernel_meta(module, name, _update_args(module)), codegen.shared_object(module, opt_level)


class CompiledFunction:
    """One function compiled: `compiled(*arrays)` returns a list of arrays
    (or the array itself with `single_result=True`). `shared` runtime
    buffers are the function's last arguments; `updates` name, for each
    result after the outputs, the shared buffer it replaces when a call
    succeeds. Its kernels write some of them in place (`in_place`, indices
    into `shared`); the others they return as new buffers, which the runtime
    adopts.

    The general kernel takes any shapes. With the optimization
    `theano-specialize-shapes`, the runtime asks for a kernel compiled for
    the shapes of a call the second time it sees them (up to
    config.max_specializations per function), from the module as it was
    after "to-linalg": static shapes let matmuls be scheduled and loops be
    unrolled and vectorized. The general kernel of a function that
    specializes is compiled by LLVM at -O0: it runs only the first call of
    each shape. For the MLP training step, -O0 costs ~0.06 s of LLVM time
    and ~40 ms for that call (its matmuls are vector helpers, see
    theano-vectorize-dynamic-matmuls); -O2 costs 0.5-0.7 s and 6.5 ms.

    Kernels are shared objects (lowering/codegen.py), kept in the compile
    cache (lowering/cache.py) when it is on: a function emitted the same way
    again, in any process, loads its kernels instead of compiling them.

    `convert(index, value) -> ndarray` handles arguments that are not already
    C-contiguous arrays of the exact dtype and rank; by default they are
    converted with numpy's casting.
    """

    def __init__(
        self,
        module: ir.Module,
        name: str = "main",
        opt_level: int = 2,
        arg_names=None,
        convert=None,
        single_result=False,
        shared=(),
        updates=(),
        optimizations=pipelines.MODES["FAST_RUN"],
        label=None,
        on_stage=None,
    ):
        func = _find_func(module, name)
        signature = _read_signature(func, len(shared))
        explicit_count = len(signature.arg_specs)
        prepare_entry(func, [explicit_count + u for u in updates])
        self._name, self._label, self._opt_level = name, label or name, opt_level
        self._optimizations = optimizations
        specializes = (
            pipelines.SHAPE_SPECIALIZATION.name in optimizations
            and config.max_specializations > 0
            and signature.has_dimensions
        )
        self._cache = self._usable_cache(on_stage)
        self._key = self._cache_key(module, specializes) if self._cache is not None else None
        loaded = self._cached(self._key) if self._key is not None else None
        self.from_cache = loaded is not None
        if loaded is None:
            loaded = self._compile_and_load(module, specializes, updates, on_stage)
        # The library owns the code: keep it as long as the runtime's executable.
        meta, code, linalg, self._library, entry = loaded
        #: the general kernel: its metadata, its shared object
        self.meta, self.code, self._linalg = meta, code, linalg
        self._place_updates(signature, updates)
        self.arg_specs = signature.arg_specs
        self._warned = False
        #: seconds each specialized kernel took to compile, by shapes
        self.compile_times = {}
        #: (metadata, shared object) of each specialized kernel, by shapes
        self.specialized = {}
        #: an event per shapes whose kernel compiles in the background
        self._compiling = {}
        self.call = self._executable(entry, signature, arg_names, convert, single_result, shared, specializes)

    @staticmethod
    def _usable_cache(on_stage):
        """The compile cache, or None: where the IR is to be seen, compile it."""
        if on_stage is None and not config.print_ir_after_all and not config.dump_ir:
            return cache.current()
        return None

    def _cache_key(self, module, specializes) -> str:
        """The cache key of the general kernel of `module`, as emitted."""
        # with locations: check messages name the nodes they come from
        text = module.operation.get_asm(enable_debug_info=True)
        return cache.key(
            "kernel",
            text,
            self._name,
            ":".join(sorted(self._optimizations)),
            str(self._opt_level),
            str(openmp.usable_threads()),
            str(specializes),
        )

    def _compile_and_load(self, module, specializes, updates, on_stage):
        """(metadata, shared object, linalg text or None, library, entry) of
        `module`, compiled, stored in the cache and loaded."""
        meta, code, linalg = self._compile(module, specializes, updates, on_stage)
        if self._key is not None:
            members = {"kernel.so": code}
            if linalg is not None:
                members["linalg.mlir"] = linalg
            self._cache.store(self._key, meta, members)
        return (meta, code, linalg) + load_kernel(meta, code)

    def _place_updates(self, signature, updates) -> None:
        """Splits `updates` into those the kernel writes in place and those
        it returns (`result_updates`, the arguments bufferization left as
        results), and orders the result specs as the kernel returns them."""
        explicit_count = len(signature.arg_specs)
        remaining = self.meta["remaining"]
        self._remaining = remaining if updates else None
        result_updates = [a - explicit_count for a in remaining]
        self.in_place = [u for u in updates if u not in result_updates]
        result_specs = signature.result_specs
        output_count = len(result_specs) - len(updates)
        self.result_specs = result_specs[:output_count] + [
            result_specs[output_count + list(updates).index(u)] for u in result_updates
        ]
        self.result_updates = result_updates
        self.check_messages = self.meta["check_messages"]

    def _executable(self, entry, signature, arg_names, convert, single_result, shared, specializes):
        """The runtime's callable for the general kernel at `entry`, which
        asks `_specialize` for kernels by shapes when `specializes`."""
        if arg_names is None:
            arg_names = [f"argument {i}" for i in range(len(signature.arg_specs))]
        # The runtime holds the callback; a weak reference breaks the cycle.
        specialize = None
        if specializes:
            this = weakref.ref(self)
            specialize = lambda shapes, compile: this() and this()._specialize(shapes, compile)  # noqa: E731
        return runtime.Executable(
            entry,
            self.arg_specs,
            list(arg_names),
            self.result_specs,
            self.check_messages,
            convert or self._convert,
            single_result,
            list(shared),
            self.result_updates,
            self.in_place,
            specialize,
            config.max_specializations,
            signature.unit_dims,
        )

    def __call__(self, *args):
        return self.call(*args)

    def _compile(self, module, specializes, updates, on_stage):
        """(metadata, shared object, linalg text or None) of `module`, compiled."""
        linalg = []
        remaining = []

        def seen(stage, lowered):
            if stage == "to-linalg" and specializes:
                linalg.append(str(lowered))
            if stage == "bufferize" and updates:
                remaining[:] = _update_args(lowered)
            if on_stage is not None:
                on_stage(stage, lowered)

        lower_stages(module, pipelines.CPU_STAGES, self._optimizations, self._label, seen)
        level = 0 if specializes else self._opt_level
        return (
            kernel_meta(module, self._name, remaining),
            codegen.shared_object(module, level),
            (linalg[0] if linalg else None),
        )

    def _cached(self, key):
        """(metadata, shared object, linalg text or None, library, entry) of
        the cache entry `key`, loaded, or None (no entry; a damaged one, or
        one that does not load, is removed)."""
        archive = self._cache.load(key)
        if archive is None:
            return None
        try:
            meta = archive.meta
            linalg = archive.text("linalg.mlir") if archive.has("linalg.mlir") else None
            code = archive.member("kernel.so")
            return (meta, code, linalg) + load_kernel(meta, code)
        except (ArchiveError, OSError, KeyError, TypeError) as error:
            self._cache.discard(key, str(error))
            return None

    def _specialize(self, shapes, compile=True):
        """(entry, check messages, owner) of a kernel for the argument
        shapes `shapes`, "compiling" (in the background: `install` follows)
        or None: the general kernel then serves them. With compile=False
        only one in the compile cache is looked for."""
        text = ";".join("x".join(map(str, shape)) for shape in shapes)
        start = time.perf_counter()
        try:
            key = self._key and cache.key("specialized", self._key, text)
            cached = self._cached(key) if key else None
            if cached is not None:
                meta, code, _, library, entry = cached
                return self._adopt(shapes, meta, code, (library, entry), start)
            if not compile:
                # shapes seen once with no kernel in the cache: a second
                # call would ask for one, so the worker starts importing now
                if self._in_background():
                    background.prepare()
                return None
            if self._in_background():
                self._compile_in_background(shapes, text, key, start)
                return "compiling"
            meta, code = compile_specialized(
                self._linalg, text, self._optimizations, self._opt_level, f"{self._label}[{text}]", self._name
            )
            if key:
                self._cache.store(key, meta, {"kernel.so": code})
            return self._adopt(shapes, meta, code, None, start)
        except Exception as error:  # a failed specialization costs speed, not the call
            self._warn_once(text, error)
            return None

    @staticmethod
    def _in_background() -> bool:
        """Whether specialized kernels compile in the worker process (not
        when the IR of every pass is to be seen)."""
        return config.background_compile and not (config.print_ir_after_all or config.dump_ir)

    def _adopt(self, shapes, meta, code, loaded, start):
        """(entry, check messages, owner) of a specialized kernel, loaded
        unless `loaded` is (library, entry), or None if it does not fit."""
        if self._remaining is not None and meta["remaining"] != self._remaining:
            return None  # its buffers would be written differently
        library, entry = loaded or load_kernel(meta, code)
        shape_key = tuple(map(tuple, shapes))
        self.specialized[shape_key] = (meta, code)
        self.compile_times[shape_key] = time.perf_counter() - start
        return entry, meta["check_messages"], library

    def _warn_once(self, text, error):
        if not self._warned:
            self._warned = True
            warnings.warn(
                f"{self._label}: no kernel specialized for shapes {text} ({error}); the general kernel runs",
                RuntimeWarning,
                stacklevel=3,
            )

    def _compile_in_background(self, shapes, text, key, start):
        """Has the compile worker compile the kernel for `shapes`. When it
        is done, the kernel goes to the cache and, if this function still
        exists, serves its calls with those shapes."""
        finished = self._compiling[tuple(map(tuple, shapes))] = threading.Event()
        this, store = weakref.ref(self), self._cache
        request = dict(
            linalg=self._linalg,
            shapes=text,
            optimizations=sorted(self._optimizations),
            opt_level=self._opt_level,
            label=f"{self._label}[{text}]",
            name=self._name,
            flags=config.values(),
        )

        def done(result):
            try:
                if not isinstance(result, Exception) and key:
                    store.store(key, result[0], {"kernel.so": result[1]})
                compiled = this()
                if compiled is None:
                    return
                made = None
                try:
                    if isinstance(result, Exception):
                        raise result
                    made = compiled._adopt(shapes, result[0], result[1], None, start)
                except Exception as error:
                    compiled._warn_once(text, error)
                compiled.call.install(shapes, made)
            finally:
                finished.set()

        background.submit(request, done)

    def specialize(self, shapes) -> None:
        """Asks for the kernel specialized for `shapes` (a tuple per
        argument, explicit then shared) now, as the second call with them
        would: compiled in the background, or before this returns."""
        self.call.request(tuple(map(tuple, shapes)))

    def wait_for_kernels(self, timeout=None) -> bool:
        """Waits until the kernels compiling in the background are done
        (serving calls, or failed); False if `timeout` seconds passed first."""
        deadline = None if timeout is None else time.monotonic() + timeout
        for finished in list(self._compiling.values()):
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not finished.wait(left):
                return False
        return True

    def _convert(self, index, value):
        dtype, rank = self.arg_specs[index]
        array = np.asarray(value, dtype=dtype, order="C")
        if array.ndim != rank:
            raise TypeError(f"argument {index}: expected {rank} dimensions, got {array.ndim}")
        return array

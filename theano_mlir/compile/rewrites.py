"""Graph rewrites before emission: Theano's graph optimizations whose result
a program sees in `f.maker.fgraph` (the rest of the optimizing is MLIR
passes, after emission). The rewritten graph is what is emitted.

- `local_view_op`: identities in the forward pass (zero_grad, undefined_grad,
  disconnected_grad, consider_constant, grad_clip, grad_scale) go, except
  where a derivative (Grad, Jacobian, Rop: differentiated when compiled) reads
  them.
- Theano's ShapeFeature (`ShapeOpt`): each variable's shape as int64
  scalars, from its op's `infer_shape` (Theano's contract: `infer_shape(node,
  input_shapes)`, one tuple per output), or `Shape_i` of it where the op has
  none. `local_shape_to_shape_i` replaces Shape(x) by a MakeVector of them,
  `local_track_shape_i` Shape_i(i)(x) by x's i-th, so a shape is computed
  without the op that makes x.
- `scanOp_pushout_seqs_ops` (Theano's scan pushout): a scan's outputs
  that are not states and need no loop are computed outside it
  (Scan.pushed_out).
- `scanOp_merge` (Theano's ScanMerge): scans of the same steps that do not
  depend on each other run as one loop (scan_module/scan_merge.py; over
  the whole graph, before the local rewrites).
- `scan_save_mem` (Theano's): a scan output read only at its last row
  keeps its initial rows and one more (scan_module/save_mem.py; over the
  whole graph). `scan_make_inplace`: the loop may fill the buffers the
  graph computes (its destroy_map says so).
- `remove_constants_and_unused_inputs_scan`: a scan's node takes every
  non_sequence given (a function taking one as input uses it, as in
  Theano); the values its step does not read are dropped here.
- `local_abstractconv_gemm` and its gradient and 3-d siblings (Theano's):
  an abstract convolution becomes the correlation op of its kind (CorrMM,
  Corr3dMM and their gradients), the kernel flip a reversing slice of the
  filters (or of the filters' gradient), as Theano's CPU graphs show.
- `local_abstract_batch_norm_train` (and `_train_grad`, `_inference`,
  Theano's): the batch-normalization ops become their graphs.
- `local_subtensor_make_vector`: an entry (constant index or slice) of a
  MakeVector is that element; `constant_folding`: a MakeVector of constants
  is a constant.

One walk over the graph in dependency order, each node rebuilt (make_node)
on its rewritten inputs and rewritten in turn: linear in the graph's size.
"""

from dataclasses import dataclass

import numpy as np

from .. import dtypes
from ..graph import Apply, Constant, toposort
from ..ifelse import IfElse
from ..scan_module import Scan
from ..scan_module.save_mem import save_scan_memory
from ..scan_module.scan_merge import merge_scans
from ..tensor.basic import Shape, Shape_i, cast, patternbroadcast
from ..tensor.nnet import abstract_conv, bn, corr, corr3d
from ..tensor.conversion import MakeVector, as_tensor_variable, constant
from ..tensor.elemwise import DimShuffle, Elemwise
from ..tensor.differentiation import (
    Grad,
    GradClip,
    GradScale,
    Jacobian,
    RopProducts,
    StopGradient,
    UndefinedGrad,
)
from ..tensor.subtensor import DYNAMIC, AdvancedSubtensor1, Subtensor
from ..tensor.type import TensorType


class ShapeError(Exception):
    """An op's infer_shape cannot tell the shape (Theano's ShapeError): its
    output's dimensions are then Shape_i of it."""


@dataclass(frozen=True)
class Rewrite:
    """A graph rewrite: `name` is Theano's, `tags` the groups that name it
    too (what Mode.including / excluding take); `fast_compile` whether
    FAST_COMPILE runs it (Theano's 'fast_compile' tag)."""

    name: str
    tags: tuple = ()
    fast_compile: bool = False


#: The integer dtypes a size given by infer_shape may have (every uint64
#: does not fit the int64 of shapes).
_SIZE_DTYPES = dtypes.INTEGERS - {"uint64"}

_SHAPE_TAGS = ("ShapeOpt", "canonicalize", "specialize", "fast_run")
REWRITES = {
    r.name: r
    for r in (
        Rewrite("local_view_op", ("canonicalize", "useless", "fast_run", "fast_compile"), fast_compile=True),
        Rewrite("merge", ("MergeOptimizer", "fast_run", "fast_compile"), fast_compile=True),
        Rewrite("local_shape_to_shape_i", _SHAPE_TAGS),
        Rewrite("local_track_shape_i", _SHAPE_TAGS),
        Rewrite("local_subtensor_make_vector", _SHAPE_TAGS + ("useless",)),
        Rewrite("local_useless_slice", ("canonicalize", "specialize", "fast_run")),
        Rewrite("cond_make_inplace", ("fast_run", "inplace")),
        Rewrite("remove_constants_and_unused_inputs_scan", ("fast_run", "scan")),
        Rewrite("scanOp_pushout_seqs_ops", ("fast_run", "scan", "scan_pushout")),
        Rewrite("scanOp_merge", ("fast_run", "scan", "scan_merge")),
        Rewrite("scan_save_mem", ("fast_run", "scan")),
        Rewrite("scan_make_inplace", ("fast_run", "inplace", "scan")),
        Rewrite("local_useless_subtensor", ("canonicalize", "specialize", "fast_run")),
        *(
            Rewrite(name, ("conv_gemm", "fast_run", "fast_compile"), fast_compile=True)
            for name in (
                "local_abstractconv_gemm",
                "local_abstractconv3d_gemm",
                "local_abstractconv_gradweight_gemm",
                "local_abstractconv3d_gradweight_gemm",
                "local_abstractconv_gradinputs_gemm",
                "local_abstractconv3d_gradinputs_gemm",
            )
        ),
        *(
            Rewrite(name, ("fast_run", "fast_compile"), fast_compile=True)
            for name in (
                "local_abstract_batch_norm_train",
                "local_abstract_batch_norm_train_grad",
                "local_abstract_batch_norm_inference",
            )
        ),
        Rewrite(
            "constant_folding",
            ("topo_constant_folding", "canonicalize", "specialize", "fast_run", "fast_compile"),
            fast_compile=True,
        ),
    )
}

#: The rewrites each mode runs (None: Theano's optimizer=None, none).
MODES = {
    "FAST_RUN": frozenset(REWRITES),
    "FAST_COMPILE": frozenset(name for name, r in REWRITES.items() if r.fast_compile),
    None: frozenset(),
}


def resolve(names) -> frozenset:
    """The rewrites that `names` (rewrite names or tags) stand for."""
    return frozenset(r.name for name in names for r in REWRITES.values() if name == r.name or name in r.tags)


#: Ops that are the identity in the forward pass (Theano's ViewOps).
_VIEW_OPS = (StopGradient, GradClip, GradScale, UndefinedGrad)
#: Ops that differentiate the graph of their inputs when compiled.
_DIFFERENTIATING_OPS = (Grad, Jacobian, RopProducts)


def rewrite_graph(inputs, outputs, rewrites):
    """`outputs` rewritten by the `rewrites` (names); the variables in
    `inputs` and the caller's graph are left as they are."""
    if not rewrites:
        return list(outputs)
    if "scanOp_merge" in rewrites:  # rewrites over the whole graph, first
        outputs = merge_scans(outputs)
    if "scan_save_mem" in rewrites:
        outputs = save_scan_memory(outputs)
    return _Rewriter(inputs, outputs, rewrites).run()


def _int64_constant(value):
    return constant(np.int64(value), dtype="int64")


def _make_vector_like(elements, like):
    """A MakeVector of the int64 `elements` of the type of `like` (Shape's
    vector: not broadcastable, even of one element)."""
    op = MakeVector(like.dtype)
    elements = [e if e.dtype == like.dtype else cast(e, like.dtype) for e in elements]
    return Apply(op, elements, [TensorType(like.dtype, like.broadcastable)()]).outputs[0]


class _Rewriter:
    @property
    def node_count(self):
        """The graph's size (cond_make_inplace's limit), counted when an ifelse asks."""
        if self._node_count is None:
            self._node_count = len(toposort(self.outputs, stop_at=self.inputs))
        return self._node_count

    def __init__(self, inputs, outputs, rewrites):
        self.inputs, self.outputs, self.rewrites = list(inputs), list(outputs), rewrites
        self.shape_rewrites = bool(
            rewrites & {"local_shape_to_shape_i", "local_track_shape_i", "local_subtensor_make_vector"}
        )
        # id(variable) -> (variable, its rewritten form). The variable is kept
        # so that its id is not reused.
        self.memo = {}
        self.shapes = {}  # id(final variable) -> (variable, tuple of int64 scalars)
        self.shape_nodes = {}  # id(Shape_i node made for a shape) -> the node
        self.differentiated = self._differentiated() if "local_view_op" in rewrites else set()
        self.merged = {}  # a node's key (op, inputs) -> its outputs (rewrite "merge")
        self._node_count = None

    # -- the walk ----------------------------------------------------------

    def run(self):
        for variable in self.inputs:
            self.memo[id(variable)] = (variable, variable)
        return [self.final(v) for v in self.outputs]

    def final(self, variable):
        """The rewritten form of `variable`, rewriting what it depends on
        first (iteratively: graphs may be deep)."""
        if id(variable) in self.memo:
            return self.memo[id(variable)][1]
        for node in self._pending(variable):
            self._process(node)
        if id(variable) not in self.memo:  # a root
            self.memo[id(variable)] = (variable, variable)
        return self.memo[id(variable)][1]

    def _pending(self, variable):
        """The nodes `variable` depends on not rewritten yet, in dependency order."""
        return toposort([variable], stop=lambda v: id(v) in self.memo)

    def _process(self, node):
        if any(id(o) in self.memo for o in node.outputs):
            return
        inputs = [self.memo[id(v)][1] if id(v) in self.memo else self._root(v) for v in node.inputs]
        if isinstance(node.op, _VIEW_OPS) and id(node) not in self.differentiated:
            self.memo[id(node.outputs[0])] = (node.outputs[0], inputs[0])
            return
        new = node
        if any(a is not b for a, b in zip(inputs, node.inputs)):
            new = node.op.make_node(*inputs)
            for old, fresh in zip(node.outputs, new.outputs):
                fresh.name = old.name
                _copy_stack_trace(old, fresh)
        replacements = self._rewrite(new)
        if replacements is None and "merge" in self.rewrites:
            replacements = self._merge(new)
        for old, fresh, replacement in zip(node.outputs, new.outputs, replacements or new.outputs):
            replacement = self.final(replacement) if replacement is not fresh else fresh
            self.memo[id(old)] = (old, replacement)
            self.memo[id(fresh)] = (fresh, replacement)
            self.memo[id(replacement)] = (replacement, replacement)

    def _root(self, variable):
        self.memo[id(variable)] = (variable, variable)
        return variable

    def _differentiated(self):
        """The ids of the nodes that a Grad, Jacobian or Rop of the graph
        differentiates through (they stay)."""
        nodes, stack, seen = set(), [], set()
        for node in toposort(self.outputs):
            if isinstance(node.op, _DIFFERENTIATING_OPS):
                stack.extend(node.inputs)
        while stack:
            v = stack.pop()
            if id(v) in seen or v.owner is None:
                continue
            seen.add(id(v))
            nodes.add(id(v.owner))
            stack.extend(v.owner.inputs)
        return nodes

    # -- the local rewrites -------------------------------------------------

    def _merge(self, node):
        """The outputs of an equal node on the same inputs (Theano's
        MergeOptimizer), for the pure ops of shape computations; None for
        the first of them."""
        if not isinstance(node.op, _MERGED_OPS) or getattr(node.op, "inplace_pattern", None):
            return None
        try:
            key = (node.op, tuple(_input_key(i) for i in node.inputs))
            hash(key)
        except TypeError:
            return None
        if key in self.merged:
            return self.merged[key][1]
        self.merged[key] = (node, node.outputs)
        return None

    def _rewrite(self, node):
        """The replacements of `node`'s outputs, or None."""
        op, on = node.op, self.rewrites
        if isinstance(op, Scan) and "scanOp_pushout_seqs_ops" in on:
            replacements = op.pushed_out(node)
            if replacements is not None:
                return replacements
        if isinstance(op, Scan) and "remove_constants_and_unused_inputs_scan" in on:
            smaller = op.without_unread_outer()
            if smaller is not None:
                new_op, kept = smaller
                first = op.first_outer
                inputs = node.inputs[:first] + [node.inputs[first + k] for k in kept]
                return new_op.make_node(*inputs).outputs
        if isinstance(op, Scan) and not op.destroy_map and "scan_make_inplace" in on:
            # Theano's: the loop may fill the buffers the graph computes
            # (not a constant, an input or a shared variable's value)
            buffers = op.outer_mitsot(node) + op.outer_sitsot(node)
            destroy_map = {
                k: [1 + op.n_seqs + k]
                for k, buffer in enumerate(buffers)
                if buffer.owner is not None and not isinstance(buffer.owner.op, DimShuffle)
            }
            if destroy_map:
                return op._with(destroy_map=destroy_map).make_node(*node.inputs).outputs
        if isinstance(op, Shape) and "local_shape_to_shape_i" in on:
            x = node.inputs[0]
            return [_make_vector_like(self.shape_of(x), node.outputs[0])]
        if isinstance(op, Shape_i) and "local_track_shape_i" in on and node.inputs[0].broadcastable[op.i]:
            return [_int64_constant(1)]  # the type says so
        if isinstance(op, Shape_i) and "local_track_shape_i" in on and node.inputs[0].owner is not None:
            if id(node) in self.shape_nodes:
                return None
            entry = self.shape_of(node.inputs[0])[op.i]
            return None if entry is node.outputs[0] else [entry]
        if isinstance(op, MakeVector) and "constant_folding" in on:
            if all(isinstance(e, Constant) for e in node.inputs):
                out = node.outputs[0]
                data = np.array([np.asarray(e.data).item() for e in node.inputs], dtype=out.dtype)
                return [TensorType(out.dtype, out.broadcastable).make_constant(data)]
        if type(op) is Subtensor and {"local_useless_slice", "local_useless_subtensor"} & on:
            replacement = self._useless_slices(node)
            if replacement is not None:
                return [replacement]
        if isinstance(op, (Subtensor, AdvancedSubtensor1)) and "local_subtensor_make_vector" in on:
            return self._subtensor_make_vector(node)
        if type(op) in _CORRELATIONS:
            return _as_correlation(node, on)
        if type(op) in _BATCH_NORMS and _BATCH_NORMS[type(op)] in on:
            return _with_types(op.build(node, *node.inputs), node.outputs)
        if isinstance(op, IfElse) and not op.as_view and "cond_make_inplace" in on:
            # Theano's: its outputs may view the branch's values (the
            # kernel's choice); not for scalars of a graph of 500 nodes or
            # more (Theano's limit, to keep its optimization fast)
            if self.node_count < 500 or not all(o.ndim == 0 for o in node.outputs):
                return IfElse(op.n_outs, as_view=True, gpu=op.gpu, name=op.name)(
                    *node.inputs, return_list=True
                )
        return None

    def _useless_slices(self, node):
        """x[i, :, :] -> x[i] (Theano's local_useless_slice: trailing full
        slices go) and x[:, :] -> x (local_useless_subtensor, of slices that
        are literally full); None where nothing goes."""
        entries = list(node.op.idx_list)
        kept = len(entries)
        while kept and entries[kept - 1] in (("slice", None, None, None), ("slice", None, None, 1)):
            kept -= 1
        x, out = node.inputs[0], node.outputs[0]
        if kept == 0 and "local_useless_subtensor" in self.rewrites and x.type == out.type:
            return x
        if kept == len(entries) or "local_useless_slice" not in self.rewrites:
            return None
        # trailing full slices have no dynamic bounds: the inputs stay
        return Subtensor(entries[:kept])(x, *node.inputs[1:])

    def _subtensor_make_vector(self, node):
        """[a, b, c][i] -> the i-th, [a, b, c][i:j:k] and [a, b, c][[i, j]] ->
        a MakeVector of those (indices and bounds constants). As Theano's,
        only of int64 MakeVectors (shapes): Theano's rewrite compares the op
        with its make_vector instance, whose dtype is int64."""
        x, out = node.inputs[0], node.outputs[0]
        if x.owner is None or not isinstance(x.owner.op, MakeVector) or x.dtype != "int64":
            return None
        elements = list(x.owner.inputs)
        if isinstance(node.op, AdvancedSubtensor1):
            index = node.inputs[1]
            if not isinstance(index, Constant):
                return None
            picks = np.asarray(index.data).ravel()
            if not all(-len(elements) <= int(i) < len(elements) for i in picks):
                return None
            chosen = [elements[int(i)] for i in picks]
            return [_make_vector_like(chosen, out)] if out.ndim == 1 else None
        (entry,) = node.op.idx_list
        dynamic = iter(node.inputs[1:])

        def bound(b):
            if b == DYNAMIC:
                v = next(dynamic)
                if not isinstance(v, Constant):
                    raise LookupError
                return int(v.data)
            return b

        try:
            values = [bound(b) for b in entry[1:]]
        except LookupError:
            return None
        if entry[0] == "index":
            (i,) = values
            if not -len(elements) <= i < len(elements):
                return None
            element = elements[i]
            return [element if element.type == out.type else cast(element, out.dtype)]
        if values[2] == 0:
            return None
        chosen = elements[slice(*values)]
        return [_make_vector_like(chosen, out)] if chosen else None

    # -- shapes (Theano's ShapeFeature) ---------------------------------------

    def shape_of(self, variable):
        """`variable`'s shape: a tuple of int64 scalars of the rewritten graph."""
        if id(variable) not in self.shapes:
            # The shapes of the ancestors first, in dependency order (no
            # recursion: graphs may be deep).
            for node in toposort([variable], stop=lambda v: id(v) in self.shapes):
                self._infer(node)
            if id(variable) not in self.shapes:
                self._set_shape(variable, self._default_shape(variable))
        return tuple(self.final(s) for s in self.shapes[id(variable)][1])

    def _set_shape(self, variable, shape):
        self.shapes[id(variable)] = (variable, tuple(shape))

    def _default_shape(self, variable):
        if isinstance(variable, Constant):
            return tuple(_int64_constant(s) for s in np.shape(variable.data))
        entries = []
        for d, broadcastable in enumerate(variable.broadcastable):
            if broadcastable:
                entries.append(_int64_constant(1))
                continue
            entry = Shape_i(d)(variable)
            self.shape_nodes[id(entry.owner)] = entry.owner
            entries.append(entry)
        return tuple(entries)

    def _infer(self, node):
        if all(id(o) in self.shapes for o in node.outputs):
            return
        infer = getattr(node.op, "infer_shape", None)
        shapes = None
        if infer is not None:
            input_shapes = [
                self.shapes[id(i)][1] if id(i) in self.shapes else self._shape_of_input(i)
                for i in node.inputs
            ]
            try:
                shapes = infer(node, input_shapes)
            except (NotImplementedError, ShapeError):
                shapes = None
        for index, output in enumerate(node.outputs):
            if not isinstance(output.type, TensorType):
                continue
            inferred = shapes[index] if shapes is not None else None
            if inferred is None or len(inferred) != output.ndim:
                self._set_shape(output, self._default_shape(output))
                continue
            self._set_shape(output, tuple(self._entry(output, d, s) for d, s in enumerate(inferred)))

    def _shape_of_input(self, variable):
        if not isinstance(getattr(variable, "type", None), TensorType):
            return None
        if id(variable) not in self.shapes:
            self._set_shape(variable, self._default_shape(variable))
        return self.shapes[id(variable)][1]

    def _entry(self, output, d, size):
        """One inferred dimension as an int64 scalar (1 where the type says so)."""
        if output.broadcastable[d]:
            return _int64_constant(1)
        if isinstance(size, (int, np.integer)) or (isinstance(size, np.ndarray) and size.ndim == 0):
            return _int64_constant(int(size))
        size = as_tensor_variable(size)
        if size.ndim != 0 or size.dtype not in _SIZE_DTYPES:
            raise TypeError(
                f"{output.owner.op}.infer_shape: dimension {d} is {size.type}, not an integer scalar"
            )
        return size if size.dtype == "int64" else cast(size, "int64")


#: The ops whose equal nodes on the same inputs merge: pure, deterministic.
_MERGED_OPS = (Shape, Shape_i, MakeVector, Elemwise, DimShuffle, Subtensor)


#: abstract convolution class -> (the rewrite's name, its correlation class)
_CORRELATIONS = {
    abstract_conv.AbstractConv2d: ("local_abstractconv_gemm", corr.CorrMM),
    abstract_conv.AbstractConv3d: ("local_abstractconv3d_gemm", corr3d.Corr3dMM),
    abstract_conv.AbstractConv2d_gradWeights: ("local_abstractconv_gradweight_gemm", corr.CorrMM_gradWeights),
    abstract_conv.AbstractConv3d_gradWeights: (
        "local_abstractconv3d_gradweight_gemm",
        corr3d.Corr3dMM_gradWeights,
    ),
    abstract_conv.AbstractConv2d_gradInputs: ("local_abstractconv_gradinputs_gemm", corr.CorrMM_gradInputs),
    abstract_conv.AbstractConv3d_gradInputs: (
        "local_abstractconv3d_gradinputs_gemm",
        corr3d.Corr3dMM_gradInputs,
    ),
}


#: batch-normalization op class -> the rewrite that expands it (Theano's)
_BATCH_NORMS = {
    bn.AbstractBatchNormTrain: "local_abstract_batch_norm_train",
    bn.AbstractBatchNormTrainGrad: "local_abstract_batch_norm_train_grad",
    bn.AbstractBatchNormInference: "local_abstract_batch_norm_inference",
}


def _with_types(values, like):
    """`values` cast to the dtypes and broadcast patterns of `like`."""
    out = []
    for value, expected in zip(values, like):
        value = value if value.dtype == expected.dtype else cast(value, expected.dtype)
        if value.broadcastable != expected.broadcastable:
            value = patternbroadcast(value, expected.broadcastable)
        out.append(value)
    return out


def _as_correlation(node, rewrites):
    """An abstract convolution as Theano's CPU correlation op, the kernel
    flip a reversing slice (None where the rewrite is off)."""
    op = node.op
    name, correlation = _CORRELATIONS[type(op)]
    if name not in rewrites:
        return None
    new_op = correlation(op.border_mode, op.subsample, op.filter_dilation, op.num_groups)
    flip = (slice(None), slice(None)) + (slice(None, None, -1),) * op.convdim
    inputs = list(node.inputs)
    if isinstance(op, abstract_conv.AbstractConv_gradWeights):
        out = new_op(*inputs)
        out = out[flip] if op.filter_flip else out
    else:
        kernel = 1 if isinstance(op, abstract_conv.AbstractConv) else 0
        if op.filter_flip:
            inputs[kernel] = inputs[kernel][flip]
        out = new_op(*inputs)
    expected = node.outputs[0]
    if out.broadcastable != expected.broadcastable:
        out = patternbroadcast(out, expected.broadcastable)
    return [out]


def _copy_stack_trace(old, new):
    """A rebuilt variable keeps where the original was built (Theano's
    copy_stack_trace)."""
    trace = getattr(old.__dict__.get("_tag"), "trace", None)
    if trace:
        new.tag.trace = list(trace)


def _input_key(variable):
    """What identifies an input for merging: the variable, or a constant's
    type and value."""
    if isinstance(variable, Constant):
        data = np.asarray(variable.data)
        return ("constant", variable.type, data.dtype.str, data.shape, data.tobytes())
    return id(variable)


__all__ = ["MODES", "REWRITES", "Rewrite", "ShapeError", "resolve", "rewrite_graph"]

"""No needless copies: the lowered MLP training step allocates one buffer
per temporary that must be live, copies nothing, and writes every update
into its shared variable's buffer."""

import re

import numpy as np

import theano_mlir as theano
import theano_mlir.tensor as T
from theano_mlir.compile import Mode

#: The temporaries of the 784-500-10 training step that must be held in
#: memory, as the optimizer leaves the graph (each elementwise chain fused
#: into the op that produces or consumes it, the gemms accumulating into
#: their bias or into the weights):
TEMPORARIES = [
    "h = tanh(x W1 + b1)",  # read by backprop and by W2's gradient
    "logits = h W2 + b2",
    "row max of the logits",
    "row log-sum-exp",
    "log-softmax",  # gathered at the labels for the cost
    "the cost",  # returned
    "d cost / d log-softmax",
    "its row sums",
    "b2's gradient",
    "d cost / d h = d logits W2^T",
    "times tanh' = 1 - h^2",
    "b1's gradient",
    "x scaled by -lr",  # gemm's alpha, applied to an operand
]


def _training_step(mode=None):
    rng = np.random.default_rng(0)
    x, y = T.matrix("x"), T.ivector("y")
    w1 = theano.shared(rng.normal(0, 0.01, (784, 500)), "W1")
    b1 = theano.shared(np.zeros(500), "b1")
    w2 = theano.shared(rng.normal(0, 0.01, (500, 10)), "W2")
    b2 = theano.shared(np.zeros(10), "b2")
    h = T.tanh(T.dot(x, w1) + b1)
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w2) + b2), y).mean()
    params = [w1, b1, w2, b2]
    updates = [(p, p - 0.1 * g) for p, g in zip(params, T.grad(cost, params))]
    return theano.function([x, y], cost, updates=updates, mode=mode)


def _count(ir, op):
    return len(re.findall(rf"\b{re.escape(op)}\b[ (]", ir))


def _main(ir):
    """The text of the entry function (not the matmul helpers, whose
    temporaries are their own)."""
    main = ir[ir.index("func.func @main") :]
    return main[: main.index("\n  }\n")]


def test_mlp_step_allocates_only_its_temporaries():
    f = _training_step()
    buffers = _main(f.lowering_stages()["bufferize"])
    assert _count(buffers, "memref.copy") == 0
    assert _count(buffers, "memref.alloc") <= len(TEMPORARIES)
    # Every heap buffer is a destination some loop nest writes.
    allocated = set(re.findall(r"(%alloc\w*) = memref.alloc\(", buffers))
    written = set(re.findall(r"outs\((%alloc\w*)", buffers))
    assert allocated <= written
    assert len(f._kernel.in_place) == 4  # W1, b1, W2, b2 updated in place


def test_fusion_and_gemm_remove_loop_nests_and_temporaries():
    fused = _training_step().lowering_stages()
    unfused = _training_step(Mode().excluding("fusion", "gemm")).lowering_stages()
    assert _count(unfused["bufferize"], "memref.alloc") > _count(fused["bufferize"], "memref.alloc")
    assert _count(unfused["to-linalg"], "linalg.generic") > 2 * _count(fused["to-linalg"], "linalg.generic")

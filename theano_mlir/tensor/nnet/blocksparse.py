"""theano.tensor.nnet.blocksparse: products of blocks of a weight tensor
chosen per example (Theano's sparse_block_dot), as a graph of gathers and a
batched contraction, so that gradients and rewrites are those of its parts."""

from ..conversion import as_tensor_variable


def sparse_block_dot(W, h, inputIdx, b, outputIdx):
    """For each example k and output block j:
    o[k, j] = b[outputIdx[k, j]] + sum_i dot(h[k, i], W[inputIdx[k, i], outputIdx[k, j]]).

    W: (iBlocks, oBlocks, iSize, oSize); h: (batch, iWin, iSize) (a matrix
    is one input block per example); inputIdx: (batch, iWin) ints; b:
    (oBlocks, oSize); outputIdx: (batch, oWin) ints. Returns (batch, oWin,
    oSize)."""
    W, h, b = (as_tensor_variable(v) for v in (W, h, b))
    inputIdx, outputIdx = as_tensor_variable(inputIdx), as_tensor_variable(outputIdx)
    assert inputIdx.ndim == h.ndim - 1
    assert outputIdx.ndim == inputIdx.ndim
    if h.ndim == 2:
        h = h.dimshuffle("x", 0, 1)
        inputIdx = inputIdx.dimshuffle("x", 0)
        outputIdx = outputIdx.dimshuffle("x", 0)
    # the blocks of each example: (batch, iWin, oWin, iSize, oSize)
    blocks = W[inputIdx.dimshuffle(0, 1, "x"), outputIdx.dimshuffle(0, "x", 1)]
    products = (h.dimshuffle(0, 1, "x", 2, "x") * blocks).sum(axis=(1, 3))
    return products + b[outputIdx]

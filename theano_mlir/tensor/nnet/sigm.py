"""theano.tensor.nnet.sigm's functions beyond the elementwise table:
ultra_fast_sigmoid (Theano's piecewise approximation, with the sigmoid's
gradient y (1 - y) as Theano defines it), sigmoid_binary_crossentropy
(stable in the logits), selu."""

from ...graph import Apply
from ...graph.op import CompositeOp
from .. import basic as T
from ..elemwise import EXPORTS, abs_, switch
from ..type import TensorType

_nnet = EXPORTS["nnet"]
sigmoid, softplus, elu = _nnet["sigmoid"], _nnet["softplus"], _nnet["elu"]


class UltraFastSigmoid(CompositeOp):
    """Theano's ultra_fast_sigmoid: a piecewise linear-rational curve
    within 0.02 of the sigmoid; its gradient is y (1 - y) of its value."""

    def make_node(self, x):
        x = T.as_tensor_variable(x)
        dtype = x.dtype if x.dtype.startswith("float") else "float64"
        return Apply(self, [x], [TensorType(dtype, x.broadcastable)()])

    def build(self, node, x):
        half = 0.5 * T.cast(x, node.outputs[0].dtype)
        magnitude = abs_(half)
        z = switch(
            magnitude < 1.7,
            1.5 * magnitude / (1 + magnitude),
            switch(
                magnitude < 3, 0.935409070603099 + 0.0458812946797165 * (magnitude - 1.7), 0.99505475368673
            ),
        )
        return [0.5 * (switch(half < 0, -z, z) + 1.0)]

    def grad(self, inputs, output_grads):
        y = self(inputs[0])
        return [output_grads[0] * y * (1 - y)]


ultra_fast_sigmoid = UltraFastSigmoid()


def sigmoid_binary_crossentropy(output, target):
    """The cross-entropy of binary variables given logits `output`:
    softplus(-|output|) + output ((output > 0) - target), stable; its
    gradient is sigmoid(output) - target (Theano's)."""
    output, target = T.as_tensor_variable(output), T.as_tensor_variable(target)
    return softplus(-abs_(output)) + output * (T.cast(output > 0, output.dtype) - target)


def selu(x):
    """Scaled exponential linear units (Klambauer et al., Theano's)."""
    alpha = 1.6732632423543772848170429916717
    scale = 1.0507009873554804934193349852946
    return scale * elu(x, alpha)


scalar_sigmoid = sigmoid
sigmoid_inplace = sigmoid

"""theano.ifelse: Theano's lazy conditional. `ifelse(cond, then, else)`
computes only the branch the condition picks, when the function runs: what
only one branch needs is computed inside it (the emitter moves it there),
so the other branch's errors (an index out of range, a shape mismatch)
cannot happen. `T.switch` stays elementwise and eager."""

from .graph import Apply, Op
from .tensor.conversion import as_tensor_variable

__all__ = ["IfElse", "ifelse"]


class IfElse(Op):
    """IfElse(n_outs)(condition, *then_values, *else_values): the
    `n_outs` then-values when the scalar condition is nonzero, else the
    else-values (the dialect's theano.ifelse, lowered to scf.if)."""

    __props__ = ("n_outs", "as_view", "gpu", "name")

    def __init__(self, n_outs, as_view=False, gpu=False, name=None):
        self.n_outs = n_outs
        self.as_view = as_view
        self.gpu = gpu
        self.name = name

    def __str__(self):
        args = [self.name] if self.name is not None else []
        args += ["inplace"] if self.as_view else []
        args += ["gpu"] if self.gpu else []
        return "if{" + ",".join(args) + "}"

    def make_node(self, condition, *args):
        if len(args) != 2 * self.n_outs:
            raise ValueError(
                f"Wrong number of arguments to make_node: expected {2 * self.n_outs}, got {len(args)}"
            )
        condition = as_tensor_variable(condition)
        if condition.ndim != 0:
            raise TypeError(f"The condition argument must be a truthy scalar value, got {condition.type}")
        then_values = [as_tensor_variable(v) for v in args[: self.n_outs]]
        else_values = [as_tensor_variable(v) for v in args[self.n_outs :]]
        for t, e in zip(then_values, else_values):
            if t.type != e.type:
                raise TypeError(
                    f"{self}: the two branches should have identical types, but they are {t.type} and {e.type}"
                )
        return Apply(self, [condition, *then_values, *else_values], [t.type() for t in then_values])

    def lazy_inputs(self, node):
        """The inputs computed only where their branch is taken: then, else."""
        return [list(range(1, 1 + self.n_outs)), list(range(1 + self.n_outs, 1 + 2 * self.n_outs))]

    def emit_lazy(self, emitter, node, operands, branches):
        return emitter.conditional(operands[0], node.outputs, *branches)


def ifelse(condition, then_branch, else_branch, name=None):
    """Theano's ifelse: `then_branch` when `condition` (a scalar) is nonzero
    when the function runs, else `else_branch`; each a variable or a list of
    them (then a list is returned), of identical types."""
    single = not isinstance(then_branch, (list, tuple))
    then_list = [then_branch] if single else list(then_branch)
    else_list = [else_branch] if not isinstance(else_branch, (list, tuple)) else list(else_branch)
    if len(then_list) != len(else_list):
        raise ValueError(
            "The number of values on the `then` branch should have the same number of variables as "
            f"the `else` branch: {len(then_list)} != {len(else_list)}"
        )
    then_list = [as_tensor_variable(v) for v in then_list]
    else_list = [as_tensor_variable(v) for v in else_list]
    for k, (t, e) in enumerate(zip(then_list, else_list)):
        if t.type != e.type:
            raise TypeError(
                "The two branches should have identical types, but they are "
                f"{t.type} and {e.type} respectively. This error could be raised if for example "
                "you provided a one element list on the `then` branch but a tensor on the `else` branch."
            )
    outputs = IfElse(len(then_list), name=name)(condition, *then_list, *else_list)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    return outputs[0] if single else list(outputs)

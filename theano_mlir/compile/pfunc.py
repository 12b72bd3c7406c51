"""theano.compile.pfunc: `pfunc`, the function constructor behind
theano.function (Theano's checks of the parameters, then Function)."""

from ..config import config
from ..graph import Variable, clone_replace, graph_inputs
from .function_module import Function, UnusedInputError, _normalize_givens, _pairs
from .io import In, Out
from .sharedvalue import SharedVariable


def _iter_over_pairs(pairs):
    return list(pairs.items()) if isinstance(pairs, dict) else list(pairs)


def pfunc(
    params,
    outputs=None,
    mode=None,
    updates=None,
    givens=None,
    no_default_updates=False,
    accept_inplace=False,
    name=None,
    rebuild_strict=True,
    allow_input_downcast=None,
    profile=None,
    on_unused_input=None,
    output_keys=None,
):
    """Compiles `outputs` as a function of `params` (Variables or In), with
    `updates` to shared variables and `givens` substituted; Theano's
    signature and checks (see theano.function)."""
    if updates is None:
        updates = []
    if givens is None:
        givens = []
    if not isinstance(params, (list, tuple)):
        raise Exception("in pfunc() the first argument must be a list or a tuple")
    if not isinstance(no_default_updates, (bool, list)):
        raise TypeError("no_default_update should be either a boolean or a list")
    if isinstance(updates, (list, tuple)) and len(updates) > 0:
        pairs = list(updates)
        flat_pair = len(pairs) == 2 and isinstance(pairs[0], Variable)
        if not flat_pair and any(isinstance(v, Variable) for v in pairs):
            raise ValueError(
                "The updates parameter must be an OrderedDict/dict or a list of lists/tuples with 2 elements"
            )
    in_variables = [p.variable if isinstance(p, In) else p for p in params]
    for i, v in enumerate(in_variables):
        later = [j for j in range(i + 1, len(in_variables)) if in_variables[j] is v]
        if later:
            raise UnusedInputError(
                f"Variable {v} is used twice in inputs to theano.function, at indices {i} and "
                f"{later[0]}.  This would result in values provided for it being ignored. Please do "
                "not duplicate variables in the inputs list."
            )
    flat_given = (
        isinstance(givens, (list, tuple))
        and len(givens) == 2
        and isinstance(givens[0], Variable)
        and not isinstance(givens[1], (list, tuple))
    )
    for x, _ in [tuple(givens)] if flat_given else _iter_over_pairs(givens):
        if any(x is v for v in in_variables):
            raise RuntimeError(
                f"You are trying to replace variable '{x}' through the `givens` parameter, but this "
                "variable is an input to your function. Replacing inputs is currently forbidden "
                "because it has no effect. One way to modify an input `x` to a function evaluating "
                "f(x) is to define a new input `y` and use `theano.function([y], f(x), givens={x: "
                "g(y)})`. Another solution consists in using `theano.clone`, e.g. like this: "
                "`theano.function([x], theano.clone(f(x), replace={x: g(x)}))`."
            )
    updates = _with_default_updates(
        params, in_variables, outputs, updates, givens, no_default_updates, rebuild_strict
    )
    return Function(
        params,
        outputs,
        name,
        allow_input_downcast,
        on_unused_input or config.on_unused_input,
        updates,
        givens,
        mode,
        config.profile if profile is None else profile,
        rebuild_strict=rebuild_strict,
    )


def _with_default_updates(
    params, in_variables, outputs, updates, givens, no_default_updates, rebuild_strict=True
):
    """`updates` as pairs, with the `default_update` of each shared variable
    the function reads (through its outputs or updates, after `givens`) that
    has one and no update given, unless `no_default_updates` is True or
    lists the variable (Theano's rebuild_collect_shared)."""
    pairs = _pairs(updates, "updates")
    if no_default_updates is True:
        return pairs
    excluded = no_default_updates if isinstance(no_default_updates, list) else []
    replace = _normalize_givens(givens, rebuild_strict)
    if outputs is None:
        outputs = []
    elif isinstance(outputs, dict):
        outputs = list(outputs.values())
    elif not isinstance(outputs, (list, tuple)):
        outputs = [outputs]
    pending = [o.variable if isinstance(o, Out) else o for o in outputs]
    pending = [o for o in pending if isinstance(o, Variable)] + [
        e for _, e in pairs if isinstance(e, Variable)
    ]
    seen = set()
    while pending:
        expressions = clone_replace(pending, replace) if replace else pending
        pending = []
        for root in graph_inputs(expressions, stop_at=in_variables):
            if not isinstance(root, SharedVariable) or id(root) in seen:
                continue
            seen.add(id(root))
            if not hasattr(root, "default_update") or any(root is v for v in excluded):
                continue
            if any(root is target for target, _ in pairs):
                continue
            pairs.append((root, root.default_update))
            if isinstance(root.default_update, Variable):
                pending.append(root.default_update)
    return pairs


__all__ = ["pfunc"]


def rebuild_collect_shared(
    outputs,
    inputs=None,
    replace=None,
    updates=None,
    rebuild_strict=True,
    copy_inputs_over=True,
    no_default_updates=False,
):
    """Theano's: `outputs` (a variable or a list) cloned with `replace`
    (pairs or a dict: variable -> its replacement) applied, and the shared
    variables they read collected. Returns (input variables, the cloned
    outputs, [the replacements made, the updates, their expressions, the
    shared inputs])."""
    inputs = list(inputs or [])
    single = isinstance(outputs, Variable)
    pairs = list(replace.items()) if isinstance(replace, dict) else list(replace or [])
    cloned = clone_replace([outputs] if single else list(outputs), replace=dict(pairs))
    shared_inputs = [v for v in graph_inputs(cloned) if isinstance(v, SharedVariable)]
    update_d = dict(updates or {})
    clone_d = {id(old): new for old, new in pairs}
    return (
        inputs + shared_inputs,
        cloned[0] if single else cloned,
        [clone_d, update_d, list(update_d.values()), shared_inputs],
    )

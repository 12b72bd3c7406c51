"""In and Out: per-input and per-output options of a function, as in Theano."""


class In:
    """An input with a name and an optional default `value`."""

    def __init__(
        self,
        variable,
        name=None,
        value=None,
        update=None,
        mutable=False,
        strict=False,
        allow_downcast=None,
        borrow=False,
        implicit=False,
    ):
        if update is not None:
            raise NotImplementedError("In(..., update=...) is not supported; use a shared variable")
        self.variable = variable
        self.name = name if name is not None else variable.name
        self.value = value
        self.has_default = value is not None
        self.strict = strict
        self.allow_downcast = allow_downcast


class Out:
    """An output; `borrow=True` allows it to alias internal memory (outputs
    here are always fresh arrays, which borrow permits)."""

    def __init__(self, variable, borrow=False):
        self.variable = variable
        self.borrow = borrow

"""In and Out: per-input and per-output options of a function, as in Theano
(theano.compile.io)."""

from ..gof.link import Container
from .sharedvalue import SharedVariable


class SymbolicInput:
    """An input of a function: `variable`, its `name` (a string or None),
    an `update` expression (the value the input takes after each call),
    `mutable`, `strict`, `allow_downcast`, `implicit`; Theano's checks."""

    def __init__(
        self,
        variable,
        name=None,
        update=None,
        mutable=None,
        strict=False,
        allow_downcast=None,
        autoname=True,
        implicit=False,
    ):
        assert implicit is not None
        self.variable = variable
        self.name = variable.name if autoname and name is None else name
        if self.name is not None and not isinstance(self.name, str):
            raise TypeError(f"name must be a string! (got: {self.name})")
        self.update = update
        if update is not None and not variable.type == getattr(update, "type", None):
            raise TypeError(
                f"Variable '{variable}' has type {variable.type} but an update of type "
                f"{getattr(update, 'type', type(update).__name__)}. The type of the update should be "
                "the same as the type of the variable"
            )
        self.mutable = mutable if mutable is not None else update is not None
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.implicit = implicit

    def __str__(self):
        if self.update is not None:
            return f"In({self.variable} -> {self.update})"
        return f"In({self.variable})"

    __repr__ = __str__


class In(SymbolicInput):
    """An input with Theano's options: a default `value` (or a Container
    shared with another function, `f.container[x]`), an `update` that
    replaces that value after each call (state kept by the function),
    `implicit` (None: True exactly when `value` is a Container or a shared
    variable: the caller may not give it), `borrow`, `mutable`."""

    def __init__(
        self,
        variable,
        name=None,
        value=None,
        update=None,
        mutable=None,
        strict=False,
        allow_downcast=None,
        autoname=True,
        implicit=None,
        borrow=None,
        shared=False,
    ):
        self.shared = shared
        self.borrow = mutable if borrow is None else borrow
        if mutable and not self.borrow:
            raise AssertionError(
                f"Symbolic input for variable {variable} (name={name}) has flags mutable=True, "
                "borrow=False. This combination is incompatible since mutable=True implies that the "
                "input variable may be both aliased (borrow=True) and overwritten."
            )
        if implicit is None:
            implicit = isinstance(value, (Container, SharedVariable))
        super().__init__(
            variable,
            name=name,
            update=update,
            mutable=mutable,
            strict=strict,
            allow_downcast=allow_downcast,
            autoname=autoname,
            implicit=implicit,
        )
        self.value = value
        if self.implicit and value is None:
            raise TypeError("An implicit input must be given a default value")

    @property
    def has_default(self):
        return self.value is not None


class SymbolicOutput:
    """An output; `borrow=True` allows it to alias internal memory (outputs
    here are always fresh arrays, which borrow permits)."""

    def __init__(self, variable, borrow=False):
        self.variable = variable
        self.borrow = borrow

    def __str__(self):
        return f"Out({self.variable},{self.borrow})"

    __repr__ = __str__


Out = SymbolicOutput

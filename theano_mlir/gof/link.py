"""theano.gof.link's Container: the storage cell behind one input of a
compiled function (`f.container[x]`), a one-element list `storage` whose
value is kept filtered to a type."""

import copy


class Container:
    """Holds `storage[0]`, a value of `r`'s type (`r` a Variable or a Type).
    Setting `value` (or `data`) filters the new value through the type
    (`strict`, `allow_downcast` as Theano's); `storage` is the list itself,
    so containers built on the same list share their value, as Theano's."""

    def __init__(self, r, storage, readonly=False, strict=False, allow_downcast=None, name=None):
        if not isinstance(storage, list) or not len(storage) >= 1:
            raise TypeError("storage must be a list of length at least one")
        self.type = r.type if hasattr(r, "type") else r
        self.name = name if name is not None else getattr(r, "name", None)
        self.storage = storage
        self.readonly = readonly
        self.strict = strict
        self.allow_downcast = allow_downcast
        self.required = False
        self.implicit = False
        self.provided = 0

    def __get__(self):
        return self.storage[0]

    def __set__(self, value):
        if self.readonly:
            raise Exception(f"Cannot set readonly storage: {self.name}")
        if value is None:
            self.storage[0] = None
            return
        self.storage[0] = self.type.filter(value, strict=self.strict, allow_downcast=self.allow_downcast)

    data = property(__get__, __set__)
    value = property(__get__, __set__)

    def __str__(self):
        return "<" + str(self.storage[0]) + ">"

    def __repr__(self):
        return "<" + repr(self.storage[0]) + ">"

    def __deepcopy__(self, memo):
        result = Container.__new__(Container)
        memo[id(self)] = result
        for key, item in self.__dict__.items():
            setattr(result, key, item if key == "type" else copy.deepcopy(item, memo))
        return result


__all__ = ["Container"]

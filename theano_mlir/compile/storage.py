"""`Function.fn`: the storage cells a compiled function keeps, by variable
(what Theano's VM has as `storage_map`), and Theano's `allow_gc` switch."""


class FunctionStorage:
    """The storage of one Function's graph (`function.maker.fgraph`), as
    Theano's VM shows it: `storage_map` maps each variable to its cell, a
    one-element list.

    A compiled kernel keeps its intermediate values to itself, so the map
    holds what the function itself holds: the cells of its explicit inputs
    (their containers' `storage`), of the shared variables it reads (their
    values: `container.storage`), of the graph's constants (their data), and
    of the graph's outputs. An output's cell holds the value of the last
    call while `allow_gc` is False (Theano's VM keeps it then; with
    `allow_gc`, the default, it is freed after each call). `free()` empties
    the output cells (Function.free); the shared variables' values are
    theirs, not the function's, and stay.

    `constants` (a storage_map) gives cells to share: a constant found there
    keeps that cell (Function.copy(share_memory=True))."""

    def __init__(self, fgraph, input_storage, constants=None):
        self._allow_gc = True
        self._on_change = None
        self.storage_map = {}
        explicit = len(input_storage)
        for index, variable in enumerate(fgraph.inputs):
            if index < explicit:
                self.storage_map[variable] = input_storage[index].storage
            else:  # a shared variable: its runtime buffer's cell
                self.storage_map[variable] = variable.container.storage
        for variable in sorted(fgraph.constants(), key=id):
            shared = (constants or {}).get(variable)
            self.storage_map[variable] = shared if shared is not None else [variable.data]
        # The outputs computed by the graph (an output that is an input or
        # a constant shows that cell): one cell each, in fgraph.outputs' order.
        self._output_cells = []
        for variable in fgraph.outputs:
            cell = self.storage_map.get(variable)
            if cell is None:
                cell = self.storage_map[variable] = [None]
                self._output_cells.append(cell)
            else:
                self._output_cells.append(None)

    @property
    def allow_gc(self):
        """Whether the outputs' cells are emptied after each call (True,
        Theano's default) or keep the last call's values (False)."""
        return self._allow_gc

    @allow_gc.setter
    def allow_gc(self, value):
        self._allow_gc = bool(value)
        if self._on_change is not None:
            self._on_change()

    def keep(self, values):
        """Records a call's values of the graph's outputs (in the order of
        fgraph.outputs), unless allow_gc."""
        if self._allow_gc:
            return
        for cell, value in zip(self._output_cells, values):
            if cell is not None:
                cell[0] = value

    def free(self):
        """Empties the cells of the outputs (Theano's Function.free)."""
        for cell in self._output_cells:
            if cell is not None:
                cell[0] = None

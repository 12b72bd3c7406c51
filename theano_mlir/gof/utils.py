"""theano.gof.utils: the helpers of Theano's graph code that other code uses."""


class MethodNotDefined(Exception):
    """A method an Op (or Type) may define was called but is not defined."""


def flatten(a):
    """The leaves of nested lists and tuples, in order."""
    if isinstance(a, (tuple, list, set)):
        return [leaf for item in a for leaf in flatten(item)]
    return [a]


def uniq(seq):
    """The elements of `seq`, each once, in order of first appearance."""
    seen, result = set(), []
    for x in seq:
        if x not in seen:
            seen.add(x)
            result.append(x)
    return result


def difference(seq1, seq2):
    """The elements of `seq1` not in `seq2`."""
    return [x for x in seq1 if x not in seq2]

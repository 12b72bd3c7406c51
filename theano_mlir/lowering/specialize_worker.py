"""The compile worker: `python -m theano_mlir.lowering.specialize_worker`.

Reads requests on stdin and answers each on stdout (length-prefixed
pickles, see background.py) until stdin ends. A request is a dict:
`linalg` (the module after "to-linalg", as text), `shapes` (the shapes
text of theano-specialize-shapes), `optimizations`, `opt_level`, `label`
and `flags` (the requesting process's config values, so that the kernel is
compiled as it would have been there). The answer: ("ok", meta, code) or
("error", message).
"""

import sys

from ..config import config
from .background import read_message, write_message
from .compiler import compile_specialized


def main() -> None:
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed may enter the answers
    while (request := read_message(requests)) is not None:
        try:
            with config.change_flags(**request["flags"]):
                meta, code = compile_specialized(
                    request["linalg"],
                    request["shapes"],
                    frozenset(request["optimizations"]),
                    request["opt_level"],
                    request["label"],
                    request["name"],
                )
            answer = ("ok", meta, code)
        except Exception as error:
            answer = ("error", f"{type(error).__name__}: {error}")
        write_message(answers, answer)


if __name__ == "__main__":
    main()

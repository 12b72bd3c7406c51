"""The differential suite's quick profile (what `make test` runs; `make
fuzz` runs the long one): random graphs in child processes, every oracle,
no failure allowed."""

import pytest

from .runner import format_failure, run

#: Graphs of the quick profile: a few seconds of compiling per core.
QUICK_GRAPHS = 240


def test_random_graphs():
    passed, failures = run(QUICK_GRAPHS, jobs=2, batch=30, seed=7, progress=False)
    assert passed + len(failures) >= QUICK_GRAPHS * 0.9  # hypothesis skips duplicates
    if failures:
        pytest.fail(
            "\n".join(format_failure(f) for f in failures[:5]) + f"\n{passed} passed, {len(failures)} failed"
        )

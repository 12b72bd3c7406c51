"""Lists the names of Theano the conformance files use that theano_mlir lacks.

A test file stops at its first missing name; this reads the files (and the
test-support modules they import) with `ast` instead, and looks every
`theano.X.Y`, `T.Y` (T bound to a theano module), `from theano.X import Y`
and `import theano.X` up through the alias. Prints JSON: {name: [files]}.

    CONFORMANCE_TARGET=theano_mlir CONFORMANCE_SDIST=... python probe.py FILE...
"""

import ast
import importlib
import json
import os
import sys
import types

import conformance_plugin  # noqa: F401 (installs the alias and the tests finder)

SUPPORT = ["theano/tests/unittest_tools.py", "theano/tensor/tests/test_basic.py"]


def lookup(dotted):
    """The first prefix of `dotted` that is missing, or None. Stops at the
    first object that is not a module (attributes of classes are not
    checked)."""
    parts = dotted.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except Exception:
        return parts[0]
    for i, part in enumerate(parts[1:], 2):
        if not isinstance(obj, types.ModuleType):
            return None
        name = ".".join(parts[:i])
        if ".tests" in name or name.endswith(".tests"):
            return None  # the sdist's, not theano_mlir's
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        try:
            obj = importlib.import_module(name)
        except Exception:
            return name
    return None


def chain(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id] + parts[::-1]
    return None


def names_used(path):
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    bound, used = {}, set()
    for node in ast.walk(tree):  # the bindings first: aliases may be used above
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "theano":
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        bound["theano"] = "theano"
                    used.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "theano":
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    used.add(full)
                    bound[alias.asname or alias.name] = full
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and not isinstance(getattr(node, "ctx", None), ast.Store):
            parts = chain(node)
            if parts and parts[0] in bound:
                used.add(".".join([bound[parts[0]]] + parts[1:]))
    return used


def main(files):
    root = os.environ["CONFORMANCE_SDIST"]
    missing = {}
    for test_file in list(files) + [s for s in SUPPORT if s not in files]:
        for dotted in sorted(names_used(os.path.join(root, test_file))):
            name = lookup(dotted)
            if name is not None:
                missing.setdefault(name, set()).add(test_file)
    json.dump({name: sorted(users) for name, users in sorted(missing.items())}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

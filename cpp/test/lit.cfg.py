# lit configuration: runs the installed tools of the active environment (the
# ones users get), with FileCheck and mlir-opt from the LLVM/MLIR wheels.
import os
import sys
import sysconfig

import lit.formats

config.name = "theano_mlir"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir"]
config.test_source_root = os.path.dirname(__file__)
# Outputs go to build/, away from the sources (make watches those).
config.test_exec_root = os.path.join(
    os.path.dirname(os.path.dirname(config.test_source_root)), "build", "lit"
)

site_packages = sysconfig.get_paths()["purelib"]
tool_dirs = [
    os.path.dirname(sys.executable),  # theano-mlir-opt
    os.path.join(site_packages, "llvm", "bin"),  # FileCheck, not, count
    os.path.join(site_packages, "mlir", "bin"),  # mlir-opt
]
config.environment["PATH"] = os.pathsep.join(tool_dirs + [os.environ.get("PATH", "")])

sys.path.insert(0, site_packages)
from theano_mlir._lib import PLUGIN_LIBRARY  # noqa: E402  (no MLIR import)

config.substitutions.append(("%theano_plugin", PLUGIN_LIBRARY))

# Pipelines come from their one definition in the source tree, a plain module
# (loaded alone: the package around it imports MLIR).
import importlib.util  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "pipelines",
    os.path.join(os.path.dirname(config.test_exec_root), "..", "theano_mlir", "lowering", "pipelines.py"),
)
pipelines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pipelines)

config.substitutions.append(("%cpu_pipeline", "'" + pipelines.pipeline_string(pipelines.CPU) + "'"))

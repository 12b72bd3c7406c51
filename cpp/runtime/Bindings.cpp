//===- Bindings.cpp - the module theano_mlir.runtime._runtime -------------===//
//
// The pybind11 module: Buffer (a shared variable's storage), Executable (a
// compiled function's kernels and call path), FunctionBase (the call path's
// CPython type) and format_check_message.
//
//===----------------------------------------------------------------------===//
#include "Executable.h"
#include "FunctionBase.h"
#include "HostCall.h"
#include "Kernel.h"
#include "PyBuffer.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using namespace theano_mlir::runtime;

PYBIND11_MODULE(_runtime, m) {
  m.doc() = "Calls compiled theano_mlir kernels; links no MLIR.";
#ifdef __GLIBC__
  // Kernels malloc their results and the arrays returned own them. glibc
  // serves blocks over 32 MiB with mmap and unmaps them on free, so each
  // call with a large result page-faulted all of it in again (a 40 MB
  // result: 15 of 20 ms in the kernel's page faults). Large blocks now
  // come from the heap, and up to 256 MiB of freed heap stays mapped for
  // the next call.
  mallopt(M_MMAP_THRESHOLD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
#endif
  py::class_<PyBuffer>(m, "Buffer")
      .def(py::init<const py::array &>(), py::arg("value"),
           "A runtime-owned, 64-byte-aligned copy of `value`.")
      .def("get_value", &PyBuffer::get_value, py::arg("borrow") = false)
      .def("set_value", &PyBuffer::set_value, py::arg("value"))
      .def_property_readonly("dtype", &PyBuffer::dtype)
      .def_property_readonly("shape", &PyBuffer::shape)
      .def_property_readonly("ndim", &PyBuffer::ndim)
      .def_property_readonly("address", &PyBuffer::address);
  py::class_<Executable>(
      m, "Executable",
      "A compiled function, callable: its general kernel (any shapes), the "
      "kernels specialized for the shapes of its calls, the specs of its "
      "arguments and results, and the shared buffers it reads and updates.")
      .def(py::init<uintptr_t, const std::vector<std::pair<std::string, int>> &,
                    std::vector<std::string>,
                    const std::vector<std::pair<std::string, int>> &,
                    std::vector<std::string>, py::object, bool,
                    std::vector<PyBuffer *>, std::vector<int>, std::vector<int>,
                    py::object, int, const std::vector<std::vector<int>> &>(),
           py::arg("entry"), py::arg("args"), py::arg("arg_names"),
           py::arg("results"), py::arg("check_messages"),
           py::arg("convert") = py::none(), py::arg("single_result") = false,
           py::arg("shared") = std::vector<PyBuffer *>(),
           py::arg("updates") = std::vector<int>(),
           py::arg("in_place") = std::vector<int>(),
           py::arg("specialize") = py::none(),
           py::arg("max_specializations") = 0,
           py::arg("unit_dims") = std::vector<std::vector<int>>(),
           // The executable keeps its shared buffers alive.
           py::keep_alive<1, 9>(),
           "entry: address of the general kernel's packed entry point; "
           "args/results: (dtype, rank) pairs of the explicit arguments and "
           "of all results; check_messages: by status code - 1; "
           "convert(index, value) -> array for inputs that are not exact "
           "arrays; shared: buffers passed after the arguments; updates: for "
           "each result after the outputs, the index of the shared buffer it "
           "replaces once the call succeeds; in_place: shared buffers the "
           "kernel writes (arguments that overlap them are copied first); "
           "specialize(shapes, compile) -> None or (entry, check_messages, "
           "owner), or \"compiling\" (then `install` ends it): a kernel for "
           "the argument shapes (explicit, then shared) of calls, for the "
           "first max_specializations distinct shapes: asked at the first "
           "call with those shapes for one that exists (compile=False), at "
           "the second for one compiled; unit_dims: for "
           "each explicit argument, the dimensions that must have size 1 (its "
           "broadcastable ones; an array with another size goes to convert, "
           "which raises).")
      .def("__call__",
           [](Executable &executable, const py::args &args) {
             return executable.call(
                 reinterpret_cast<PyTupleObject *>(args.ptr())->ob_item,
                 args.size());
           })
      .def_property_readonly("specializations", &Executable::specializations,
                             "(shapes, specialized) for each shape key seen "
                             "(and not still compiling)")
      .def("install", &Executable::install, py::arg("shapes"), py::arg("made"),
           "Ends the specialization for `shapes` that `specialize` answered "
           "\"compiling\": `made` is None or (entry, check_messages, owner).")
      .def("request", &Executable::request, py::arg("shapes"),
           "Asks for the kernel specialized for `shapes` (a tuple per "
           "argument, explicit then shared) as a second call with them "
           "would, without calling.");
  m.add_object("FunctionBase", makeFunctionBaseType());
  m.def("set_host_dispatcher", &setHostDispatcher, py::arg("dispatcher"),
        "The callable kernels' host calls run: dispatch(words), words a "
        "writable int64 array describing the operands or the results.");
  m.def("format_check_message",
        [](const std::string &message, std::vector<int64_t> values) {
          values.resize(kCheckValues, 0);
          return formatCheckMessage(message, values.data());
        });
}

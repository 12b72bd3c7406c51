//===- FunctionBase.cpp - the call path's CPython type --------------------===//
#include "FunctionBase.h"
#include "Executable.h"

namespace theano_mlir::runtime {

namespace {
/// An instance: the Executable its calls go to, if one is bound.
struct FunctionBaseObject {
  PyObject_HEAD PyObject *executableObject; // the bound Executable, or null
  Executable *executable;
};

PyObject *functionCall(PyObject *self, PyObject *args, PyObject *kwargs) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  size_t count = PyTuple_GET_SIZE(args);
  if (function->executable && (!kwargs || PyDict_GET_SIZE(kwargs) == 0) &&
      count == function->executable->explicitCount()) {
    try {
      return function->executable
          ->call(reinterpret_cast<PyTupleObject *>(args)->ob_item, count)
          .release()
          .ptr();
    } catch (...) {
      py::detail::try_translate_exceptions();
      return nullptr;
    }
  }
  PyObject *slow = PyObject_GetAttrString(self, "_call_slow");
  if (!slow)
    return nullptr;
  PyObject *result = PyObject_Call(slow, args, kwargs);
  Py_DECREF(slow);
  return result;
}

/// _bind(executable): calls go to this Executable; _bind(None): all go to
/// `_call_slow`.
PyObject *functionBind(PyObject *self, PyObject *executable) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  Executable *bound = nullptr;
  if (executable != Py_None) {
    try {
      bound = py::handle(executable).cast<Executable *>();
    } catch (...) {
      py::detail::try_translate_exceptions();
      return nullptr;
    }
  }
  Py_XINCREF(executable == Py_None ? nullptr : executable);
  Py_CLEAR(function->executableObject);
  function->executableObject = executable == Py_None ? nullptr : executable;
  function->executable = bound;
  Py_RETURN_NONE;
}

int functionTraverse(PyObject *self, visitproc visit, void *arg) {
  Py_VISIT(Py_TYPE(self));
  Py_VISIT(reinterpret_cast<FunctionBaseObject *>(self)->executableObject);
  return 0;
}

int functionClear(PyObject *self) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  function->executable = nullptr;
  Py_CLEAR(function->executableObject);
  return 0;
}

void functionDealloc(PyObject *self) {
  PyTypeObject *type = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  functionClear(self);
  type->tp_free(self);
  Py_DECREF(type);
}

PyMethodDef functionMethods[] = {
    {"_bind", functionBind, METH_O,
     "_bind(executable): calls with exactly the explicit arguments go "
     "straight to this runtime Executable; _bind(None): every call goes to "
     "_call_slow."},
    {nullptr, nullptr, 0, nullptr}};

PyType_Slot functionSlots[] = {
    {Py_tp_call, reinterpret_cast<void *>(functionCall)},
    {Py_tp_new, reinterpret_cast<void *>(PyType_GenericNew)},
    {Py_tp_dealloc, reinterpret_cast<void *>(functionDealloc)},
    {Py_tp_traverse, reinterpret_cast<void *>(functionTraverse)},
    {Py_tp_clear, reinterpret_cast<void *>(functionClear)},
    {Py_tp_methods, functionMethods},
    {Py_tp_doc,
     const_cast<char *>("Base of theano_mlir's Function: the call path in C.")},
    {0, nullptr}};

PyType_Spec functionSpec = {
    "theano_mlir.runtime._runtime.FunctionBase", sizeof(FunctionBaseObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    functionSlots};
} // namespace

py::object makeFunctionBaseType() {
  auto type = py::reinterpret_steal<py::object>(PyType_FromSpec(&functionSpec));
  if (!type)
    throw py::error_already_set();
  return type;
}

} // namespace theano_mlir::runtime

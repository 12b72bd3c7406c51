//===- PythonModule.cpp - theano_mlir.runtime._runtime --------------------===//
//
// The call path of a compiled function: numpy arrays in, descriptors filled
// in C++, one call into the kernel, numpy arrays out that own the kernel's
// result buffers (no copy). Inputs that are not already arrays of the exact
// dtype, rank and layout go through a Python converter (Theano's casting
// rules live in the frontend).
//
//===----------------------------------------------------------------------===//
#include "Buffer.h"
#include "Kernel.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <tuple>

namespace py = pybind11;
using namespace theano_mlir::runtime;

namespace {
constexpr int kMaxRank = 32;

/// `size` elements, on the stack when they fit in N (calls must not malloc
/// what they can avoid: one call is about a microsecond). Elements of
/// trivial types start uninitialized.
template <typename T, size_t N> class InlineBuffer {
public:
  explicit InlineBuffer(size_t size) : size_(size) {
    if (size > N)
      heap_.resize(size);
  }
  T *data() { return size_ > N ? heap_.data() : inline_.data(); }
  T &operator[](size_t i) { return data()[i]; }

private:
  size_t size_;
  std::array<T, N> inline_;
  std::vector<T> heap_;
};

struct TensorSpec {
  py::dtype dtype;
  int rank;
  int typeNum; // numpy's type number, for the exactness check of each call
  // Dimensions that must have size 1 (Theano's broadcastable ones: the
  // kernel was compiled with them static)
  std::vector<int> unitDims;
};

TensorSpec specOf(const py::dtype &dtype, int rank) {
  return {dtype, rank, py::detail::array_descriptor_proxy(dtype.ptr())->type_num};
}

std::vector<TensorSpec> toSpecs(const std::vector<std::pair<std::string, int>> &specs) {
  std::vector<TensorSpec> out;
  for (const auto &[dtype, rank] : specs)
    out.push_back(specOf(py::dtype(dtype), rank));
  return out;
}

/// Numpy arrays made around memory a kernel malloc'ed: a capsule frees it.
constexpr const char *kMallocedName = "theano_mlir.malloced";

py::capsule mallocedOwner(void *allocated) {
  return py::reinterpret_steal<py::capsule>(
      PyCapsule_New(allocated, kMallocedName, [](PyObject *capsule) {
        std::free(PyCapsule_GetPointer(capsule, kMallocedName));
      }));
}

/// A C-contiguous array of `dtype` and `shape` viewing `data`, kept alive
/// by `base` (without a base: fresh memory, for empty results).
py::array arrayOver(const TensorSpec &spec, const int64_t *shape, void *data,
                    const py::object &base) {
  auto &api = py::detail::npy_api::get();
  if (!base || base.is_none())
    data = nullptr;
  Py_ssize_t dims[kMaxRank];
  for (int d = 0; d < spec.rank; ++d)
    dims[d] = shape[d];
  PyObject *descr = spec.dtype.inc_ref().ptr(); // stolen by NewFromDescr
  int flags = data ? py::detail::npy_api::NPY_ARRAY_WRITEABLE_ : 0;
  auto array = py::reinterpret_steal<py::array>(api.PyArray_NewFromDescr_(
      api.PyArray_Type_, descr, spec.rank, dims, nullptr, data, flags, nullptr));
  if (!array)
    throw py::error_already_set();
  if (data && api.PyArray_SetBaseObject_(array.ptr(), base.inc_ref().ptr()) < 0)
    throw py::error_already_set();
  return array;
}

/// A shared variable's storage, with its dtype.
class PyBuffer {
public:
  explicit PyBuffer(const py::array &value)
      : dtype_(value.dtype()), buffer_(value.itemsize(), shapeOf(value)) {
    set_value(value);
  }

  py::dtype dtype() const { return dtype_; }
  std::vector<int64_t> shape() const { return buffer_.shape(); }
  int ndim() const { return static_cast<int>(buffer_.shape().size()); }
  uintptr_t address() const { return reinterpret_cast<uintptr_t>(buffer_.data()); }
  Buffer &buffer() { return buffer_; }

  /// A copy, or with `borrow` a view that keeps the memory it sees alive.
  py::array get_value(bool borrow) const {
    py::array view = viewOf(buffer_.storage(), buffer_.data(), dtype_, buffer_.shape());
    return borrow ? view : py::array(view.attr("copy")());
  }

  /// Copies `value` in; the caller checked its dtype and rank.
  void set_value(const py::array &value) {
    if (!value.dtype().equal(dtype_) || value.ndim() != ndim())
      throw py::type_error("set_value needs an array of dtype " +
                           std::string(py::str(dtype_)) + " and rank " +
                           std::to_string(ndim()));
    std::vector<int64_t> strides(value.strides(), value.strides() + value.ndim());
    buffer_.assign(value.data(), shapeOf(value), strides);
  }

  static py::array viewOf(std::shared_ptr<Storage> storage, void *data,
                          const py::dtype &dtype, const std::vector<int64_t> &shape) {
    auto *owner = new std::shared_ptr<Storage>(std::move(storage));
    py::capsule base(owner, [](void *p) { delete static_cast<std::shared_ptr<Storage> *>(p); });
    return py::array(dtype, std::vector<ssize_t>(shape.begin(), shape.end()), data, base);
  }

private:
  static std::vector<int64_t> shapeOf(const py::array &value) {
    return std::vector<int64_t>(value.shape(), value.shape() + value.ndim());
  }
  py::dtype dtype_;
  Buffer buffer_;
};

class Kernel {
public:
  Kernel(uintptr_t entry, const std::vector<std::pair<std::string, int>> &args,
         std::vector<std::string> argNames,
         const std::vector<std::pair<std::string, int>> &results,
         std::vector<std::string> checkMessages, py::object convert,
         bool singleResult, std::vector<PyBuffer *> shared,
         std::vector<int> updates, std::vector<int> inPlace,
         py::object specialize, int maxSpecializations,
         const std::vector<std::vector<int>> &unitDims)
      : entry_(reinterpret_cast<PackedEntry>(entry)), args_(toSpecs(args)),
        argNames_(std::move(argNames)), results_(toSpecs(results)),
        layout_(ranks(results_)), checkMessages_(std::move(checkMessages)),
        convert_(std::move(convert)), singleResult_(singleResult),
        shared_(std::move(shared)), updates_(std::move(updates)),
        inPlace_(std::move(inPlace)), specialize_(std::move(specialize)),
        maxSpecializations_(std::max(0, maxSpecializations)) {
    if (!entry_)
      throw py::value_error("the kernel's entry point is null (not linked)");
    if (argNames_.size() != args_.size())
      throw py::value_error("one name per argument is needed");
    if (unitDims.size() > args_.size())
      throw py::value_error(
          "unit dimensions given for more arguments than there are");
    for (size_t i = 0; i < unitDims.size(); ++i) {
      for (int d : unitDims[i])
        if (d < 0 || d >= args_[i].rank)
          throw py::value_error("unit dimension " + std::to_string(d) +
                                " of argument " + std::to_string(i) +
                                " is out of its rank");
      args_[i].unitDims = unitDims[i];
    }
    if (updates_.size() > results_.size())
      throw py::value_error("more updates than results");
    outputCount_ = results_.size() - updates_.size();
    if (singleResult_ && outputCount_ != 1)
      throw py::value_error("singleResult needs exactly one output");
    for (size_t u = 0; u < updates_.size(); ++u) {
      int target = updates_[u];
      if (target < 0 || size_t(target) >= shared_.size() ||
          !results_[outputCount_ + u].dtype.equal(shared_[target]->dtype()) ||
          results_[outputCount_ + u].rank != shared_[target]->ndim())
        throw py::value_error("update " + std::to_string(u) +
                              " does not match its shared buffer");
    }
    for (int target : inPlace_)
      if (target < 0 || size_t(target) >= shared_.size())
        throw py::value_error("in-place update of no shared buffer " +
                              std::to_string(target));
    for (PyBuffer *buffer : shared_)
      args_.push_back(specOf(buffer->dtype(), buffer->ndim()));
    for (const TensorSpec &spec : args_)
      if (spec.rank < 0 || spec.rank > kMaxRank)
        throw py::value_error("ranks must be within [0, " + std::to_string(kMaxRank) + "]");
    size_t offset = 0;
    for (const TensorSpec &spec : args_) {
      argOffsets_.push_back(offset);
      offset += DescriptorLayout::size(spec.rank) / sizeof(int64_t);
    }
    descriptors_.resize(offset);
    for (const TensorSpec &spec : args_)
      shapeCount_ += spec.rank;
    general_ = {{}, entry_, checkMessages_, py::none()};
  }

  /// The shapes for which a specialized kernel was asked for, in order.
  py::list specializations() const {
    py::list out;
    for (const Variant &variant : variants_)
      if (!variant.pending)
        out.append(py::make_tuple(shapesOf(variant.shapes.data()),
                                  variant.entry != entry_));
    return out;
  }

  size_t explicitCount() const { return argNames_.size(); }

  /// Runs the kernel on `argCount` Python values, the explicit arguments.
  py::object call(PyObject *const *args, size_t argCount) {
    size_t explicitCount = argNames_.size();
    if (argCount > explicitCount)
      throw py::type_error("Too many parameter passed to theano function: expected " +
                           std::to_string(explicitCount) + ", got " +
                           std::to_string(argCount));
    if (argCount < explicitCount)
      throw py::type_error("Missing required input: " + argNames_[argCount]);
    size_t count = args_.size(); // explicit arguments, then shared buffers

    // 1. Arrays of exactly the expected kind; the converter (Python) may run.
    // Converted arrays are owned here, the caller's are borrowed.
    InlineBuffer<py::object, 16> converted(explicitCount);
    InlineBuffer<PyObject *, 16> arrays(explicitCount);
    for (size_t i = 0; i < explicitCount; ++i) {
      PyObject *arg = args[i];
      if (!isExact(arg, args_[i]))
        arg = (converted[i] = convertArgument(i, arg)).ptr();
      // The kernel reads arguments while it writes shared buffers in place;
      // an argument that views such a buffer is read from a copy.
      if (!inPlace_.empty() && overlapsInPlaceBuffer(arg))
        arg = (converted[i] = py::reinterpret_borrow<py::object>(arg).attr("copy")()).ptr();
      arrays[i] = arg;
    }

    // 2. Descriptors and the call: C++ only. Every argument's shape, one
    // after the other, is the key of the kernel specialized for them.
    InlineBuffer<void *, 16> pointers(count);
    InlineBuffer<int64_t, 64> shapes(shapeCount_);
    for (size_t i = 0, at = 0; i < count; at += args_[i].rank, ++i) {
      int64_t *shape = shapes.data() + at;
      void *data;
      if (i < explicitCount) {
        const auto *array = py::detail::array_proxy(arrays[i]);
        for (int d = 0; d < args_[i].rank; ++d)
          shape[d] = array->dimensions[d];
        data = array->data;
      } else {
        const Buffer &buffer = shared_[i - explicitCount]->buffer();
        for (int d = 0; d < args_[i].rank; ++d)
          shape[d] = buffer.shape()[d];
        data = buffer.data();
      }
      void *descriptor = &descriptors_[argOffsets_[i]];
      fillContiguousDescriptor(descriptor, data, shape, args_[i].rank);
      pointers[i] = descriptor;
    }
    const Variant &variant = variantFor(shapes.data());
    InlineBuffer<char, 1024> results(layout_.size);
    int32_t status = callKernel(variant.entry, layout_, results.data(), pointers.data(), count);

    // 3. Results own the kernel's buffers; a failed check raises.
    if (status != 0) {
      freeResults(results.data());
      // Shapes that fail a check never get a kernel of their own.
      for (Variant &seen : variants_)
        if (seen.pending && std::equal(seen.shapes.begin(), seen.shapes.end(), shapes.data()))
          seen.pending = false;
      int64_t values[kCheckValues];
      std::memcpy(values, results.data() + layout_.valuesOffset, sizeof(values));
      const std::vector<std::string> &messages = variant.checkMessages;
      if (status < 1 || size_t(status) > messages.size())
        throw py::value_error("kernel returned an unknown status " +
                              std::to_string(status));
      throw py::value_error(formatCheckMessage(messages[status - 1], values));
    }
    return wrapResults(results.data());
  }

private:
  /// A kernel for the argument shapes `shapes` (the general one, when it
  /// could not be specialized).
  struct Variant {
    std::vector<int64_t> shapes;
    PackedEntry entry;
    std::vector<std::string> checkMessages;
    py::object owner; // keeps the specialized code alive
    bool pending = false; // not yet asked for
  };

  /// The kernel to run for these shapes. The second call with new shapes
  /// asks `specialize_` (Python: compiles) for a kernel, for up to
  /// maxSpecializations_ distinct shapes; other shapes run the general one.
  const Variant &variantFor(const int64_t *shapes) {
    if (specialize_.is_none())
      return general_;
    for (Variant &variant : variants_)
      if (std::equal(variant.shapes.begin(), variant.shapes.end(), shapes))
        return variant.pending ? specialize(variant) : variant;
    if (variants_.size() >= size_t(maxSpecializations_))
      return general_;
    // Seen once: a kernel made earlier (the compile cache's) serves it, else
    // the general kernel (a function called once, as in a test, never pays
    // for compiling twice).
    variants_.push_back({std::vector<int64_t>(shapes, shapes + shapeCount_),
                         entry_, checkMessages_, py::none(), true});
    Variant &variant = variants_.back();
    specialize(variant, /*compile=*/false);
    return variant.pending ? general_ : variant;
  }

  /// Asks for the kernel of a variant's shapes: seen for the first time, one
  /// that exists already (compile = false; the variant stays pending if
  /// there is none); seen for the second time, compiled.
  const Variant &specialize(Variant &variant, bool compile = true) {
    variant.pending = false;
    py::object made = specialize_(shapesOf(variant.shapes.data()), compile);
    if (!compile && made.is_none())
      variant.pending = true;
    if (!made.is_none()) {
      auto [address, messages, owner] =
          made.cast<std::tuple<uintptr_t, std::vector<std::string>, py::object>>();
      if (!address)
        throw py::value_error("a specialized kernel's entry point is null");
      variant.entry = reinterpret_cast<PackedEntry>(address);
      variant.checkMessages = std::move(messages);
      variant.owner = std::move(owner);
    }
    return variant;
  }

  /// Flat shapes as a tuple of shape tuples, one per argument.
  py::tuple shapesOf(const int64_t *shapes) const {
    py::tuple out(args_.size());
    for (size_t i = 0, at = 0; i < args_.size(); at += args_[i].rank, ++i) {
      py::tuple shape(args_[i].rank);
      for (int d = 0; d < args_[i].rank; ++d)
        shape[d] = shapes[at + d];
      out[i] = shape;
    }
    return out;
  }

  static std::vector<int> ranks(const std::vector<TensorSpec> &specs) {
    std::vector<int> out;
    for (const TensorSpec &spec : specs)
      out.push_back(spec.rank);
    return out;
  }

  static bool isExact(PyObject *object, const TensorSpec &spec) {
    auto &api = py::detail::npy_api::get();
    if (!api.PyArray_Check_(object))
      return false;
    const auto *array = py::detail::array_proxy(object);
    constexpr int required = py::detail::npy_api::NPY_ARRAY_C_CONTIGUOUS_ |
                             py::detail::npy_api::NPY_ARRAY_ALIGNED_;
    if (array->nd != spec.rank || (array->flags & required) != required)
      return false;
    for (int d : spec.unitDims)
      if (array->dimensions[d] != 1)
        return false; // the converter says why
    const auto *descr = py::detail::array_descriptor_proxy(array->descr);
    // The common case without a call into numpy: the same type number in
    // native byte order (which '>' is not, on the little-endian hosts we run).
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian hosts only");
    if (descr->type_num == spec.typeNum && descr->byteorder != '>')
      return true;
    return py::reinterpret_borrow<py::dtype>(array->descr).equal(spec.dtype);
  }

  py::object convertArgument(size_t index, PyObject *arg) {
    if (convert_.is_none())
      throw py::type_error("argument " + std::to_string(index) + " (" +
                           argNames_[index] + "): expected a C-contiguous " +
                           std::string(py::str(args_[index].dtype)) +
                           " array of rank " + std::to_string(args_[index].rank));
    py::object converted = convert_(index, py::handle(arg));
    if (!isExact(converted.ptr(), args_[index]))
      throw py::type_error("the converter of argument " + std::to_string(index) +
                           " did not return a C-contiguous " +
                           std::string(py::str(args_[index].dtype)) +
                           " array of rank " + std::to_string(args_[index].rank));
    return converted;
  }

  bool overlapsInPlaceBuffer(PyObject *object) const {
    const auto *array = py::detail::array_proxy(object);
    size_t bytes = py::reinterpret_borrow<py::array>(object).nbytes();
    return std::any_of(inPlace_.begin(), inPlace_.end(), [&](int target) {
      return shared_[target]->buffer().overlaps(array->data, bytes);
    });
  }

  /// Frees every distinct result buffer (results may share one).
  void freeResults(const char *results) const {
    std::vector<void *> freed;
    for (size_t r = 0; r < results_.size(); ++r) {
      void *allocated = DescriptorLayout::allocated(results + layout_.descriptorOffsets[r]);
      if (std::find(freed.begin(), freed.end(), allocated) != freed.end())
        continue;
      freed.push_back(allocated);
      std::free(allocated);
    }
  }

  /// Outputs become arrays owning the kernel's buffers; updates become the
  /// shared buffers' memory. A buffer returned twice is copied: outputs and
  /// updates always get memory of their own.
  py::object wrapResults(const char *results) const {
    size_t count = results_.size();
    // Each result's block, whether an earlier result returned it too, and
    // (for outputs) the capsule that frees it.
    InlineBuffer<void *, 16> allocated(count);
    InlineBuffer<char, 16> repeated(count);
    InlineBuffer<py::object, 16> owners(count);
    for (size_t r = 0; r < count; ++r) {
      allocated[r] = DescriptorLayout::allocated(results + layout_.descriptorOffsets[r]);
      repeated[r] = false;
      for (size_t earlier = 0; earlier < r && !repeated[r]; ++earlier)
        if (allocated[earlier] == allocated[r]) {
          repeated[r] = true;
          owners[r] = owners[earlier];
        }
      if (!repeated[r] && allocated[r] && r < outputCount_)
        owners[r] = mallocedOwner(allocated[r]);
    }
    py::list out(singleResult_ ? 0 : outputCount_);
    py::object single;
    for (size_t r = 0; r < outputCount_; ++r) {
      const char *descriptor = results + layout_.descriptorOffsets[r];
      py::object array = arrayOver(results_[r], DescriptorLayout::sizes(descriptor),
                                   dataOf(descriptor, r), owners[r]);
      // As in Theano, outputs never alias each other (the graph returned one
      // value twice): the later one is a copy.
      if (repeated[r])
        array = array.attr("copy")();
      if (singleResult_)
        single = std::move(array);
      else
        PyList_SET_ITEM(out.ptr(), r, array.release().ptr());
    }
    for (size_t u = 0; u < updates_.size(); ++u) {
      size_t r = outputCount_ + u;
      const char *descriptor = results + layout_.descriptorOffsets[r];
      const int64_t *sizes = DescriptorLayout::sizes(descriptor);
      std::vector<int64_t> shape(sizes, sizes + results_[r].rank);
      Buffer &target = shared_[updates_[u]]->buffer();
      if (repeated[r]) {
        std::vector<int64_t> strides(shape.size());
        int64_t stride = results_[r].dtype.itemsize();
        for (int d = int(shape.size()) - 1; d >= 0; --d) {
          strides[d] = stride;
          stride *= shape[d];
        }
        target.assign(dataOf(descriptor, r), shape, strides);
      } else {
        target.adopt(allocated[r] ? Storage::adoptMalloced(allocated[r], dataOf(descriptor, r))
                                  : Storage::allocate(0),
                     std::move(shape));
      }
    }
    if (singleResult_)
      return single;
    return std::move(out);
  }

  void *dataOf(const char *descriptor, size_t result) const {
    return static_cast<char *>(DescriptorLayout::aligned(descriptor)) +
           DescriptorLayout::offset(descriptor) * results_[result].dtype.itemsize();
  }

  PackedEntry entry_;
  std::vector<TensorSpec> args_;
  std::vector<std::string> argNames_;
  std::vector<TensorSpec> results_;
  ResultLayout layout_;
  std::vector<std::string> checkMessages_;
  py::object convert_;
  bool singleResult_;
  std::vector<PyBuffer *> shared_;
  std::vector<int> updates_;
  std::vector<int> inPlace_;
  py::object specialize_;
  int maxSpecializations_;
  size_t shapeCount_ = 0;
  Variant general_;
  std::deque<Variant> variants_; // stable addresses: calls hold references
  size_t outputCount_ = 0;
  std::vector<size_t> argOffsets_;
  std::vector<int64_t> descriptors_;
};

/// The base of theano_mlir's Function: a call with exactly the explicit
/// arguments, positionally, goes straight to the bound kernel (no Python
/// frame on the way); any other call goes to the subclass's `_call_slow`
/// (keywords, defaults, profiling).
struct FunctionBaseObject {
  PyObject_HEAD
  PyObject *kernelObject; // the runtime Kernel, or null
  Kernel *kernel;
};

PyObject *functionCall(PyObject *self, PyObject *args, PyObject *kwargs) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  size_t count = PyTuple_GET_SIZE(args);
  if (function->kernel && (!kwargs || PyDict_GET_SIZE(kwargs) == 0) &&
      count == function->kernel->explicitCount()) {
    try {
      return function->kernel->call(reinterpret_cast<PyTupleObject *>(args)->ob_item, count)
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

/// _bind(kernel): calls go to this runtime Kernel; _bind(None): all go to
/// `_call_slow`.
PyObject *functionBind(PyObject *self, PyObject *kernel) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  Kernel *bound = nullptr;
  if (kernel != Py_None) {
    try {
      bound = py::handle(kernel).cast<Kernel *>();
    } catch (...) {
      py::detail::try_translate_exceptions();
      return nullptr;
    }
  }
  Py_XINCREF(kernel == Py_None ? nullptr : kernel);
  Py_CLEAR(function->kernelObject);
  function->kernelObject = kernel == Py_None ? nullptr : kernel;
  function->kernel = bound;
  Py_RETURN_NONE;
}

int functionTraverse(PyObject *self, visitproc visit, void *arg) {
  Py_VISIT(Py_TYPE(self));
  Py_VISIT(reinterpret_cast<FunctionBaseObject *>(self)->kernelObject);
  return 0;
}

int functionClear(PyObject *self) {
  auto *function = reinterpret_cast<FunctionBaseObject *>(self);
  function->kernel = nullptr;
  Py_CLEAR(function->kernelObject);
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
     "_bind(kernel): calls with exactly the explicit arguments go straight "
     "to this runtime Kernel; _bind(None): every call goes to _call_slow."},
    {nullptr, nullptr, 0, nullptr}};

PyType_Slot functionSlots[] = {
    {Py_tp_call, reinterpret_cast<void *>(functionCall)},
    {Py_tp_new, reinterpret_cast<void *>(PyType_GenericNew)},
    {Py_tp_dealloc, reinterpret_cast<void *>(functionDealloc)},
    {Py_tp_traverse, reinterpret_cast<void *>(functionTraverse)},
    {Py_tp_clear, reinterpret_cast<void *>(functionClear)},
    {Py_tp_methods, functionMethods},
    {Py_tp_doc, const_cast<char *>("Base of theano_mlir's Function: the call path in C.")},
    {0, nullptr}};

PyType_Spec functionSpec = {"theano_mlir.runtime._runtime.FunctionBase",
                            sizeof(FunctionBaseObject), 0,
                            Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
                            functionSlots};
} // namespace

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
  py::class_<Kernel>(m, "Kernel")
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
           // The kernel keeps its shared buffers alive.
           py::keep_alive<1, 9>(),
           "entry: address of the packed entry point; args/results: (dtype, "
           "rank) pairs of the explicit arguments and of all results; "
           "check_messages: by status code - 1; convert(index, value) -> array "
           "for inputs that are not exact arrays; shared: buffers passed after "
           "the arguments; updates: for each result after the outputs, the "
           "index of the shared buffer it replaces once the call succeeds; "
           "in_place: shared buffers the kernel writes (arguments that "
           "overlap them are copied first); specialize(shapes, compile) -> "
           "None or (entry, check_messages, owner): a kernel for the argument "
           "shapes (explicit, then shared) of calls, for the first "
           "max_specializations distinct shapes: asked at the first call with "
           "those shapes for one that exists (compile=False), at the second "
           "for one compiled; unit_dims: for each explicit argument, the "
           "dimensions that must have size 1 (its broadcastable ones; an array "
           "with another size goes to convert, which raises).")
      .def("__call__",
           [](Kernel &kernel, const py::args &args) {
             return kernel.call(reinterpret_cast<PyTupleObject *>(args.ptr())->ob_item,
                                args.size());
           })
      .def_property_readonly("specializations", &Kernel::specializations,
                             "(shapes, specialized) for each shape key seen");
  auto functionBase = py::reinterpret_steal<py::object>(PyType_FromSpec(&functionSpec));
  if (!functionBase)
    throw py::error_already_set();
  m.add_object("FunctionBase", functionBase);
  m.def("format_check_message",
        [](const std::string &message, std::vector<int64_t> values) {
          values.resize(kCheckValues, 0);
          return formatCheckMessage(message, values.data());
        });
}

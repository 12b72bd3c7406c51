//===- Executable.cpp - a compiled function, callable from Python ---------===//
//
// The call path (arguments checked and converted, descriptors, the call,
// results wrapped or written to shared buffers) and the cache of kernels
// specialized for shapes.
//
//===----------------------------------------------------------------------===//
#include "Executable.h"
#include "HostCall.h"
#include "InlineBuffer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <tuple>

namespace theano_mlir::runtime {

namespace {
/// The ranks of `specs`, in order.
std::vector<int> ranks(const std::vector<TensorSpec> &specs) {
  std::vector<int> out;
  for (const TensorSpec &spec : specs)
    out.push_back(spec.rank);
  return out;
}
} // namespace

Executable::Executable(uintptr_t entry,
                       const std::vector<std::pair<std::string, int>> &args,
                       std::vector<std::string> argNames,
                       const std::vector<std::pair<std::string, int>> &results,
                       std::vector<std::string> checkMessages,
                       py::object convert, bool singleResult,
                       std::vector<PyBuffer *> shared, std::vector<int> updates,
                       std::vector<int> inPlace, py::object specialize,
                       int maxSpecializations,
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
  for (const auto *specs : {&args_, &results_})
    for (const TensorSpec &spec : *specs)
      if (spec.rank < 0 || spec.rank > kMaxRank)
        throw py::value_error("ranks must be within [0, " +
                              std::to_string(kMaxRank) + "]");
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

py::list Executable::specializations() const {
  py::list out;
  for (const Variant &variant : variants_)
    if (!variant.pending && !variant.compiling)
      out.append(py::make_tuple(shapesOf(variant.shapes.data()),
                                variant.entry != entry_));
  return out;
}

py::object Executable::call(PyObject *const *args, size_t argCount) {
  size_t explicitCount = argNames_.size();
  if (argCount > explicitCount)
    throw py::type_error(
        "Too many parameter passed to theano function: expected " +
        std::to_string(explicitCount) + ", got " + std::to_string(argCount));
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
      arg = (converted[i] =
                 py::reinterpret_borrow<py::object>(arg).attr("copy")())
                .ptr();
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
  int32_t status = callKernel(variant.entry, layout_, results.data(),
                              pointers.data(), count);

  // 3. Results own the kernel's buffers; a failed check raises.
  if (status != 0) {
    freeResults(results.data());
    // Shapes that fail a check never get a kernel of their own.
    for (Variant &seen : variants_)
      if (seen.pending &&
          std::equal(seen.shapes.begin(), seen.shapes.end(), shapes.data()))
        seen.pending = false;
    int64_t values[kCheckValues];
    std::memcpy(values, results.data() + layout_.valuesOffset, sizeof(values));
    const std::vector<std::string> &messages = variant.checkMessages;
    if (status < 1 || size_t(status) > messages.size())
      throw py::value_error("kernel returned an unknown status " +
                            std::to_string(status));
    std::string message = formatCheckMessage(messages[status - 1], values);
    // A host call's failure: the host's own exception.
    constexpr std::string_view kHostError = "HostError: ";
    if (message.find(kHostError) != std::string::npos)
      raisePendingHostError();
    // Checks of indices are Theano's IndexError; the rest its ValueError.
    constexpr std::string_view kIndexError = "IndexError: ";
    if (message.compare(0, kIndexError.size(), kIndexError) == 0)
      throw py::index_error(message.substr(kIndexError.size()));
    // Theano's Assert (and SpecifyShape): AssertionError.
    constexpr std::string_view kAssertionError = "AssertionError: ";
    if (message.compare(0, kAssertionError.size(), kAssertionError) == 0) {
      PyErr_SetString(PyExc_AssertionError,
                      message.substr(kAssertionError.size()).c_str());
      throw py::error_already_set();
    }
    throw py::value_error(message);
  }
  return wrapResults(results.data());
}

/// The kernel to run for these shapes. The second call with new shapes
/// asks `specialize_` (Python: compiles) for a kernel, for up to
/// maxSpecializations_ distinct shapes; other shapes run the general one.
const Executable::Variant &Executable::variantFor(const int64_t *shapes) {
  if (specialize_.is_none())
    return general_;
  for (Variant &variant : variants_)
    if (std::equal(variant.shapes.begin(), variant.shapes.end(), shapes))
      return variant.pending     ? specialize(variant)
             : variant.compiling ? general_
                                 : variant;
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
/// there is none); seen for the second time, compiled, or "compiling" (in
/// the background: the general kernel serves until `install`).
const Executable::Variant &Executable::specialize(Variant &variant,
                                                  bool compile) {
  variant.pending = false;
  py::object made = specialize_(shapesOf(variant.shapes.data()), compile);
  if (!compile && made.is_none())
    variant.pending = true;
  if (py::isinstance<py::str>(made)) {
    variant.compiling = true;
    return general_;
  }
  adopt(variant, std::move(made));
  return variant;
}

void Executable::adopt(Variant &variant, py::object made) {
  if (made.is_none())
    return;
  auto [address, messages, owner] =
      made.cast<std::tuple<uintptr_t, std::vector<std::string>, py::object>>();
  if (!address)
    throw py::value_error("a specialized kernel's entry point is null");
  variant.entry = reinterpret_cast<PackedEntry>(address);
  variant.checkMessages = std::move(messages);
  variant.owner = std::move(owner);
}

void Executable::install(const py::tuple &shapes, py::object made) {
  for (Variant &variant : variants_)
    if (variant.compiling && shapesOf(variant.shapes.data()).equal(shapes)) {
      variant.compiling = false;
      adopt(variant, std::move(made));
      return;
    }
}

void Executable::request(const py::tuple &shapes) {
  if (shapes.size() != args_.size())
    throw py::value_error("expected the shapes of " +
                          std::to_string(args_.size()) + " arguments, got " +
                          std::to_string(shapes.size()));
  std::vector<int64_t> flat;
  for (size_t i = 0; i < args_.size(); ++i) {
    auto shape = shapes[i].cast<std::vector<int64_t>>();
    if (shape.size() != size_t(args_[i].rank))
      throw py::value_error("argument " + std::to_string(i) + ": expected " +
                            std::to_string(args_[i].rank) +
                            " dimensions, got " + std::to_string(shape.size()));
    for (int64_t size : shape)
      if (size < 0)
        throw py::value_error("argument " + std::to_string(i) +
                              ": a negative size");
    flat.insert(flat.end(), shape.begin(), shape.end());
  }
  // What a first and a second call with these shapes would ask for.
  variantFor(flat.data());
  variantFor(flat.data());
}

/// Flat shapes as a tuple of shape tuples, one per argument.
py::tuple Executable::shapesOf(const int64_t *shapes) const {
  py::tuple out(args_.size());
  for (size_t i = 0, at = 0; i < args_.size(); at += args_[i].rank, ++i) {
    py::tuple shape(args_[i].rank);
    for (int d = 0; d < args_[i].rank; ++d)
      shape[d] = shapes[at + d];
    out[i] = shape;
  }
  return out;
}

py::object Executable::convertArgument(size_t index, PyObject *arg) {
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

bool Executable::overlapsInPlaceBuffer(PyObject *object) const {
  const auto *array = py::detail::array_proxy(object);
  size_t bytes = py::reinterpret_borrow<py::array>(object).nbytes();
  return std::any_of(inPlace_.begin(), inPlace_.end(), [&](int target) {
    return shared_[target]->buffer().overlaps(array->data, bytes);
  });
}

/// Frees every distinct result buffer (results may share one).
void Executable::freeResults(const char *results) const {
  std::vector<void *> freed;
  for (size_t r = 0; r < results_.size(); ++r) {
    void *allocated =
        DescriptorLayout::allocated(results + layout_.descriptorOffsets[r]);
    if (std::find(freed.begin(), freed.end(), allocated) != freed.end())
      continue;
    freed.push_back(allocated);
    std::free(allocated);
  }
}

/// Outputs become arrays owning the kernel's buffers; updates become the
/// shared buffers' memory. A buffer returned twice is copied: outputs and
/// updates always get memory of their own.
py::object Executable::wrapResults(const char *results) const {
  size_t count = results_.size();
  // Each result's block, whether an earlier result returned it too, and
  // (for outputs) the capsule that frees it.
  InlineBuffer<void *, 16> allocated(count);
  InlineBuffer<char, 16> repeated(count);
  InlineBuffer<py::object, 16> owners(count);
  for (size_t r = 0; r < count; ++r) {
    allocated[r] =
        DescriptorLayout::allocated(results + layout_.descriptorOffsets[r]);
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
    py::object array = arrayOver(
        results_[r], DescriptorLayout::sizes(descriptor), dataOf(descriptor, r),
        owners[r], DescriptorLayout::strides(descriptor, results_[r].rank));
    // As in Theano, outputs never alias each other (the graph returned one
    // value twice): the later one is a copy.
    if (repeated[r])
      array = array.attr("copy")();
    if (singleResult_)
      single = std::move(array);
    else
      PyList_SET_ITEM(out.ptr(), r, array.release().ptr());
  }
  std::vector<void *> copiedFrom;
  for (size_t u = 0; u < updates_.size(); ++u) {
    size_t r = outputCount_ + u;
    const char *descriptor = results + layout_.descriptorOffsets[r];
    const int64_t *sizes = DescriptorLayout::sizes(descriptor);
    std::vector<int64_t> shape(sizes, sizes + results_[r].rank);
    Buffer &target = shared_[updates_[u]]->buffer();
    const int64_t *elementStrides =
        DescriptorLayout::strides(descriptor, results_[r].rank);
    bool contiguous =
        isContiguous(shape.data(), elementStrides, results_[r].rank);
    if (repeated[r] || !contiguous) {
      // a copy: of a value another result holds, or of a strided view
      std::vector<int64_t> strides(shape.size());
      for (size_t d = 0; d < shape.size(); ++d)
        strides[d] = elementStrides[d] * results_[r].dtype.itemsize();
      target.assign(dataOf(descriptor, r), shape, strides);
      if (!repeated[r] && allocated[r])
        copiedFrom.push_back(allocated[r]); // freed once every copy is made
    } else {
      target.adopt(allocated[r] ? Storage::adoptMalloced(allocated[r],
                                                         dataOf(descriptor, r))
                                : Storage::allocate(0),
                   std::move(shape));
    }
  }
  for (void *memory : copiedFrom)
    std::free(memory);
  if (singleResult_)
    return single;
  return std::move(out);
}

void *Executable::dataOf(const char *descriptor, size_t result) const {
  return static_cast<char *>(DescriptorLayout::aligned(descriptor)) +
         DescriptorLayout::offset(descriptor) *
             results_[result].dtype.itemsize();
}

} // namespace theano_mlir::runtime

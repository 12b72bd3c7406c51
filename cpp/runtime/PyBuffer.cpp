//===- PyBuffer.cpp - a shared variable's storage, for Python -------------===//
#include "PyBuffer.h"

#include <string>
#include <utility>

namespace theano_mlir::runtime {

PyBuffer::PyBuffer(const py::array &value)
    : dtype_(value.dtype()), buffer_(value.itemsize(), shapeOf(value)) {
  set_value(value);
}

py::array PyBuffer::get_value(bool borrow) const {
  py::array view =
      viewOf(buffer_.storage(), buffer_.data(), dtype_, buffer_.shape());
  return borrow ? view : py::array(view.attr("copy")());
}

void PyBuffer::set_value(const py::array &value) {
  if (!value.dtype().equal(dtype_) || value.ndim() != ndim())
    throw py::type_error("set_value needs an array of dtype " +
                         std::string(py::str(dtype_)) + " and rank " +
                         std::to_string(ndim()));
  std::vector<int64_t> strides(value.strides(), value.strides() + value.ndim());
  buffer_.assign(value.data(), shapeOf(value), strides);
}

py::array PyBuffer::viewOf(std::shared_ptr<Storage> storage, void *data,
                           const py::dtype &dtype,
                           const std::vector<int64_t> &shape) {
  auto *owner = new std::shared_ptr<Storage>(std::move(storage));
  py::capsule base(owner, [](void *p) {
    delete static_cast<std::shared_ptr<Storage> *>(p);
  });
  return py::array(dtype, std::vector<ssize_t>(shape.begin(), shape.end()),
                   data, base);
}

std::vector<int64_t> PyBuffer::shapeOf(const py::array &value) {
  return std::vector<int64_t>(value.shape(), value.shape() + value.ndim());
}

} // namespace theano_mlir::runtime

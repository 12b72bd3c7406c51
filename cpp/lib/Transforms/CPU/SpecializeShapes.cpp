//===- SpecializeShapes.cpp - kernels for the shapes a call saw
//------------===//
//
// Functions stay shape-polymorphic for the user; a kernel compiled for the
// shapes of one call is the general function with its arguments read
// through casts to static types. Canonicalization does the rest.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOSPECIALIZESHAPES
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;
using namespace mlir::theano;

namespace {
/// "128x784;784x500;;500" -> {{128, 784}, {784, 500}, {}, {500}}.
FailureOr<SmallVector<SmallVector<int64_t>>> parseShapes(StringRef text) {
  SmallVector<SmallVector<int64_t>> shapes;
  SmallVector<StringRef> args;
  text.split(args, ';');
  for (StringRef arg : args) {
    SmallVector<int64_t> &shape = shapes.emplace_back();
    if (arg.trim().empty())
      continue;
    SmallVector<StringRef> dims;
    arg.split(dims, 'x');
    for (StringRef dim : dims) {
      int64_t size;
      if (dim.trim().getAsInteger(10, size) || size < 0)
        return failure();
      shape.push_back(size);
    }
  }
  return shapes;
}

struct SpecializeShapes
    : theano::cpu::impl::TheanoSpecializeShapesBase<SpecializeShapes> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isPrivate() || func.isExternal())
      return;
    auto shapes = parseShapes(this->shapes);
    if (failed(shapes)) {
      func.emitError("theano-specialize-shapes: cannot parse shapes '")
          << this->shapes << "'";
      return signalPassFailure();
    }
    Block &body = func.getBody().front();
    if (shapes->size() != body.getNumArguments()) {
      func.emitError("theano-specialize-shapes: ")
          << shapes->size() << " shapes given for " << body.getNumArguments()
          << " arguments";
      return signalPassFailure();
    }
    OpBuilder builder = OpBuilder::atBlockBegin(&body);
    for (auto [arg, shape] : llvm::zip(body.getArguments(), *shapes)) {
      auto type = dyn_cast<RankedTensorType>(arg.getType());
      if (!type)
        continue;
      if (type.getRank() != static_cast<int64_t>(shape.size()) ||
          llvm::any_of(llvm::zip(type.getShape(), shape), [](auto dims) {
            auto [have, want] = dims;
            return !ShapedType::isDynamic(have) && have != want;
          })) {
        func.emitError("theano-specialize-shapes: argument ")
            << arg.getArgNumber() << " of type " << type
            << " cannot have the shape "
            << llvm::join(
                   llvm::map_range(shape,
                                   [](int64_t d) { return std::to_string(d); }),
                   "x");
        return signalPassFailure();
      }
      if (type.hasStaticShape())
        continue;
      // Uses see the static value through a cast back to the argument's
      // type, which canonicalization folds into them.
      auto toStatic =
          tensor::CastOp::create(builder, arg.getLoc(), type.clone(shape), arg);
      auto back = tensor::CastOp::create(builder, arg.getLoc(), type, toStatic);
      // A write into the argument (an in-place update) keeps its target.
      arg.replaceUsesWithIf(back, [&](OpOperand &use) {
        if (use.getOwner() == toStatic)
          return false;
        auto write =
            dyn_cast<bufferization::MaterializeInDestinationOp>(use.getOwner());
        return !write || use.getOperandNumber() != 1;
      });
    }
  }
};
} // namespace

//===- OutlineMatmuls.cpp - one function per scheduled matmul
//--------------===//
//
// A transform-dialect schedule matches ops inside the function it is given;
// with each large matmul alone in a function, its schedule (tiling,
// peeling, padding, packing) cannot touch another matmul or loop nest.
// Matmuls of the same shapes, layout and accumulator share one function
// (the layers of a deep network): it is scheduled and compiled once, and
// marked no_inline once it has several callers, so that the kernel holds
// one copy of its code (a lone matmul is inlined back after its schedule).
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Transforms/CPU/MatmulLayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOOUTLINEMATMULS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;
using namespace mlir::theano;
using namespace mlir::theano::cpu;

namespace {
/// "nn", "tn" (A stored KxM) or "nt" (B stored NxK) for the matmuls the
/// lowering builds; nothing for other indexing maps.
std::optional<StringRef> layoutOf(linalg::MatmulOp matmul) {
  std::optional<MatmulLayout> layout = getMatmulLayout(matmul);
  if (!layout || (layout->aTransposed && layout->bTransposed))
    return std::nullopt;
  return StringRef(layout->aTransposed   ? "tn"
                   : layout->bTransposed ? "nt"
                                         : "nn");
}

/// The zero accumulator a lowering builds: a fill of an empty tensor with a
/// constant that only this matmul reads.
linalg::FillOp ownZeroFill(linalg::MatmulOp matmul) {
  Value init = matmul.getDpsInits()[0];
  auto fill = init.getDefiningOp<linalg::FillOp>();
  if (!fill || !init.hasOneUse() ||
      !fill.getDpsInputs()[0].getDefiningOp<arith::ConstantOp>() ||
      !fill.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>())
    return {};
  return fill;
}

struct OutlineMatmuls
    : theano::cpu::impl::TheanoOutlineMatmulsBase<OutlineMatmuls> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<linalg::MatmulOp> matmuls;
    module.walk([&](linalg::MatmulOp matmul) {
      if (isa<func::FuncOp>(matmul->getParentOp()) &&
          matmul.hasPureTensorSemantics())
        matmuls.push_back(matmul);
    });
    unsigned counter = 0;
    llvm::StringMap<func::FuncOp> shared;
    for (linalg::MatmulOp matmul : matmuls) {
      auto result = cast<RankedTensorType>(matmul.getResultTypes()[0]);
      auto a = cast<RankedTensorType>(matmul.getDpsInputs()[0].getType());
      std::optional<StringRef> layout = layoutOf(matmul);
      Type element = result.getElementType();
      if (!layout || !result.hasStaticShape() || !a.hasStaticShape() ||
          !cast<ShapedType>(matmul.getDpsInputs()[1].getType())
               .hasStaticShape() ||
          !(element.isF32() || element.isF64()) ||
          !llvm::all_of(matmul->getOperandTypes(), [&](Type type) {
            return cast<ShapedType>(type).getElementType() == element;
          }))
        continue;
      int64_t m = result.getDimSize(0), n = result.getDimSize(1);
      int64_t k = a.getDimSize(*layout == "tn" ? 0 : 1);
      if (2 * m * n * k < minFlops || m * n * k == 0)
        continue;
      outline(matmul, *layout, {m, k, n}, symbols, counter, shared);
    }
  }

  /// The tensor `value` is a view of (slices, casts, reshapes of).
  static Value viewedTensor(Value value) {
    while (Operation *op = value.getDefiningOp()) {
      if (!isa<tensor::ExtractSliceOp, tensor::CastOp, tensor::CollapseShapeOp,
               tensor::ExpandShapeOp, tensor::ReshapeOp>(op))
        break;
      value = op->getOperand(0);
    }
    return value;
  }

  /// Whether `matmul`'s accumulator and an operand view one tensor.
  static bool accumulatesIntoAnOperand(linalg::MatmulOp matmul) {
    Value into = viewedTensor(matmul.getDpsInits()[0]);
    return llvm::any_of(matmul.getDpsInputs(), [&](Value operand) {
      return viewedTensor(operand) == into;
    });
  }

  /// What makes two outlined matmuls the same function: the types, the
  /// matmul's attributes (layout maps, cast) and the accumulator's start.
  static std::string sharingKey(linalg::MatmulOp matmul, linalg::FillOp fill,
                                FunctionType type) {
    std::string key;
    llvm::raw_string_ostream os(key);
    os << type << '|' << matmul->getAttrDictionary() << '|';
    if (fill)
      os << fill.getDpsInputs()[0]
                .getDefiningOp<arith::ConstantOp>()
                .getValue();
    return key;
  }

  void outline(linalg::MatmulOp matmul, StringRef layout, ArrayRef<int64_t> mkn,
               SymbolTable &symbols, unsigned &counter,
               llvm::StringMap<func::FuncOp> &shared) {
    linalg::FillOp fill = ownZeroFill(matmul);
    SmallVector<Value> operands(matmul.getDpsInputs());
    if (!fill)
      operands.push_back(matmul.getDpsInits()[0]);
    auto caller = matmul->getParentOfType<func::FuncOp>();
    OpBuilder builder(caller);
    auto type = builder.getFunctionType(ValueRange(operands).getTypes(),
                                        matmul.getResultTypes());
    // A shared function is bufferized once, for arguments in distinct
    // buffers; inlined, bufferization would see that the accumulator is an
    // operand's buffer too (C += A * C) and copy it. So a matmul that
    // accumulates into a view of one of its operands gets its own.
    bool shareable = share && (fill || !accumulatesIntoAnOperand(matmul));
    std::string key = shareable ? sharingKey(matmul, fill, type) : "";
    if (func::FuncOp existing =
            shareable ? shared.lookup(key) : func::FuncOp()) {
      existing.setNoInline(true);
      replaceByCall(matmul, fill, existing, operands);
      return;
    }
    auto callee = func::FuncOp::create(
        builder, matmul.getLoc(), "theano_matmul_" + std::to_string(counter++),
        type);
    callee.setPrivate();
    callee->setAttr("theano.matmul", builder.getDenseI64ArrayAttr(mkn));
    callee->setAttr("theano.layout", builder.getStringAttr(layout));
    symbols.insert(callee); // renames on a clash

    Block *body = callee.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    for (auto [operand, arg] : llvm::zip(operands, body->getArguments()))
      mapping.map(operand, arg);
    if (fill) {
      builder.clone(*fill.getDpsInputs()[0].getDefiningOp(), mapping);
      builder.clone(*fill.getDpsInits()[0].getDefiningOp(), mapping);
      builder.clone(*fill, mapping);
    }
    Operation *clone = builder.clone(*matmul, mapping);
    // by position: dot(x, x) passes one value twice, and the mapping would
    // send both operands to the last argument, which other calls of a
    // shared function pass differently
    for (auto [index, arg] : llvm::enumerate(body->getArguments()))
      clone->setOperand(index, arg);
    func::ReturnOp::create(builder, matmul.getLoc(), clone->getResults());
    if (shareable)
      shared[key] = callee;
    replaceByCall(matmul, fill, callee, operands);
  }

  static void replaceByCall(linalg::MatmulOp matmul, linalg::FillOp fill,
                            func::FuncOp callee, ValueRange operands) {
    OpBuilder builder(matmul);
    auto call =
        func::CallOp::create(builder, matmul.getLoc(), callee, operands);
    matmul->replaceAllUsesWith(call.getResults());
    matmul->erase();
    if (fill) {
      Operation *empty = fill.getDpsInits()[0].getDefiningOp();
      fill->erase();
      if (empty->use_empty())
        empty->erase();
    }
  }
};
} // namespace

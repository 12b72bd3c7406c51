//===- Outlining.cpp - matmuls and loop nests as shared functions ---------===//
//
// theano-outline-matmuls: a transform-dialect schedule matches ops inside
// the function it is given; with each large matmul alone in a function, its
// schedule (tiling, peeling, padding, packing) cannot touch another matmul
// or loop nest. theano-outline-loop-nests: the other loop nests of a deep
// graph. In both, identical ones (the layers of a deep network) share one
// function: it is scheduled and compiled once, and kept out of line once it
// has several callers, so that the kernel holds one copy of its code (a
// lone one is inlined back after its schedule).
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
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOOUTLINELOOPNESTS
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

/// The tensor `value` is a view of (slices, casts, reshapes of).
Value viewedTensor(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (!isa<tensor::ExtractSliceOp, tensor::CastOp, tensor::CollapseShapeOp,
             tensor::ExpandShapeOp, tensor::ReshapeOp>(op))
      break;
    value = op->getOperand(0);
  }
  return value;
}

/// A function called from several places stays one function: `no_inline`
/// for MLIR's inliner, and LLVM's `noinline` (the conversion to the LLVM
/// dialect does not carry `no_inline` over; LLVM would inline a small loop
/// nest into every caller, and compile it once per layer again).
void keepOutOfLine(func::FuncOp function) {
  function.setNoInline(true);
  MLIRContext *context = function.getContext();
  function->setAttr(
      "passthrough",
      ArrayAttr::get(context, {StringAttr::get(context, "noinline")}));
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
      keepOutOfLine(existing);
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

/// Whether `value` holds nothing a loop nest reads: an empty tensor, or a
/// view of one. Such a destination is made again inside the function.
bool isEmptyTensor(Value value) {
  return viewedTensor(value).getDefiningOp<tensor::EmptyOp>() != nullptr;
}

/// The constant a destination is filled with, if it is a fill of an empty
/// tensor by a constant (or a view of one).
arith::ConstantOp fillConstant(Value value) {
  auto fill = viewedTensor(value).getDefiningOp<linalg::FillOp>();
  if (!fill || !isEmptyTensor(fill.getDpsInits()[0]))
    return {};
  return fill.getDpsInputs()[0].getDefiningOp<arith::ConstantOp>();
}

/// Whether a loop nest's destination `value` is made again inside its
/// function (an empty tensor, or a constant fill of one) rather than
/// passed to it.
bool madeAgainInside(Value value) {
  return isEmptyTensor(value) || fillConstant(value);
}

bool allRanked(TypeRange types) {
  return llvm::all_of(types, [](Type type) {
    return !isa<ShapedType>(type) || isa<RankedTensorType>(type);
  });
}

/// Whether a loop nest's body only computes: no check (its status belongs
/// to the entry) and no call.
bool computesOnly(Operation *nest) {
  bool only = true;
  for (Region &region : nest->getRegions())
    region.walk([&](Operation *op) {
      if (isa<CallOpInterface>(op) ||
          op->getDialect()->getNamespace() == "theano")
        only = false;
    });
  return only;
}

struct OutlineLoopNests
    : theano::cpu::impl::TheanoOutlineLoopNestsBase<OutlineLoopNests> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<linalg::LinalgOp> nests;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      SmallVector<linalg::LinalgOp> found;
      for (Operation &op : func.getBody().getOps())
        if (auto nest = dyn_cast<linalg::LinalgOp>(&op); nest && worthIt(nest))
          found.push_back(nest);
      if (int64_t(found.size()) >= minNests)
        nests.append(found);
    }
    llvm::StringMap<func::FuncOp> shared;
    unsigned counter = 0;
    for (linalg::LinalgOp nest : nests)
      outline(nest, symbols, counter, shared);
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isPrivate() && !func.isExternal())
        compileCallsOnly(func);
  }

  /// An entry that calls many loop nests (a deep network) is compiled by
  /// LLVM without optimization: it only passes buffers to calls, and LLVM's
  /// optimizer takes seconds over such a function, superlinearly in its
  /// length. The functions it calls, all kept out of line, are optimized.
  void compileCallsOnly(func::FuncOp entry) {
    SmallVector<func::FuncOp> callees;
    entry.walk([&](func::CallOp call) {
      auto callee = SymbolTable::lookupNearestSymbolFrom<func::FuncOp>(
          call, call.getCalleeAttr());
      if (callee && callee.isPrivate() && !callee.isExternal())
        callees.push_back(callee);
    });
    if (int64_t(callees.size()) < unoptimizedEntryCalls)
      return;
    for (func::FuncOp callee : callees)
      keepOutOfLine(callee);
    MLIRContext *context = entry.getContext();
    entry->setAttr(
        "passthrough",
        ArrayAttr::get(context, {StringAttr::get(context, "noinline"),
                                 StringAttr::get(context, "optnone")}));
  }

  bool worthIt(linalg::LinalgOp nest) const {
    // A fill stays: the loop nests it initializes make their own again. A
    // matmul is theano-outline-matmuls' (or small).
    if (isa<linalg::FillOp, linalg::MatmulOp>(nest) ||
        !nest.hasPureTensorSemantics() || !allRanked(nest->getOperandTypes()) ||
        !allRanked(nest->getResultTypes()) || !computesOnly(nest))
      return false;
    int64_t iterations = 1;
    for (int64_t range : nest.getStaticLoopRanges()) {
      if (ShapedType::isDynamic(range))
        return true; // the general kernel's: as long as the data
      iterations *= range;
    }
    return iterations >= minIterations;
  }

  void outline(linalg::LinalgOp nest, SymbolTable &symbols, unsigned &counter,
               llvm::StringMap<func::FuncOp> &shared) {
    Operation *op = nest.getOperation();
    // Operands of the call: the inputs, destinations not made again, values
    // the body reads from above (constants are cloned instead).
    SmallVector<Value> arguments(nest.getDpsInputs());
    for (OpOperand &init : nest.getDpsInitsMutable()) {
      Value value = init.get();
      if (madeAgainInside(value))
        continue;
      Value into = viewedTensor(value);
      if (llvm::any_of(nest.getDpsInputs(), [&](Value input) {
            return viewedTensor(input) == into;
          }))
        return; // written in place over its own input
      arguments.push_back(value);
    }
    llvm::SetVector<Value> above;
    getUsedValuesDefinedAbove(op->getRegions(), above);
    SmallVector<Value> constants, read;
    for (Value value : above)
      (value.getDefiningOp<arith::ConstantOp>() ? constants : read)
          .push_back(value);
    arguments.append(read);
    // The dynamic sizes of destinations made again inside.
    OpBuilder caller(op);
    SmallVector<Value> sizes;
    for (Value value : nest.getDpsInits()) {
      if (!madeAgainInside(value))
        continue;
      auto tensorType = cast<RankedTensorType>(value.getType());
      for (int64_t dim = 0; dim < tensorType.getRank(); ++dim)
        if (tensorType.isDynamicDim(dim))
          sizes.push_back(
              tensor::DimOp::create(caller, op->getLoc(), value, dim));
    }
    arguments.append(sizes);

    MLIRContext *context = op->getContext();
    OpBuilder builder(context);
    auto type = builder.getFunctionType(ValueRange(arguments).getTypes(),
                                        op->getResultTypes());
    auto callee =
        func::FuncOp::create(builder, op->getLoc(), "theano_loops", type);
    callee.setPrivate();
    Block *body = callee.addEntryBlock();
    builder.setInsertionPointToStart(body);
    IRMapping mapping;
    for (Value value : constants)
      mapping.map(value, builder.clone(*value.getDefiningOp())->getResult(0));
    for (auto [index, value] : llvm::enumerate(read))
      mapping.map(value, body->getArgument(arguments.size() - sizes.size() -
                                           read.size() + index));
    unsigned next = nest.getNumDpsInputs();
    unsigned nextSize = arguments.size() - sizes.size();
    // Operands by position (an op may read one value twice).
    SmallVector<Value> operands;
    for (unsigned i = 0; i < nest.getNumDpsInputs(); ++i)
      operands.push_back(body->getArgument(i));
    for (OpOperand &init : nest.getDpsInitsMutable()) {
      Value value = init.get();
      auto tensorType = cast<RankedTensorType>(value.getType());
      if (madeAgainInside(value)) {
        SmallVector<Value> dynamicSizes;
        for (int64_t dim = 0; dim < tensorType.getRank(); ++dim)
          if (tensorType.isDynamicDim(dim))
            dynamicSizes.push_back(body->getArgument(nextSize++));
        Value empty = tensor::EmptyOp::create(builder, op->getLoc(), tensorType,
                                              dynamicSizes);
        if (arith::ConstantOp constant = fillConstant(value)) {
          Value fillValue = builder.clone(*constant)->getResult(0);
          empty =
              linalg::FillOp::create(builder, op->getLoc(), fillValue, empty)
                  .getResult(0);
        }
        operands.push_back(empty);
      } else {
        operands.push_back(body->getArgument(next++));
      }
    }
    Operation *clone = builder.clone(*op, mapping);
    for (auto [index, operand] : llvm::enumerate(operands))
      clone->setOperand(index, operand);
    func::ReturnOp::create(builder, op->getLoc(), clone->getResults());

    std::string key;
    llvm::raw_string_ostream os(key);
    callee->print(os, OpPrintingFlags().useLocalScope());
    if (func::FuncOp existing = shared.lookup(key)) {
      callee->erase();
      keepOutOfLine(existing);
      callee = existing;
    } else {
      callee.setName("theano_loops_" + std::to_string(counter++));
      builder.setInsertionPoint(op->getParentOfType<func::FuncOp>());
      builder.insert(callee);
      symbols.insert(callee); // renames on a clash
      shared[key] = callee;
    }
    auto call = func::CallOp::create(caller, op->getLoc(), callee, arguments);
    op->replaceAllUsesWith(call.getResults());
    op->erase();
  }
};
} // namespace

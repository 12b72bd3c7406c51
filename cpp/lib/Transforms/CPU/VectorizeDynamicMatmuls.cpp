//===- VectorizeDynamicMatmuls.cpp - vector tiles for matmuls of any shape ===//
//
// The kernel that takes any shapes runs the first call of every new shape
// (and every call of a function that does not specialize). Its matmuls have
// dynamic shapes, so neither the matmul schedule (static shapes only) nor
// LLVM's vectorizer (it runs at -O0 there) makes vector code of them: as
// scalar loop nests they took 90% of the MLP training step's first call.
// Here each becomes a call of a helper (one per element type and layout)
// whose register tiles are built directly as vector ops: a few ops per
// matmul, little to compile at any LLVM level however many matmuls.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Transforms/CPU/MatmulLayout.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <algorithm>

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOVECTORIZEDYNAMICMATMULS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
using theano::cpu::MatmulLayout;

/// A 2-D buffer of `elementType`.
MemRefType matrixOf(Value value, Type elementType) {
  auto type = dyn_cast<MemRefType>(value.getType());
  if (!type || type.getRank() != 2 || type.getElementType() != elementType)
    return {};
  return type;
}

/// The layout of `op` if it is one this pass rewrites.
std::optional<MatmulLayout> candidate(linalg::MatmulOp op) {
  if (!op.hasPureBufferSemantics())
    return std::nullopt;
  Value a = op.getDpsInputs()[0], b = op.getDpsInputs()[1];
  Value c = op.getDpsInits()[0];
  auto elementType = dyn_cast<FloatType>(getElementTypeOrSelf(c.getType()));
  if (!elementType ||
      (elementType.getWidth() != 32 && elementType.getWidth() != 64))
    return std::nullopt;
  MemRefType aType = matrixOf(a, elementType), bType = matrixOf(b, elementType),
             cType = matrixOf(c, elementType);
  if (!aType || !bType || !cType)
    return std::nullopt;
  // static matmuls at the function's top level have the matmul schedule;
  // those inside a loop or branch (a scan's step, its gradient's) take the
  // helper too
  if (aType.hasStaticShape() && bType.hasStaticShape() &&
      cType.hasStaticShape() && isa<func::FuncOp>(op->getParentOp()))
    return std::nullopt;
  std::optional<MatmulLayout> layout = theano::cpu::getMatmulLayout(op);
  // Rows of C, and of B unless it is copied transposed, are loaded as vectors.
  if (!layout || !cType.isLastDimUnitStride() ||
      (!layout->bTransposed && !bType.isLastDimUnitStride()))
    return std::nullopt;
  return layout;
}

/// The helper function for matmuls of `elementType` and `layout`:
/// `(A, B, C)`, C += A * B with register tiles. Views of any offset and row
/// stride are passed to it (rows of B, unless transposed, and of C must be
/// contiguous).
class HelperBuilder {
public:
  HelperBuilder(func::FuncOp helper, MatmulLayout layout, int64_t rows,
                int64_t lanes, Type elementType)
      : layout(layout), rows(rows), b(helper.getContext()),
        loc(helper.getLoc()), elementType(elementType),
        vectorType(VectorType::get({lanes}, elementType)) {}

  /// The body; `matmul` is cloned for the columns that do not fill a tile.
  void build(linalg::MatmulOp matmul, Block &body) {
    b.setInsertionPointToStart(&body);
    Value a = body.getArgument(0), bIn = body.getArgument(1),
          c = body.getArgument(2);
    Value zero = index(0), one = index(1);
    Value m = memref::DimOp::create(b, loc, c, 0);
    Value n = memref::DimOp::create(b, loc, c, 1);
    Value k = memref::DimOp::create(b, loc, a, layout.aTransposed ? 0 : 1);
    Value lanes = index(vectorType.getDimSize(0));
    Value fullColumns = arith::SubIOp::create(
        b, loc, n, arith::RemUIOp::create(b, loc, n, lanes));
    Value fullRows = arith::SubIOp::create(
        b, loc, m, arith::RemUIOp::create(b, loc, m, index(rows)));
    // B's rows (k) as vectors along n.
    Value bRows = bIn;
    if (layout.bTransposed) {
      auto type = MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                                  elementType);
      bRows = memref::AllocOp::create(b, loc, type, ValueRange{k, n});
      linalg::TransposeOp::create(b, loc, bIn, bRows, ArrayRef<int64_t>{1, 0});
    }
    scf::ForOp::create(
        b, loc, zero, fullColumns, lanes, ValueRange{},
        [&](OpBuilder &nested, Location, Value column, ValueRange) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(scf::YieldOp::create(nested, loc));
          scf::ForOp::create(
              b, loc, zero, fullRows, index(rows), ValueRange{},
              [&](OpBuilder &inner, Location, Value row, ValueRange) {
                tile(inner, a, bRows, c, k, row, column, rows);
              });
          scf::ForOp::create(
              b, loc, fullRows, m, one, ValueRange{},
              [&](OpBuilder &inner, Location, Value row, ValueRange) {
                tile(inner, a, bRows, c, k, row, column, 1);
              });
        });
    // The columns left over: a plain matmul on the views of them.
    Value restColumns = arith::SubIOp::create(b, loc, n, fullColumns);
    Value cRest = view(c, {zero, fullColumns}, {m, restColumns});
    Value bRest = layout.bTransposed
                      ? view(bIn, {fullColumns, zero}, {restColumns, k})
                      : view(bIn, {zero, fullColumns}, {k, restColumns});
    // Operands are set by position, not mapped by value: the matmul the
    // helper is made from may read one buffer as A and B (dot(x, x)), and a
    // mapping would then give every later call B's view as A too.
    Operation *rest = b.clone(*matmul);
    rest->setOperands(ValueRange{a, bRest, cRest});
    func::ReturnOp::create(b, loc);
  }

private:
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }

  Value view(Value source, ArrayRef<OpFoldResult> offsets,
             ArrayRef<OpFoldResult> sizes) {
    SmallVector<OpFoldResult> strides(2, b.getIndexAttr(1));
    return memref::SubViewOp::create(b, loc, source, offsets, sizes, strides);
  }

  /// C[row : row + count, column : column + lanes] += A[rows, :] * B[:,
  /// columns], one vector accumulator per row, held over the k loop, then the
  /// loop's terminator.
  void tile(OpBuilder &builder, Value a, Value bRows, Value c, Value k,
            Value row, Value column, int64_t count) {
    SmallVector<Value> rowIndices, accumulators;
    for (int64_t r = 0; r < count; ++r) {
      Value at = r == 0 ? row
                        : arith::AddIOp::create(
                              builder, loc, row,
                              arith::ConstantIndexOp::create(builder, loc, r));
      rowIndices.push_back(at);
      accumulators.push_back(vector::LoadOp::create(builder, loc, vectorType, c,
                                                    ValueRange{at, column}));
    }
    Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto loop = scf::ForOp::create(
        builder, loc, zero, k, one, accumulators,
        [&](OpBuilder &body, Location, Value depth, ValueRange sums) {
          Value bRow = vector::LoadOp::create(body, loc, vectorType, bRows,
                                              ValueRange{depth, column});
          SmallVector<Value> next;
          for (int64_t r = 0; r < count; ++r) {
            SmallVector<Value, 2> at{rowIndices[r], depth};
            if (layout.aTransposed)
              std::swap(at[0], at[1]);
            Value element = memref::LoadOp::create(body, loc, a, at);
            Value splat =
                vector::BroadcastOp::create(body, loc, vectorType, element);
            next.push_back(
                vector::FMAOp::create(body, loc, splat, bRow, sums[r]));
          }
          scf::YieldOp::create(body, loc, next);
        });
    for (int64_t r = 0; r < count; ++r)
      vector::StoreOp::create(builder, loc, loop.getResult(r), c,
                              ValueRange{rowIndices[r], column});
    scf::YieldOp::create(builder, loc);
  }

  MatmulLayout layout;
  int64_t rows;
  OpBuilder b;
  Location loc;
  Type elementType;
  VectorType vectorType;
};

/// A 2-D view type with dynamic sizes, offset and row stride; unit column
/// stride where `contiguousRows`.
MemRefType viewType(Type elementType, bool contiguousRows) {
  int64_t columnStride = contiguousRows ? 1 : ShapedType::kDynamic;
  auto layout =
      StridedLayoutAttr::get(elementType.getContext(), ShapedType::kDynamic,
                             {ShapedType::kDynamic, columnStride});
  return MemRefType::get({ShapedType::kDynamic, ShapedType::kDynamic},
                         elementType, layout);
}

constexpr StringLiteral kHelperAttr = "theano.matmul_helper";

struct TheanoVectorizeDynamicMatmulsPass
    : theano::cpu::impl::TheanoVectorizeDynamicMatmulsBase<
          TheanoVectorizeDynamicMatmulsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (rows < 1 || vectorBits < 1) {
      getOperation().emitError(
          "theano-vectorize-dynamic-matmuls: rows and vector-bits must be "
          "positive");
      return signalPassFailure();
    }
    ModuleOp module = getOperation();
    SmallVector<std::pair<linalg::MatmulOp, MatmulLayout>> matmuls;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func->hasAttr(kHelperAttr))
        continue;
      func.walk([&](linalg::MatmulOp op) {
        if (std::optional<MatmulLayout> layout = candidate(op))
          matmuls.push_back({op, *layout});
      });
    }
    SymbolTable symbols(module);
    for (auto [op, layout] : matmuls) {
      func::FuncOp helper = helperFor(op, layout, symbols);
      OpBuilder b(op);
      SmallVector<Value> operands;
      for (auto [operand, type] :
           llvm::zip(op->getOperands(), helper.getArgumentTypes()))
        operands.push_back(
            operand.getType() == type
                ? operand
                : memref::CastOp::create(b, op.getLoc(), type, operand));
      func::CallOp::create(b, op.getLoc(), helper, operands);
      op.erase();
    }
  }

  /// The helper for `op`'s element type and layout, made on first use.
  func::FuncOp helperFor(linalg::MatmulOp op, MatmulLayout layout,
                         SymbolTable &symbols) {
    Type elementType = getElementTypeOrSelf(op.getDpsInits()[0].getType());
    std::string name;
    llvm::raw_string_ostream os(name);
    os << "theano_matmul_" << elementType << "_"
       << (layout.aTransposed ? "t" : "n") << (layout.bTransposed ? "t" : "n");
    if (auto existing = symbols.lookup<func::FuncOp>(name))
      return existing;
    MLIRContext *context = op.getContext();
    auto type = FunctionType::get(context,
                                  {viewType(elementType, false),
                                   viewType(elementType, !layout.bTransposed),
                                   viewType(elementType, true)},
                                  {});
    OpBuilder b(context);
    auto helper = func::FuncOp::create(b, op.getLoc(), name, type);
    helper.setPrivate();
    helper->setAttr(kHelperAttr, b.getUnitAttr());
    symbols.insert(helper);
    Block *body = helper.addEntryBlock();
    unsigned bits = elementType.getIntOrFloatBitWidth();
    int64_t lanes = std::max<int64_t>(1, vectorBits / bits);
    HelperBuilder(helper, layout, rows, lanes, elementType).build(op, *body);
    return helper;
  }
};
} // namespace

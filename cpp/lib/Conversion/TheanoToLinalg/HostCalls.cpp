//===- HostCalls.cpp - values computed by the host, called from kernels ---===//
//
// host_call: two calls into the runtime (theanoMlirHostCall, exported by
// the process that loads the kernel), each handed one i64 buffer that
// describes the buffers. The first passes the callee's key and the operands
// (aligned address, offset, rank, sizes, strides) and gets back the results'
// sizes, which only the host knows; the kernel allocates the results and the
// second call has the host copy them in. A nonzero status is a failed check
// whose message starts with "HostError: " (the runtime raises the host's
// own exception).
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {

constexpr StringLiteral kHostCall = "theanoMlirHostCall";

/// The runtime's entry, declared once per module: (i64 buffer) -> status.
func::FuncOp hostCallDeclaration(OpBuilder &b, Operation *from) {
  auto module = from->getParentOfType<ModuleOp>();
  if (auto existing = module.lookupSymbol<func::FuncOp>(kHostCall))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto type = b.getFunctionType(
      {MemRefType::get({ShapedType::kDynamic}, b.getI64Type())},
      {b.getI32Type()});
  auto declaration = func::FuncOp::create(b, from->getLoc(), kHostCall, type);
  declaration.setPrivate();
  return declaration;
}

/// A memref type with a fully dynamic strided layout (any view).
MemRefType anyLayout(RankedTensorType type) {
  SmallVector<int64_t> strides(type.getRank(), ShapedType::kDynamic);
  auto layout =
      StridedLayoutAttr::get(type.getContext(), ShapedType::kDynamic, strides);
  return MemRefType::get(type.getShape(), type.getElementType(), layout);
}

struct HostCallLowering : OpConversionPattern<HostCallOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(HostCallOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<RankedTensorType> resultTypes;
    for (Type type : op.getResultTypes()) {
      auto converted = dyn_cast_if_present<RankedTensorType>(
          getTypeConverter()->convertType(type));
      if (!converted)
        return rewriter.notifyMatchFailure(op, "unsupported result type");
      resultTypes.push_back(converted);
    }
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Type i64 = b.getI64Type(), indexType = b.getIndexType();
    func::FuncOp callee = hostCallDeclaration(b, op);
    auto cIndex = [&](int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    auto cI64 = [&](int64_t v) -> Value {
      return arith::ConstantIntOp::create(b, loc, v, 64);
    };
    auto toI64 = [&](Value index) -> Value {
      return arith::IndexCastOp::create(b, loc, i64, index);
    };

    // Each buffer: address, offset, rank, sizes, strides.
    auto describe = [&](Value buffer, SmallVectorImpl<Value> &words) {
      auto metadata = memref::ExtractStridedMetadataOp::create(b, loc, buffer);
      words.push_back(toI64(
          memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer)));
      words.push_back(toI64(metadata.getOffset()));
      words.push_back(cI64(metadata.getSizes().size()));
      for (Value size : metadata.getSizes())
        words.push_back(toI64(size));
      for (Value stride : metadata.getStrides())
        words.push_back(toI64(stride));
    };
    auto call = [&](ArrayRef<Value> words) -> std::pair<Value, Value> {
      auto bufferType = MemRefType::get({int64_t(words.size())}, i64);
      Value buffer = memref::AllocaOp::create(b, loc, bufferType);
      for (auto [k, word] : llvm::enumerate(words))
        memref::StoreOp::create(b, loc, word, buffer, ValueRange{cIndex(k)});
      Value dynamic = memref::CastOp::create(
          b, loc, MemRefType::get({ShapedType::kDynamic}, i64), buffer);
      Value status = func::CallOp::create(b, loc, callee, ValueRange{dynamic})
                         .getResult(0);
      return {buffer, status};
    };
    auto check = [&](Value status) {
      emitCheck(
          b, op,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, status,
                                arith::ConstantIntOp::create(b, loc, 0, 32)),
          "HostError: the host's computation failed");
    };

    // 1. [1, key, operand count, result count, operands..., result ranks
    //    and room for their sizes]
    SmallVector<Value> words = {cI64(1), cI64(op.getCallee()),
                                cI64(adaptor.getInputs().size()),
                                cI64(resultTypes.size())};
    for (Value input : adaptor.getInputs()) {
      auto type = cast<RankedTensorType>(input.getType());
      Value buffer =
          bufferization::ToBufferOp::create(b, loc, anyLayout(type), input,
                                            /*readOnly=*/true);
      describe(buffer, words);
    }
    SmallVector<int64_t> sizeSlots;
    for (RankedTensorType type : resultTypes) {
      words.push_back(cI64(type.getRank()));
      for (int64_t d = 0; d < type.getRank(); ++d) {
        sizeSlots.push_back(words.size());
        words.push_back(cI64(-1));
      }
    }
    auto [first, status] = call(words);
    check(status);

    // 2. the results, allocated at the sizes the host gave (checked where
    //    the type knows them), then [2, result count, results...]
    SmallVector<Value> buffers;
    SmallVector<Value> second = {cI64(2), cI64(resultTypes.size())};
    size_t slot = 0;
    for (RankedTensorType type : resultTypes) {
      SmallVector<Value> dynamicSizes;
      for (int64_t d = 0; d < type.getRank(); ++d) {
        Value size = memref::LoadOp::create(
            b, loc, first, ValueRange{cIndex(sizeSlots[slot++])});
        Value asIndex = arith::IndexCastOp::create(b, loc, indexType, size);
        if (type.isDynamicDim(d)) {
          dynamicSizes.push_back(asIndex);
          continue;
        }
        emitCheck(b, op,
                  arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                        asIndex, cIndex(type.getDimSize(d))),
                  "dimension " + Twine(d) + " of result must be " +
                      Twine(type.getDimSize(d)) + ", the host gave {0}",
                  {asIndex});
      }
      auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
      Value buffer = memref::AllocOp::create(b, loc, memrefType, dynamicSizes);
      buffers.push_back(buffer);
      describe(buffer, second);
    }
    check(call(second).second);

    SmallVector<Value> results;
    for (auto [buffer, type] : llvm::zip(buffers, resultTypes))
      results.push_back(bufferization::ToTensorOp::create(
          b, loc, type, buffer, /*restrict=*/true, /*writable=*/true));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void mlir::theano::populateHostCallPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns) {
  patterns.add<HostCallLowering>(converter, patterns.getContext());
}

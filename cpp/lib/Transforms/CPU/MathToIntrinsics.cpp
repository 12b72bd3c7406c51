//===- MathToIntrinsics.cpp - math ops LLVM has as intrinsics -------------===//
//
// What the polynomial approximations and the complex functions are built
// from (fma, floor, copysign, sqrt, ...) becomes LLVM intrinsics, which
// vectorize; convert-math-to-libm then calls libm for the rest.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOMATHTOINTRINSICS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
struct TheanoMathToIntrinsicsPass
    : theano::cpu::impl::TheanoMathToIntrinsicsBase<
          TheanoMathToIntrinsicsPass> {
  void runOnOperation() override {
    // Only the math ops, not every op of the function: a graph of many
    // layers is one large function.
    SmallVector<Operation *> mathOps;
    getOperation().walk([&](Operation *op) {
      if (isa<math::MathDialect>(op->getDialect()))
        mathOps.push_back(op);
    });
    ConversionTarget target(getContext());
    target.addLegalDialect<LLVM::LLVMDialect>();
    target.addIllegalOp<math::FmaOp, math::FloorOp, math::CeilOp, math::AbsFOp,
                        math::CopySignOp, math::RoundEvenOp, math::RoundOp,
                        math::TruncOp, math::SqrtOp>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    LLVMTypeConverter converter(&getContext());
    RewritePatternSet patterns(&getContext());
    populateMathToLLVMConversionPatterns(converter, patterns,
                                         /*approximateLog1p=*/false);
    if (failed(applyPartialConversion(mathOps, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===- DropUnsignedWrap.cpp - no nuw on address arithmetic ----------------===//
//
// The memref lowering of LLVM 22.1 marks the arithmetic of every load and
// store address `nuw`, assuming non-negative strides; reversed views have
// negative ones, and LLVM then folds their accesses away as poison. The
// flag is dropped everywhere after that lowering (nothing else in a kernel
// sets it).
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANODROPUNSIGNEDWRAP
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
struct TheanoDropUnsignedWrapPass
    : theano::cpu::impl::TheanoDropUnsignedWrapBase<
          TheanoDropUnsignedWrapPass> {
  void runOnOperation() override {
    getOperation()->walk([](Operation *op) {
      if (auto arithmetic = dyn_cast<LLVM::IntegerOverflowFlagsInterface>(op)) {
        LLVM::IntegerOverflowFlags flags = arithmetic.getOverflowFlags();
        if (bitEnumContainsAny(flags, LLVM::IntegerOverflowFlags::nuw))
          arithmetic.setOverflowFlags(flags & ~LLVM::IntegerOverflowFlags::nuw);
      } else if (auto address = dyn_cast<LLVM::GEPOp>(op)) {
        LLVM::GEPNoWrapFlags flags = address.getNoWrapFlags();
        if (bitEnumContainsAny(flags, LLVM::GEPNoWrapFlags::nuw))
          address.setNoWrapFlags(flags & ~LLVM::GEPNoWrapFlags::nuw);
      }
    });
  }
};
} // namespace

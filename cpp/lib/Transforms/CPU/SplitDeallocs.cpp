//===- SplitDeallocs.cpp - one dealloc per distinct allocation
//-------------===//
//
// Ownership-based deallocation frees a function's temporaries in one
// `bufferization.dealloc` at the end of its block; upstream's simplification
// then splits off each buffer that it proves aliases none of the others, by
// asking its alias analysis about every pair: quadratic in the number of
// temporaries (10 s of compiling a 1000-layer MLP). When every buffer of the
// dealloc comes from an allocation of its own, none can alias another, and
// the same split is made here in one pass over them.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOSPLITDEALLOCS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;

namespace {
/// The result of the allocation that `buffer` is (a view of), or null.
Value allocationOf(Value buffer) {
  while (true) {
    if (auto extract = buffer.getDefiningOp<memref::ExtractStridedMetadataOp>())
      buffer = extract.getSource();
    else if (auto view = buffer.getDefiningOp<ViewLikeOpInterface>())
      buffer = view.getViewSource();
    else
      break;
  }
  Operation *producer = buffer.getDefiningOp();
  if (producer && hasEffect<MemoryEffects::Allocate>(producer, buffer))
    return buffer;
  return {};
}

/// Whether the buffers are views of pairwise distinct allocations.
bool distinctAllocations(ValueRange buffers) {
  DenseSet<Value> allocations;
  for (Value buffer : buffers) {
    Value allocation = allocationOf(buffer);
    if (!allocation || !allocations.insert(allocation).second)
      return false;
  }
  return true;
}

struct TheanoSplitDeallocsPass
    : theano::cpu::impl::TheanoSplitDeallocsBase<TheanoSplitDeallocsPass> {
  void runOnOperation() override {
    SmallVector<bufferization::DeallocOp> deallocs;
    getOperation().walk([&](bufferization::DeallocOp dealloc) {
      if (dealloc.getMemrefs().size() > 1 &&
          distinctAllocations(dealloc.getMemrefs()))
        deallocs.push_back(dealloc);
    });
    for (bufferization::DeallocOp dealloc : deallocs) {
      OpBuilder b(dealloc);
      Location loc = dealloc.getLoc();
      // Each retained buffer's result: whether any of the split deallocs
      // found it aliased (the disjunction the original one computed).
      SmallVector<Value> updated;
      for (auto [buffer, condition] :
           llvm::zip(dealloc.getMemrefs(), dealloc.getConditions())) {
        auto single = bufferization::DeallocOp::create(
            b, loc, ValueRange{buffer}, ValueRange{condition},
            dealloc.getRetained());
        ValueRange results = single.getUpdatedConditions();
        if (updated.empty()) {
          updated.assign(results.begin(), results.end());
          continue;
        }
        for (auto [sum, result] : llvm::zip(updated, results))
          sum = arith::OrIOp::create(b, loc, sum, result);
      }
      dealloc.replaceAllUsesWith(updated);
      dealloc.erase();
    }
  }
};
} // namespace

//===- HoistChecks.cpp - shape checks first
//--------------------------------===//
#include "theano_mlir/Transforms/CPU/Passes.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::theano::cpu {
#define GEN_PASS_DEF_THEANOHOISTCHECKS
#include "theano_mlir/Transforms/CPU/Passes.h.inc"
} // namespace mlir::theano::cpu

using namespace mlir;
using namespace mlir::theano;

namespace {
/// Ops cheap enough to run before anything else: scalar arithmetic, reading
/// sizes or elements of arguments, and constants. Computing a tensor is not.
bool isCheapToHoist(Operation *op) {
  if (op->getNumRegions() != 0 || !isMemoryEffectFree(op))
    return false;
  if (op->getNumOperands() == 0)
    return true; // constants
  return llvm::none_of(op->getResultTypes(),
                       [](Type type) { return isa<TensorType>(type); });
}

/// Adds `check` and the ops it needs to `hoisted`, or returns false
/// (changing nothing) if one of them is not cheap or needs a value that only
/// a region gives (a loop's induction variable). The check may be nested
/// (in a Jacobian's loop over rows): what it tests then is a shape of the
/// function's values, which no iteration changes.
bool collectHoistable(CheckOp check, Block &body,
                      llvm::SetVector<Operation *> &hoisted) {
  // Out of loops only: a check under a condition may hold only there.
  for (Operation *parent = check->getParentOp(); !isa<func::FuncOp>(parent);
       parent = parent->getParentOp())
    if (!isa<scf::ForOp>(parent))
      return false;
  llvm::SetVector<Operation *> needed;
  SmallVector<Value> worklist(check->getOperands());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    Operation *def = value.getDefiningOp();
    if (!def) {
      if (cast<BlockArgument>(value).getOwner() != &body)
        return false;
      continue;
    }
    if (!isCheapToHoist(def))
      return false;
    if (hoisted.contains(def) || !needed.insert(def))
      continue;
    llvm::append_range(worklist, def->getOperands());
  }
  hoisted.insert(needed.begin(), needed.end());
  hoisted.insert(check);
  return true;
}

/// For a check in a loop (a Jacobian's loop over rows) whose values are
/// computed before the loop, though not cheaply enough to go first: adds it
/// and the cheap ops it needs from inside the loop to `moved`, to go just
/// before the loop; returns false (changing nothing) if it needs a value
/// that an iteration computes otherwise.
bool collectLoopInvariant(CheckOp check, Block &body,
                          llvm::SetVector<Operation *> &moved) {
  for (Operation *parent = check->getParentOp(); !isa<func::FuncOp>(parent);
       parent = parent->getParentOp())
    if (!isa<scf::ForOp>(parent))
      return false;
  Operation *loop = body.findAncestorOpInBlock(*check);
  if (!loop || loop == check.getOperation())
    return false;
  llvm::SetVector<Operation *> needed;
  SmallVector<Value> worklist(check->getOperands());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    Operation *def = value.getDefiningOp();
    if (!def) {
      if (loop->isAncestor(
              cast<BlockArgument>(value).getOwner()->getParentOp()))
        return false; // an induction variable or iteration value
      continue;
    }
    if (!loop->isAncestor(def))
      continue; // computed before the loop
    if (!isCheapToHoist(def))
      return false;
    if (moved.contains(def) || !needed.insert(def))
      continue;
    llvm::append_range(worklist, def->getOperands());
  }
  moved.insert(needed.begin(), needed.end());
  moved.insert(check);
  return true;
}

struct TheanoHoistChecksPass
    : theano::cpu::impl::TheanoHoistChecksBase<TheanoHoistChecksPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    Block &body = func.getBody().front();
    llvm::SetVector<Operation *> hoisted, beforeLoops;
    func.walk([&](CheckOp check) {
      if (!collectHoistable(check, body, hoisted))
        collectLoopInvariant(check, body, beforeLoops);
    });
    // Checks in loops that could not go first go before their loop (in
    // pre-order, so definitions stay before their uses).
    SmallVector<Operation *> toLoops;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (beforeLoops.contains(op) && !hoisted.contains(op))
        toLoops.push_back(op);
    });
    for (Operation *op : toLoops)
      op->moveBefore(body.findAncestorOpInBlock(*op));
    // Moving in pre-order keeps every definition before its uses.
    Operation *anchor = nullptr;
    for (Operation &op : body)
      if (!hoisted.contains(&op)) {
        anchor = &op;
        break;
      }
    SmallVector<Operation *> moved;
    func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (hoisted.contains(op) &&
          (op->getBlock() != &body || anchor->isBeforeInBlock(op)))
        moved.push_back(op);
    });
    for (Operation *op : moved)
      op->moveBefore(anchor);
  }
};
} // namespace

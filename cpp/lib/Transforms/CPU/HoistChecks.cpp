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

/// Whether every region around `check` is a loop: a check under a
/// condition may hold only there. (In a Jacobian's loop over rows, what a
/// check tests is a shape of the function's values, which no iteration
/// changes.)
bool onlyInLoops(CheckOp check) {
  for (Operation *parent = check->getParentOp(); !isa<func::FuncOp>(parent);
       parent = parent->getParentOp())
    if (!isa<scf::ForOp>(parent))
      return false;
  return true;
}

/// Adds `check` and the ops computing its operands to `moved`, walking up
/// from its operands until `available` says a value is there already where
/// the check goes; returns false (changing nothing) if a needed op is not
/// cheap or a needed block argument is not available.
bool collectMovable(CheckOp check, function_ref<bool(Value)> available,
                    llvm::SetVector<Operation *> &moved) {
  if (!onlyInLoops(check))
    return false;
  llvm::SetVector<Operation *> needed;
  SmallVector<Value> worklist(check->getOperands());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (available(value))
      continue;
    Operation *def = value.getDefiningOp();
    if (!def || !isCheapToHoist(def))
      return false;
    if (moved.contains(def) || !needed.insert(def))
      continue;
    llvm::append_range(worklist, def->getOperands());
  }
  moved.insert(needed.begin(), needed.end());
  moved.insert(check);
  return true;
}

/// To the start of the function: only the function's arguments are there.
bool collectHoistable(CheckOp check, Block &body,
                      llvm::SetVector<Operation *> &hoisted) {
  return collectMovable(
      check,
      [&](Value value) {
        auto arg = dyn_cast<BlockArgument>(value);
        return arg && arg.getOwner() == &body;
      },
      hoisted);
}

/// Just before the loop that holds the check (its values computed before
/// the loop, though not cheaply enough to go first): what the function
/// computes before the loop is there.
bool collectLoopInvariant(CheckOp check, Block &body,
                          llvm::SetVector<Operation *> &moved) {
  Operation *loop = body.findAncestorOpInBlock(*check);
  if (!loop || loop == check.getOperation())
    return false;
  return collectMovable(
      check,
      [&](Value value) {
        Operation *where = value.getParentBlock()->getParentOp();
        if (Operation *def = value.getDefiningOp())
          where = def;
        return !loop->isAncestor(where);
      },
      moved);
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

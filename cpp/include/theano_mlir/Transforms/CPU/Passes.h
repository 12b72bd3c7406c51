//===- Passes.h - passes of the CPU pipeline --------------------*- C++ -*-===//
#ifndef THEANO_MLIR_TRANSFORMS_CPU_PASSES_H
#define THEANO_MLIR_TRANSFORMS_CPU_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func
namespace theano::cpu {
#define GEN_PASS_DECL
#include "theano_mlir/Transforms/CPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "theano_mlir/Transforms/CPU/Passes.h.inc"

} // namespace theano::cpu
} // namespace mlir

#endif

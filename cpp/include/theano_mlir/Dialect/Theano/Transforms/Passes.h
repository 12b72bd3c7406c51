//===- Passes.h - `theano` dialect transforms -------------------*- C++ -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_H
#define THEANO_MLIR_DIALECT_THEANO_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class ModuleOp;
namespace func {
class FuncOp;
} // namespace func
namespace theano {
#define GEN_PASS_DECL
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "theano_mlir/Dialect/Theano/Transforms/Passes.h.inc"

} // namespace theano
} // namespace mlir

#endif

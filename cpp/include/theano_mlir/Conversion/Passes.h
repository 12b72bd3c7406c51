//===- Passes.h - conversions out of the `theano` dialect -------*- C++ -*-===//
#ifndef THEANO_MLIR_CONVERSION_PASSES_H
#define THEANO_MLIR_CONVERSION_PASSES_H

#include "mlir/Pass/Pass.h"

namespace mlir {
class ModuleOp;
namespace theano {
#define GEN_PASS_DECL
#include "theano_mlir/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "theano_mlir/Conversion/Passes.h.inc"
} // namespace theano
} // namespace mlir

#endif

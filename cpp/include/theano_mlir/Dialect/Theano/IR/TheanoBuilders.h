//===- TheanoBuilders.h - building common `theano` op patterns --*- C++ -*-===//
//
// Small builders shared by the derivative rules and the autodiff pass. They
// emit `theano` ops only, so derivatives go through the same rewrites and
// lowering as the rest of a graph.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_DIALECT_THEANO_IR_THEANOBUILDERS_H
#define THEANO_MLIR_DIALECT_THEANO_IR_THEANOBUILDERS_H

#include "mlir/IR/Builders.h"

namespace mlir::theano {

/// A constant `value` of `element` type and `rank`, every dimension of
/// static size 1: it broadcasts against any tensor of that rank.
Value splat(OpBuilder &b, Location loc, Type element, int64_t rank,
            double value);

/// Zeros of `type`, shaped at run time like `like` (same rank).
Value zerosLike(OpBuilder &b, Location loc, Value like, RankedTensorType type);

/// `value` as `type`: a `theano.cast` for another element type, a
/// `tensor.cast` for a compatible shape that is more or less static.
Value castTo(OpBuilder &b, Location loc, Value value, RankedTensorType type);

/// The adjoint of a broadcasting op's operand of `type` from its result's
/// adjoint `grad`: summed over the dimensions the operand broadcast.
Value unbroadcast(OpBuilder &b, Location loc, Value grad,
                  RankedTensorType type);

} // namespace mlir::theano

#endif

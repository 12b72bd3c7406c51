//===- TheanoBuilders.h - building common `theano` op patterns --*- C++ -*-===//
//
// Builders shared by the derivative rules, the rewrites, the autodiff pass
// and the lowering of composite ops (softmax). They emit `theano` ops only,
// so what they build goes through the same rewrites and lowering as the
// rest of a graph.
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

/// Whether `attr` is a splat whose every element equals `value`.
bool isSplatOf(Attribute attr, double value);

/// Whether `value` is a constant splat of `expected`.
bool isSplatConstant(Value value, double expected);

/// Builds `theano` ops at one location; result types are inferred.
struct TheanoBuilder {
  OpBuilder &b;
  Location loc;

  /// A splat of `like`'s element type and rank (it broadcasts against it).
  Value constant(Value like, double value);
  Value add(Value x, Value y);
  Value sub(Value x, Value y);
  Value mul(Value x, Value y);
  Value div(Value x, Value y);
  Value neg(Value x);
  Value exp(Value x);
  Value log(Value x);
  Value eq(Value x, Value y);
  Value select(Value condition, Value x, Value y);
  /// A bool tensor as 0/1 of `like`'s element type.
  Value asNumber(Value condition, Value like);
  Value transpose(Value matrix);
  /// Theano's dimshuffle: entries of `order` name input dimensions, -1 a new
  /// broadcastable one.
  Value dimShuffle(Value value, ArrayRef<int64_t> order);
  /// `value` with size-1 dimensions inserted at `axes`, back to `rank`
  /// (the inverse of a reduction over them, for broadcasting).
  Value keepDims(Value value, ArrayRef<int64_t> axes, int64_t rank);
  Value dot(Value x, Value y);
  /// A sum / max over `axes`, those dimensions removed. `emptyIsIdentity`:
  /// the max of nothing is -inf, not a run-time error.
  Value sum(Value x, ArrayRef<int64_t> axes);
  Value max(Value x, ArrayRef<int64_t> axes, bool emptyIsIdentity = false);
  /// The shape as an int64 vector (`theano.shape`).
  Value shape(Value x);
  Value unbroadcastTo(Value grad, Value operand);
};

/// Derivative rules of ops with one result, as ODS writes them: `rule(r,
/// g)` builds from the result's adjoint `g` the operand's adjoint (unary)
/// or a pair of adjoints (binary, unbroadcast here to the operands' types;
/// null for none). No result adjoint: no operand adjoints.
template <typename Rule>
void unaryGradient(OpBuilder &b, Location loc, ValueRange resultGrads,
                   SmallVectorImpl<Value> &operandGrads, Rule rule) {
  TheanoBuilder r{b, loc};
  Value g = resultGrads[0];
  operandGrads.push_back(g ? rule(r, g) : Value());
}

template <typename Rule>
void binaryGradient(OpBuilder &b, Location loc, Value lhs, Value rhs,
                    ValueRange resultGrads,
                    SmallVectorImpl<Value> &operandGrads, Rule rule) {
  TheanoBuilder r{b, loc};
  Value g = resultGrads[0];
  if (!g) {
    operandGrads.append(2, Value());
    return;
  }
  auto [gl, gr] = rule(r, g);
  operandGrads.push_back(gl ? r.unbroadcastTo(gl, lhs) : Value());
  operandGrads.push_back(gr ? r.unbroadcastTo(gr, rhs) : Value());
}

} // namespace mlir::theano

#endif

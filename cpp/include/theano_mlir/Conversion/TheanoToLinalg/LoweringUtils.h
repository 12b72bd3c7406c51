//===- LoweringUtils.h - helpers of the linalg lowering ---------*- C++ -*-===//
//
// One helper per concept, used by every op family of the conversion
// (elementwise, reductions, contractions, data movement), and by the
// linalg-level passes that match or rebuild what these build (the form of
// a scaled operand, of a check). The conversion's pattern entries are in
// lib/Conversion/TheanoToLinalg/PopulatePatterns.h.
//
//===----------------------------------------------------------------------===//
#ifndef THEANO_MLIR_CONVERSION_THEANOTOLINALG_LOWERINGUTILS_H
#define THEANO_MLIR_CONVERSION_THEANOTOLINALG_LOWERINGUTILS_H

#include "mlir/IR/Builders.h"

namespace mlir {
namespace theano {

/// Theano's unsigned dtypes, and bool, compare and extend as unsigned.
bool isUnsignedElement(Type theanoElement);

/// An arith constant of `type` (signless int or float) holding `value`.
Value scalarConstant(OpBuilder &b, Location loc, Type type, double value);

/// The size of dimension `dim` of a tensor, as an index (folded if static).
Value dimSize(OpBuilder &b, Location loc, Value tensor, int64_t dim);

/// A `tensor.empty` of `type`; `sizes` has one size per dimension (those
/// of the static dimensions are not used).
Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type,
                  ArrayRef<Value> sizes);

/// Computes a scalar from the elements of the operands.
using ScalarFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;

/// A linalg.generic producing a tensor of `resultType` with run-time `sizes`
/// (one per dimension). Each operand has the result's rank and is read at
/// the result's index, at 0 along its static size-1 dimensions (Theano's
/// broadcasting); `scalarFn` computes each element from theirs.
Value broadcastGeneric(OpBuilder &b, Location loc, ValueRange operands,
                       RankedTensorType resultType, ArrayRef<Value> sizes,
                       ScalarFn scalarFn);

/// A matrix operand of a product, stored transposed or not.
struct MatmulOperand {
  Value tensor;
  bool transposed;

  /// Logical dimension `dim` (that of the operand as the dot sees it).
  Value size(OpBuilder &b, Location loc, int64_t dim) const {
    return dimSize(b, loc, tensor, transposed ? 1 - dim : dim);
  }
};

/// linalg.matmul of `lhs` and `rhs` accumulating into `init`; a transposed
/// operand is read through the matmul's indexing map (no copy), a layout
/// the matmul schedule packs for.
Value buildMatmul(OpBuilder &b, Location loc, MatmulOperand lhs,
                  MatmulOperand rhs, Value init);

/// `tensor` times the scalar `factor`, elementwise (how gemm's alpha is
/// applied; theano-scale-smaller-operand matches and builds this form).
Value scaled(OpBuilder &b, Location loc, Value tensor, Value factor);

/// The Python exception a failed check raises.
enum class CheckError { Value, Index, Assertion };

/// Emits a `theano.check` of `condition` for `op`: the function returns an
/// error status with "<op>: <message>", where <op> is the name location the
/// frontend gave the op (Theano's node) or else the op's name. The message
/// may show `values` as {0}, {1}, ... An index check's message starts with
/// "IndexError: ", which the runtime raises as IndexError.
void emitCheck(OpBuilder &b, Operation *op, Value condition,
               const Twine &message, ValueRange values = {},
               CheckError error = CheckError::Value);

/// Converts a scalar from Theano element type `from` to `to`, numpy's
/// `astype` semantics. `value` has the signless form of `from`.
Value emitScalarCast(OpBuilder &b, Location loc, Value value, Type from,
                     Type to);

/// The signless form of a Theano element type (the type scalars compute in).
Type signlessElement(Type theanoElement);

/// The element type that tensors and buffers store: signless, and bool as i8
/// (one byte per element, as numpy stores it; LLVM cannot address i1 memory).
Type storageElement(Type theanoElement);

/// A scalar read from storage, in its compute type (bool: i8 -> i1).
Value loadScalar(OpBuilder &b, Location loc, Value stored, Type theanoElement);

/// A computed scalar, in its storage type (bool: i1 -> i8).
Value storeScalar(OpBuilder &b, Location loc, Value computed,
                  Type theanoElement);

/// `value` as the tensor `type` (a tensor.cast where they differ).
Value castIfNeeded(OpBuilder &b, Location loc, Value value, Type type);

/// Index arithmetic at one location (sizes, offsets, strides of the
/// lowerings that compute their own loops: convolutions, pooling).
struct IndexArithmetic {
  OpBuilder &b;
  Location loc;
  Value c(int64_t v) const;
  Value add(Value x, Value y) const;
  Value sub(Value x, Value y) const;
  Value mul(Value x, Value y) const;
  /// x * y, no op for y = 1.
  Value mul(Value x, int64_t y) const;
  Value div(Value x, Value y) const;
  /// x / y (signed), no op for y = 1.
  Value div(Value x, int64_t y) const;
  Value min(Value x, Value y) const;
  Value max(Value x, Value y) const;
  Value eq(Value x, Value y) const;
  Value lt(Value x, Value y) const;
  Value le(Value x, Value y) const;
  Value both(Value x, Value y) const;
  /// The size of dimension `d` of a tensor (dimSize).
  Value dim(Value tensor, int64_t d) const;
  /// Entry `i` of an int64 vector, as an index.
  Value entry(Value vector, int64_t i) const;
};

} // namespace theano
} // namespace mlir

#endif

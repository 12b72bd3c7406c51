//===- TheanoOps.h - `theano` dialect operations ----------------*- C++ -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_IR_THEANOOPS_H
#define THEANO_MLIR_DIALECT_THEANO_IR_THEANOOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoDialect.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoInterfaces.h"

namespace mlir::theano {
/// Result type of a Theano-broadcasting elementwise op: operands of one rank;
/// a dimension of static size 1 broadcasts. `elementType` null means the
/// element type of the last operand.
LogicalResult inferBroadcastType(std::optional<Location> loc,
                                 TypeRange operandTypes, Type elementType,
                                 SmallVectorImpl<Type> &inferred);

/// The real type of a complex operand's parts (real, imag, abs, angle);
/// null for another operand (the verifier then refuses it).
Type complexPartElement(TypeRange operandTypes);
/// The complex type whose parts have the (float) operands' element type;
/// null for other operands.
Type complexOfElement(TypeRange operandTypes);

/// Maximum number of values a `theano.check` message can show.
constexpr unsigned kMaxCheckValues = 4;
} // namespace mlir::theano

#define GET_OP_CLASSES
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h.inc"

#endif

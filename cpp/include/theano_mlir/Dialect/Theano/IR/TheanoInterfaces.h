//===- TheanoInterfaces.h - `theano` op interfaces --------------*- C++ -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_IR_THEANOINTERFACES_H
#define THEANO_MLIR_DIALECT_THEANO_IR_THEANOINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoInterfaces.h.inc"

namespace mlir::theano {
/// Theano_Elementwise (see TheanoInterfaces.td): a marker.
template <typename ConcreteType>
class ElementwiseOp : public OpTrait::TraitBase<ConcreteType, ElementwiseOp> {};

/// Theano_NonDifferentiable (see TheanoInterfaces.td): a marker.
template <typename ConcreteType>
class NonDifferentiable
    : public OpTrait::TraitBase<ConcreteType, NonDifferentiable> {};
/// TheanoInterfaces.td's Theano_RegionDifferentiated.
template <typename ConcreteType>
class RegionDifferentiated
    : public OpTrait::TraitBase<ConcreteType, RegionDifferentiated> {};
} // namespace mlir::theano

#endif

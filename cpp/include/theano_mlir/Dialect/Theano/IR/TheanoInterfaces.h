//===- TheanoInterfaces.h - `theano` op interfaces --------------*- C++ -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_IR_THEANOINTERFACES_H
#define THEANO_MLIR_DIALECT_THEANO_IR_THEANOINTERFACES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoInterfaces.h.inc"

#endif

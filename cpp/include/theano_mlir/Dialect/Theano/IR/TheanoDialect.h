//===- TheanoDialect.h - the `theano` dialect -------------------*- C++ -*-===//
#ifndef THEANO_MLIR_DIALECT_THEANO_IR_THEANODIALECT_H
#define THEANO_MLIR_DIALECT_THEANO_IR_THEANODIALECT_H

#include "mlir/IR/Dialect.h"

#include "theano_mlir/Dialect/Theano/IR/TheanoOpsDialect.h.inc"

#endif

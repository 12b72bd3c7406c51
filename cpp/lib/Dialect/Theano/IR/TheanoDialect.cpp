//===- TheanoDialect.cpp - the `theano` dialect ---------------------------===//
#include "theano_mlir/Dialect/Theano/IR/TheanoDialect.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

using namespace mlir;
using namespace mlir::theano;

#include "theano_mlir/Dialect/Theano/IR/TheanoInterfaces.cpp.inc"
#include "theano_mlir/Dialect/Theano/IR/TheanoOpsDialect.cpp.inc"

void TheanoDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.cpp.inc"
      >();
}

Operation *TheanoDialect::materializeConstant(OpBuilder &builder,
                                              Attribute value, Type type,
                                              Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

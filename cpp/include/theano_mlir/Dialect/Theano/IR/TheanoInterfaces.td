//===- TheanoInterfaces.td - `theano` op interfaces -------*- tablegen -*-===//
#ifndef THEANO_INTERFACES_TD
#define THEANO_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Theano_GradientOpInterface : OpInterface<"GradientOpInterface"> {
  let description = [{
    The reverse-mode derivative rule of an op, used by `theano-autodiff`.
    Given the adjoint of each result (a null Value where a result has none),
    the op builds, with `theano` ops at the builder's insertion point, the
    adjoint contribution of each operand (null where there is none: an
    integer operand, a condition, a zero derivative). A contribution has the
    operand's type. An op without this interface passes no gradient.
  }];
  let cppNamespace = "::mlir::theano";
  let methods = [
    InterfaceMethod<
      "Appends one adjoint contribution (or null) per operand.",
      "void", "buildGradients",
      (ins "::mlir::OpBuilder &":$b, "::mlir::ValueRange":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

#endif // THEANO_INTERFACES_TD

//===- TheanoInterfaces.td - `theano` op interfaces, traits *- tablegen -*-===//
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

// An elementwise op with Theano broadcasting. The lowering gives every op
// with this trait an ElementwiseLowering<Op> around its scalar body.
def Theano_Elementwise : NativeOpTrait<"ElementwiseOp"> {
  let cppNamespace = "::mlir::theano";
}

// No gradient flows through the op: its derivative is zero or undefined
// (comparisons, integer division, rounding, shapes, indices), or the op is
// expanded before any gradient meets it (grad, jacobian). Every op with
// float operands implements GradientOpInterface or declares this, and
// `theano-autodiff` refuses a gradient through an op that does neither.
def Theano_NonDifferentiable : NativeOpTrait<"NonDifferentiable"> {
  let cppNamespace = "::mlir::theano";
}

// An op with regions whose gradient theano-autodiff builds from its regions
// (ifelse: an ifelse of the branches' vector-Jacobian products), or refuses
// with an error naming the op until it can (scan): never a silent zero.
def Theano_RegionDifferentiated : NativeOpTrait<"RegionDifferentiated"> {
  let cppNamespace = "::mlir::theano";
}

#endif // THEANO_INTERFACES_TD

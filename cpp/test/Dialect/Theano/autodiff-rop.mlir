// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,func.func(theano-simplify),canonicalize,cse)' %s | FileCheck %s
// theano.rop: forward mode as reverse mode transposed. The products are the
// vector-Jacobian products, with respect to zero seeds of the outputs, of
// the outputs' vector-Jacobian products with the tangents as adjoints.
// After simplification nothing of the zero seeds is left.

// exp: the product is v * exp(x).
// CHECK-LABEL: func @rop_exp
// CHECK-NEXT: %[[E:.*]] = theano.exp %arg0
// CHECK-NEXT: %[[P:.*]] = theano.mul %arg1, %[[E]]
// CHECK-NEXT: return %[[P]]
func.func @rop_exp(%x: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  %y = theano.exp %x : tensor<?xf64>
  %r = theano.rop outputs(%y : tensor<?xf64>) wrt(%x : tensor<?xf64>) tangents(%v : tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// dot: linear in each operand, so the product of W x along (dW, dx) is
// dW x + W dx (dW x as the transpose of the outer product: a row sum).
// CHECK-LABEL: func @rop_dot
// CHECK-NOT: theano.alloc
// CHECK-DAG: %[[X:.*]] = theano.dimshuffle %arg1 [-1, 0]
// CHECK-DAG: %[[WDX:.*]] = theano.dot %arg0, %arg3
// CHECK-DAG: %[[M:.*]] = theano.mul %arg2, %[[X]]
// CHECK-DAG: %[[DWX:.*]] = theano.sum %[[M]] [1]
// CHECK: %[[P:.*]] = theano.add %[[WDX]], %[[DWX]]
// CHECK-NEXT: return %[[P]]
func.func @rop_dot(%w: tensor<?x?xf32>, %x: tensor<?xf32>, %dw: tensor<?x?xf32>, %dx: tensor<?xf32>) -> tensor<?xf32> {
  %y = theano.dot %w, %x : tensor<?x?xf32>, tensor<?xf32> -> tensor<?xf32>
  %r = theano.rop outputs(%y : tensor<?xf32>) wrt(%w, %x : tensor<?x?xf32>, tensor<?xf32>) tangents(%dw, %dx : tensor<?x?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// The wrt values are independent: y is a wrt value computed from x, so no
// derivative flows from y back to x; the product is the tangent of y plus
// that of x.
// CHECK-LABEL: func @rop_independent_wrt
// CHECK-NEXT: %[[P:.*]] = theano.add %arg1, %arg2
// CHECK-NEXT: return %[[P]]
func.func @rop_independent_wrt(%x: tensor<?xf64>, %v: tensor<?xf64>, %w: tensor<?xf64>) -> tensor<?xf64> {
  %y = theano.exp %x : tensor<?xf64>
  %z = theano.add %y, %x : tensor<?xf64>, tensor<?xf64> -> tensor<?xf64>
  %r = theano.rop outputs(%z : tensor<?xf64>) wrt(%x, %y : tensor<?xf64>, tensor<?xf64>) tangents(%v, %w : tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// A max pool's product is pool_max_grad_grad of the tangent.
// CHECK-LABEL: func @rop_max_pool
// CHECK-NEXT: %[[Y:.*]] = theano.pool %arg0
// CHECK-NEXT: %[[P:.*]] = theano.pool_max_grad_grad %arg0, %[[Y]], %arg1
// CHECK-NEXT: return %[[P]]
func.func @rop_max_pool(%x: tensor<?x?xf32>, %v: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %y = theano.pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border, mode = "max"} : tensor<?x?xf32> -> tensor<?x?xf32>
  %r = theano.rop outputs(%y : tensor<?x?xf32>) wrt(%x : tensor<?x?xf32>) tangents(%v : tensor<?x?xf32>) -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// A Hessian-vector product: the rop of a grad, the grad expanded first;
// of sum(exp(x)) it is v * exp(x).
// CHECK-LABEL: func @hessian_vector_product
// CHECK-NOT: theano.grad
// CHECK-NOT: theano.rop
// CHECK: %[[E:.*]] = theano.exp %arg0
// CHECK: theano.mul %arg1, %[[E]]
// CHECK: return
func.func @hessian_vector_product(%x: tensor<?xf64>, %v: tensor<?xf64>) -> tensor<?xf64> {
  %e = theano.exp %x : tensor<?xf64>
  %c = theano.sum %e [0] : tensor<?xf64> -> tensor<f64>
  %g = theano.grad cost(%c : tensor<f64>) wrt(%x : tensor<?xf64>) -> tensor<?xf64>
  %r = theano.rop outputs(%g : tensor<?xf64>) wrt(%x : tensor<?xf64>) tangents(%v : tensor<?xf64>) -> tensor<?xf64>
  return %r : tensor<?xf64>
}

// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-autodiff),canonicalize,cse)' %s | FileCheck %s
// Derivative rules of the rest of Theano's scalar math, where not obvious.

// arctan2(y, x): d/dy = x / (x^2 + y^2), d/dx = -y / (x^2 + y^2).
// CHECK-LABEL: func @arctan2
// CHECK-DAG: %[[YY:.*]] = theano.mul %arg0, %arg0
// CHECK-DAG: %[[XX:.*]] = theano.mul %arg1, %arg1
// CHECK: %[[D:.*]] = theano.add %[[YY]], %[[XX]]
// CHECK-DAG: %[[DY:.*]] = theano.true_div %arg1, %[[D]]
// CHECK-DAG: %[[NDX:.*]] = theano.true_div %arg0, %[[D]]
// CHECK-DAG: %[[DX:.*]] = theano.neg %[[NDX]]
// CHECK: return %[[DY]], %[[DX]]
func.func @arctan2(%y: tensor<f64>, %x: tensor<f64>) -> (tensor<f64>, tensor<f64>) {
  %0 = theano.arctan2 %y, %x : tensor<f64>, tensor<f64> -> tensor<f64>
  %g:2 = theano.grad cost(%0 : tensor<f64>) wrt(%y, %x : tensor<f64>, tensor<f64>) -> tensor<f64>, tensor<f64>
  return %g#0, %g#1 : tensor<f64>, tensor<f64>
}

// gammaln' = psi, psi' = tri_gamma (Theano's rules); tri_gamma has none.
// CHECK-LABEL: func @gammaln_psi
// CHECK: %[[P:.*]] = theano.psi %arg0
// CHECK: %[[T:.*]] = theano.tri_gamma %arg0
// CHECK: return %[[P]], %[[T]]
func.func @gammaln_psi(%x: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = theano.gammaln %x : tensor<f32>
  %g = theano.grad cost(%0 : tensor<f32>) wrt(%x : tensor<f32>) -> tensor<f32>
  %1 = theano.psi %x : tensor<f32>
  %h = theano.grad cost(%1 : tensor<f32>) wrt(%x : tensor<f32>) -> tensor<f32>
  return %g, %h : tensor<f32>, tensor<f32>
}

// erfinv' = sqrt(pi) / 2 exp(erfinv(x)^2), from the forward result.
// CHECK-LABEL: func @erfinv
// CHECK: %[[Y:.*]] = theano.erfinv %arg0
// CHECK: %[[YY:.*]] = theano.mul %[[Y]], %[[Y]]
// CHECK: %[[E:.*]] = theano.exp %[[YY]]
// CHECK: theano.mul %{{.*}}, %[[E]]
func.func @erfinv(%x: tensor<f64>) -> tensor<f64> {
  %0 = theano.erfinv %x : tensor<f64>
  %g = theano.grad cost(%0 : tensor<f64>) wrt(%x : tensor<f64>) -> tensor<f64>
  return %g : tensor<f64>
}

// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// nonzero (a counting pass, then a filling pass) and the gradient-only
// identities grad_clip and grad_scale, lowered.

// ROUND-LABEL: func @nonzero
// ROUND: theano.nonzero %{{.*}} : tensor<?x?xf32> -> tensor<2x?xi64>
// CHECK-LABEL: func @nonzero
// CHECK: %[[COUNT:.*]] = scf.for {{.*}} -> (index)
// CHECK: arith.remui
// CHECK: arith.divui
// CHECK: tensor.extract %arg0
// CHECK: arith.cmpf une
// CHECK: arith.select
// CHECK: %[[EMPTY:.*]] = tensor.empty(%[[COUNT]]) : tensor<2x?xi64>
// CHECK: scf.for {{.*}} iter_args({{.*}}, %{{.*}} = %[[EMPTY]]) -> (index, tensor<2x?xi64>)
// CHECK: scf.if
// CHECK: arith.index_cast
// CHECK: tensor.insert
// CHECK: tensor.insert
func.func @nonzero(%x: tensor<?x?xf32>) -> tensor<2x?xi64> {
  %0 = theano.nonzero %x : tensor<?x?xf32> -> tensor<2x?xi64>
  return %0 : tensor<2x?xi64>
}

// A boolean mask: its size is checked against the indexed dimension's (an
// IndexError), its elements read as i1.
// ROUND-LABEL: func @mask
// ROUND: theano.nonzero %{{.*}} sizes(%{{.*}} : tensor<i64>) : tensor<?xi1> -> tensor<1x?xi64>
// CHECK-LABEL: func @mask
// CHECK: %[[N:.*]] = arith.index_cast
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[N]], %{{.*}} : index
// CHECK: theano.check %[[OK]], "IndexError: theano.nonzero: boolean index did not match indexed array along dimension 0
// CHECK: arith.trunci %{{.*}} : i8 to i1
// CHECK: arith.cmpi ne
func.func @mask(%m: tensor<?xi1>, %n: tensor<i64>) -> tensor<1x?xi64> {
  %0 = theano.nonzero %m sizes(%n : tensor<i64>) : tensor<?xi1> -> tensor<1x?xi64>
  return %0 : tensor<1x?xi64>
}

// ROUND-LABEL: func @gradient_only
// ROUND: theano.grad_clip %{{.*}} {lower = -1.000000e+00 : f64, upper = 2.000000e+00 : f64} : tensor<?xf32>
// ROUND: theano.grad_scale %{{.*}} {multiplier = 3.000000e+00 : f64} : tensor<?xf32>
// CHECK-LABEL: func @gradient_only
// CHECK-NEXT: return %arg0
func.func @gradient_only(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.grad_clip %x {lower = -1.0, upper = 2.0} : tensor<?xf32>
  %1 = theano.grad_scale %0 {multiplier = 3.0} : tensor<?xf32>
  return %1 : tensor<?xf32>
}

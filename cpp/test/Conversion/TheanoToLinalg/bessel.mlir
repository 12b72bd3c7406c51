// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// Bessel functions and chi2sf: computed in f64 without calls (power series,
// Hankel's expansion with cos/sin of x; a continued fraction) and rounded.

// ROUND-LABEL: func @bessel
// ROUND: theano.j0 %{{.*}} : tensor<?xf32>
// ROUND: theano.i1 %{{.*}} : tensor<?xf32>
// ROUND: theano.jv %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
// ROUND: theano.iv %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
// CHECK-LABEL: func @bessel
// CHECK: linalg.generic
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK-NOT: call
// CHECK: math.cos
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: linalg.yield
// CHECK-COUNT-3: linalg.generic
func.func @bessel(%a: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %0 = theano.j0 %a : tensor<?xf32>
  %1 = theano.i1 %a : tensor<?xf32>
  %2 = theano.jv %a, %b : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  %3 = theano.iv %a, %b : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// chi2sf of f64: no conversion, no call.
// ROUND-LABEL: func @chi2sf
// ROUND: theano.chi2sf %{{.*}}, %{{.*}} : tensor<3xf64>, tensor<1xf64> -> tensor<3xf64>
// CHECK-LABEL: func @chi2sf
// CHECK: linalg.generic
// CHECK-NOT: arith.extf
// CHECK-NOT: call
// CHECK: math.exp
// CHECK: linalg.yield
func.func @chi2sf(%x: tensor<3xf64>, %k: tensor<1xf64>) -> tensor<3xf64> {
  %0 = theano.chi2sf %x, %k : tensor<3xf64>, tensor<1xf64> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

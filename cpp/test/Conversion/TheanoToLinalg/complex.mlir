// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// Complex elements: numpy's functions through the complex dialect, the
// inverse functions by Kahan's formulas on the parts, and the parts
// themselves (real results).

// CHECK-LABEL: func @arithmetic
// CHECK: linalg.generic
// CHECK: complex.add
// CHECK: complex.mul
// CHECK: complex.div
func.func @arithmetic(%a: tensor<?xcomplex<f64>>, %b: tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>> {
  %0 = theano.add %a, %b : tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>> -> tensor<?xcomplex<f64>>
  %1 = theano.mul %0, %b : tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>> -> tensor<?xcomplex<f64>>
  %2 = theano.true_div %1, %a : tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>> -> tensor<?xcomplex<f64>>
  return %2 : tensor<?xcomplex<f64>>
}

// CHECK-LABEL: func @exp_f32
// CHECK: complex.exp %{{.*}} : complex<f32>
func.func @exp_f32(%a: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  %0 = theano.exp %a : tensor<4xcomplex<f32>>
  return %0 : tensor<4xcomplex<f32>>
}

// arcsin: atan2(re z, re(sqrt(1 - z) sqrt(1 + z))) + i asinh(...), with 1 - z
// built from the parts (the sign of a zero imaginary part is kept).
// CHECK-LABEL: func @arcsin
// CHECK-DAG: arith.subf
// CHECK-DAG: arith.negf
// CHECK: complex.create
// CHECK: complex.sqrt
// CHECK-DAG: math.atan2
// CHECK-DAG: math.asinh
func.func @arcsin(%a: tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>> {
  %0 = theano.arcsin %a : tensor<?xcomplex<f64>>
  return %0 : tensor<?xcomplex<f64>>
}

// CHECK-LABEL: func @parts
// CHECK: complex.abs %{{.*}} : complex<f64>
// CHECK: complex.re
// CHECK: complex.im
// CHECK: complex.angle
func.func @parts(%a: tensor<?xcomplex<f64>>) -> (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) {
  %0 = theano.complex_abs %a : tensor<?xcomplex<f64>> -> tensor<?xf64>
  %1 = theano.real %a : tensor<?xcomplex<f64>> -> tensor<?xf64>
  %2 = theano.imag %a : tensor<?xcomplex<f64>> -> tensor<?xf64>
  %3 = theano.angle %a : tensor<?xcomplex<f64>> -> tensor<?xf64>
  return %0, %1, %2, %3 : tensor<?xf64>, tensor<?xf64>, tensor<?xf64>, tensor<?xf64>
}

// CHECK-LABEL: func @from_parts
// CHECK: complex.create %{{.*}}, %{{.*}} : complex<f32>
// CHECK-DAG: math.cos
// CHECK-DAG: math.sin
// CHECK: complex.create
func.func @from_parts(%r: tensor<3xf32>, %t: tensor<3xf32>) -> (tensor<3xcomplex<f32>>, tensor<3xcomplex<f32>>) {
  %0 = theano.complex %r, %t : tensor<3xf32>, tensor<3xf32> -> tensor<3xcomplex<f32>>
  %1 = theano.complex_from_polar %r, %t : tensor<3xf32>, tensor<3xf32> -> tensor<3xcomplex<f32>>
  return %0, %1 : tensor<3xcomplex<f32>>, tensor<3xcomplex<f32>>
}

// numpy's maximum of complex numbers: by real part, then imaginary part; a
// NaN operand wins.
// CHECK-LABEL: func @maximum
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf oeq
// CHECK: arith.cmpf uno
// CHECK: arith.select
func.func @maximum(%a: tensor<?xcomplex<f64>>, %b: tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>> {
  %0 = theano.maximum %a, %b : tensor<?xcomplex<f64>>, tensor<?xcomplex<f64>> -> tensor<?xcomplex<f64>>
  return %0 : tensor<?xcomplex<f64>>
}

// Casts: a real to complex has a zero imaginary part; complex to bool is
// "either part nonzero".
// CHECK-LABEL: func @casts
// CHECK: arith.sitofp %{{.*}} : i32 to f64
// CHECK: complex.create
// CHECK: complex.re
// CHECK: complex.im
// CHECK: arith.cmpf une
// CHECK: arith.cmpf une
// CHECK: arith.ori
func.func @casts(%a: tensor<?xi32>, %z: tensor<?xcomplex<f64>>) -> (tensor<?xcomplex<f64>>, tensor<?xi1>) {
  %0 = theano.cast %a : tensor<?xi32> -> tensor<?xcomplex<f64>>
  %1 = theano.cast %z : tensor<?xcomplex<f64>> -> tensor<?xi1>
  return %0, %1 : tensor<?xcomplex<f64>>, tensor<?xi1>
}

// Sums and products accumulate with complex.add and complex.mul from a
// complex identity.
// CHECK-LABEL: func @sum
// CHECK: complex.constant [0.000000e+00, 0.000000e+00] : complex<f64>
// CHECK: linalg.generic
// CHECK: complex.add
func.func @sum(%a: tensor<?x?xcomplex<f64>>) -> tensor<?xcomplex<f64>> {
  %0 = theano.sum %a [1] : tensor<?x?xcomplex<f64>> -> tensor<?xcomplex<f64>>
  return %0 : tensor<?xcomplex<f64>>
}

// CHECK-LABEL: func @dot
// CHECK: linalg.matmul
func.func @dot(%a: tensor<?x?xcomplex<f64>>, %b: tensor<?x?xcomplex<f64>>) -> tensor<?x?xcomplex<f64>> {
  %0 = theano.dot %a, %b : tensor<?x?xcomplex<f64>>, tensor<?x?xcomplex<f64>> -> tensor<?x?xcomplex<f64>>
  return %0 : tensor<?x?xcomplex<f64>>
}

// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// arange, the cumulative ops and sort, lowered.

// arange of ints: a zero step is checked, the length is a ceiling division
// clamped at 0, and one generic writes start + i * step.
// ROUND-LABEL: func @arange_i64
// ROUND: theano.arange %{{.*}}, %{{.*}}, %{{.*}} : tensor<i64> -> tensor<?xi64>
// CHECK-LABEL: func @arange_i64
// CHECK: %[[STEP:.*]] = tensor.extract %arg2[]
// CHECK: arith.cmpi ne, %[[STEP]]
// CHECK: theano.check %{{.*}}, "theano.arange: the step is 0"
// CHECK: arith.ceildivsi
// CHECK: arith.maxsi
// CHECK: linalg.generic
// CHECK: linalg.index 0
// CHECK: arith.muli
// CHECK: arith.addi
func.func @arange_i64(%a: tensor<i64>, %b: tensor<i64>, %c: tensor<i64>) -> tensor<?xi64> {
  %0 = theano.arange %a, %b, %c : tensor<i64> -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// arange of floats: ceil((stop - start) / step) in f64, checked finite.
// CHECK-LABEL: func @arange_f32
// CHECK: arith.extf
// CHECK: math.ceil %{{.*}} : f64
// CHECK: theano.check %{{.*}}, "theano.arange: the length is not finite"
// CHECK: arith.fptosi
// CHECK: linalg.generic
// CHECK: arith.sitofp
// CHECK: arith.mulf
func.func @arange_f32(%a: tensor<f32>, %b: tensor<f32>, %c: tensor<f32>) -> tensor<?xf32> {
  %0 = theano.arange %a, %b, %c : tensor<f32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// A cumulative sum from the end along axis 1: a loop over the columns,
// each adding the previous result column.
// ROUND-LABEL: func @cumsum_reverse
// ROUND: theano.cumulative %{{.*}} {axis = 1 : i64, reverse} : tensor<?x?xf32>
// CHECK-LABEL: func @cumsum_reverse
// CHECK: scf.for
// CHECK: tensor.extract_slice %arg0[0, %{{.*}}] [%{{.*}}, 1] [1, 1] : tensor<?x?xf32> to tensor<?x1xf32>
// CHECK: scf.if
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: tensor.insert_slice
func.func @cumsum_reverse(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.cumulative %x {axis = 1 : i64, reverse} : tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @cumprod_i32
// CHECK: arith.muli
func.func @cumprod_i32(%x: tensor<4xi32>) -> tensor<4xi32> {
  %0 = theano.cumulative %x {axis = 0 : i64, product} : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// argsort: positions carried through a merge sort of each row; NaN last.
// ROUND-LABEL: func @argsort
// ROUND: theano.sort %{{.*}} {positions} : tensor<?x?xf32> -> tensor<?x?xi64>
// CHECK-LABEL: func @argsort
// CHECK: linalg.generic
// CHECK: linalg.index 1
// CHECK: scf.for
// CHECK: scf.while
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf uno
// CHECK: tensor.insert
func.func @argsort(%x: tensor<?x?xf32>) -> tensor<?x?xi64> {
  %0 = theano.sort %x {positions} : tensor<?x?xf32> -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// A vector is one row; values permuted by unsigned keys.
// ROUND-LABEL: func @sort_values
// ROUND: theano.sort %{{.*}}, %{{.*}} : tensor<5xf64> : tensor<5xui8> -> tensor<5xf64>
// CHECK-LABEL: func @sort_values
// CHECK-NOT: expand_shape
// CHECK: arith.cmpi ult
// CHECK: tensor.insert %{{.*}} : tensor<5xf64>
func.func @sort_values(%k: tensor<5xui8>, %v: tensor<5xf64>) -> tensor<5xf64> {
  %0 = theano.sort %k, %v : tensor<5xf64> : tensor<5xui8> -> tensor<5xf64>
  return %0 : tensor<5xf64>
}

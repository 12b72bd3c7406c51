// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// The rest of Theano's scalar math: math-dialect ops in the op's type; the
// special functions computed in f64 (no call but erf/erfc) and rounded.

// ROUND-LABEL: func @trig
// ROUND: theano.tan %{{.*}} : tensor<?xf32>
// ROUND: theano.arctan2 %{{.*}}, %{{.*}} : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
// CHECK-LABEL: func @trig
// CHECK: linalg.generic
// CHECK: math.tan %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.atan2 %{{.*}}, %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.acosh %{{.*}} : f32
// CHECK: linalg.generic
// CHECK: math.trunc %{{.*}} : f32
func.func @trig(%a: tensor<?xf32>, %b: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %0 = theano.tan %a : tensor<?xf32>
  %1 = theano.arctan2 %a, %b : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  %2 = theano.arccosh %a : tensor<?xf32>
  %3 = theano.trunc %a : tensor<?xf32>
  return %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// deg2rad: one multiplication by pi / 180 in the operand's type.
// CHECK-LABEL: func @deg2rad
// CHECK: linalg.generic
// CHECK: %[[K:.*]] = arith.constant 0.017453292519943295 : f64
// CHECK: arith.mulf %{{.*}}, %[[K]] : f64
func.func @deg2rad(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.deg2rad %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// gammaln of f32: extended to f64, no call, rounded back.
// CHECK-LABEL: func @gammaln_f32
// CHECK: linalg.generic
// CHECK: arith.extf %{{.*}} : f32 to f64
// CHECK-NOT: call
// CHECK: math.log
// CHECK: arith.truncf %{{.*}} : f64 to f32
// CHECK: linalg.yield
func.func @gammaln_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.gammaln %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// erfinv of f64 refines its first guess by Newton steps on erf / erfc.
// CHECK-LABEL: func @erfinv_f64
// CHECK: linalg.generic
// CHECK-NOT: arith.extf
// CHECK: math.erfc
// CHECK: math.erf
// CHECK-NOT: math.copysign
// CHECK: linalg.yield
func.func @erfinv_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.erfinv %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// ROUND-LABEL: func @special
// ROUND: theano.psi
// ROUND: theano.tri_gamma
// ROUND: theano.erfcx
// CHECK-LABEL: func @special
// CHECK-COUNT-3: linalg.generic
func.func @special(%a: tensor<2xf16>) -> (tensor<2xf16>, tensor<2xf16>, tensor<2xf16>) {
  %0 = theano.psi %a : tensor<2xf16>
  %1 = theano.tri_gamma %a : tensor<2xf16>
  %2 = theano.erfcx %a : tensor<2xf16>
  return %0, %1, %2 : tensor<2xf16>, tensor<2xf16>, tensor<2xf16>
}

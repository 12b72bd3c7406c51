// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-math-to-intrinsics))' %s | FileCheck %s

// copysign (what convert-complex-to-standard's sqrt and division use, and
// which convert-math-to-libm refuses), fma, floor and sqrt become LLVM
// intrinsics, scalar or vector; exp stays for libm or the approximations.
// CHECK-LABEL: func.func @intrinsics
// CHECK: llvm.intr.copysign
// CHECK: llvm.intr.fma
// CHECK: llvm.intr.floor
// CHECK: llvm.intr.sqrt{{.*}}vector<4xf32>
// CHECK: math.exp
func.func @intrinsics(%x: f32, %y: f32, %v: vector<4xf32>) -> (f32, f32, f32, vector<4xf32>, f32) {
  %0 = math.copysign %x, %y : f32
  %1 = math.fma %x, %y, %x : f32
  %2 = math.floor %x : f32
  %3 = math.sqrt %v : vector<4xf32>
  %4 = math.exp %x : f32
  return %0, %1, %2, %3, %4 : f32, f32, f32, vector<4xf32>, f32
}

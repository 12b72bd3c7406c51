// RUN: theano-mlir-opt --pass-pipeline='builtin.module(finalize-memref-to-llvm,theano-drop-unsigned-wrap)' %s | FileCheck %s

// A reversed view (x[::-1] of a 3x4 matrix): its row stride is -4, so
// `index * stride` wraps as an unsigned number and a `nuw` flag on it would
// make the address poison. No nuw is left; nsw and inbounds stay.
// CHECK-LABEL: func.func @load_reversed_row
// CHECK-NOT: nuw
// CHECK: llvm.mul %{{.*}} overflow<nsw>
// CHECK-NOT: nuw
// CHECK: llvm.getelementptr inbounds %{{.*}}[%{{.*}}]
// CHECK-NOT: nuw
// CHECK: return
func.func @load_reversed_row(%x: memref<3x4xf32, strided<[-4, 1], offset: 8>>,
                             %i: index, %j: index) -> f32 {
  %0 = memref.load %x[%i, %j] : memref<3x4xf32, strided<[-4, 1], offset: 8>>
  return %0 : f32
}

// Flags other than nuw are kept.
// CHECK-LABEL: llvm.func @other_flags
// CHECK: llvm.add %arg0, %arg1 overflow<nsw> : i64
// CHECK: llvm.mul %arg0, %arg1 : i64
// CHECK: llvm.getelementptr inbounds %arg2[%{{.*}}]
llvm.func @other_flags(%a: i64, %b: i64, %p: !llvm.ptr) -> !llvm.ptr {
  %0 = llvm.add %a, %b overflow<nsw, nuw> : i64
  %1 = llvm.mul %a, %b overflow<nuw> : i64
  %2 = llvm.add %0, %1 : i64
  %3 = llvm.getelementptr inbounds|nuw %p[%2] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  llvm.return %3 : !llvm.ptr
}

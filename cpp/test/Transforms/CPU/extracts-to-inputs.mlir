// RUN: theano-mlir-opt --theano-extracts-to-inputs --canonicalize %s | FileCheck %s

// set_subtensor's value read at the loop indices (once shapes are static):
// an input (a slice of static sizes of the dynamic argument), and the copy
// folds away.
// CHECK-LABEL: func.func @set_part
// CHECK: %[[V:.*]] = tensor.extract_slice %arg1[0, 0] [4, 3] [1, 1] : tensor<?x?xf64> to tensor<4x3xf64>
// CHECK-NOT: linalg.generic
// CHECK: tensor.insert_slice %[[V]] into %arg0[0, 2] [4, 3] [1, 1]
func.func @set_part(%x: tensor<4x8xf64>, %v: tensor<?x?xf64>) -> tensor<4x8xf64> {
  %part = tensor.extract_slice %x[0, 2] [4, 3] [1, 1] : tensor<4x8xf64> to tensor<4x3xf64>
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%part : tensor<4x3xf64>) {
  ^bb0(%out: f64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %e = tensor.extract %v[%i, %j] : tensor<?x?xf64>
    linalg.yield %e : f64
  } -> tensor<4x3xf64>
  %1 = tensor.insert_slice %0 into %x[0, 2] [4, 3] [1, 1] : tensor<4x3xf64> into tensor<4x8xf64>
  return %1 : tensor<4x8xf64>
}

// inc_subtensor with a row value (static size 1 read at 0): an input with
// a broadcasting map.
// CHECK-LABEL: func.func @inc_row
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], {{.*}} ins(%arg1 : tensor<1x3xf32>) outs(%arg0 : tensor<4x3xf32>)
// CHECK: arith.addf
func.func @inc_row(%x: tensor<4x3xf32>, %v: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %c0 = arith.constant 0 : index
  %0 = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} outs(%x : tensor<4x3xf32>) {
  ^bb0(%out: f32):
    %j = linalg.index 1 : index
    %e = tensor.extract %v[%c0, %j] : tensor<1x3xf32>
    %s = arith.addf %out, %e : f32
    linalg.yield %s : f32
  } -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// An index that is not the loop's (a broadcast chosen at run time, a
// gather) stays a read by index.
// CHECK-LABEL: func.func @runtime_choice
// CHECK: arith.select
// CHECK: tensor.extract %arg1
func.func @runtime_choice(%x: tensor<4xf32>, %v: tensor<?xf32>, %one: i1) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} outs(%x : tensor<4xf32>) {
  ^bb0(%out: f32):
    %i = linalg.index 0 : index
    %k = arith.select %one, %c0, %i : index
    %e = tensor.extract %v[%k] : tensor<?xf32>
    linalg.yield %e : f32
  } -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// RUN: theano-mlir-opt --theano-scale-smaller-operand %s | FileCheck %s

// w - 0.1 * dot(x.T, d): the scale moves from the 600x784 x to the 600x10 d.
// CHECK-LABEL: func.func @sgd
// CHECK-SAME: (%[[X:[a-z0-9]+]]: tensor<600x784xf32>, %[[D:[a-z0-9]+]]: tensor<600x10xf32>, %[[W:[a-z0-9]+]]: tensor<784x10xf32>)
// CHECK: %[[S:[a-z0-9_]+]] = arith.constant -1.000000e-01 : f32
// CHECK: %[[SCALED:[0-9]+]] = linalg.generic {{.*}} ins(%[[D]] : tensor<600x10xf32>)
// CHECK: arith.mulf %{{.*}}, %[[S]] : f32
// CHECK: linalg.matmul {{.*}} ins(%[[X]], %[[SCALED]] : tensor<600x784xf32>, tensor<600x10xf32>) outs(%[[W]] : tensor<784x10xf32>)
// CHECK-NOT: linalg.generic
func.func @sgd(%x: tensor<600x784xf32>, %d: tensor<600x10xf32>, %w: tensor<784x10xf32>) -> tensor<784x10xf32> {
  %s = arith.constant -0.1 : f32
  %e = tensor.empty() : tensor<600x784xf32>
  %sx = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<600x784xf32>) outs(%e : tensor<600x784xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.mulf %in, %s : f32
    linalg.yield %v : f32
  } -> tensor<600x784xf32>
  %r = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>,
                                      affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%sx, %d : tensor<600x784xf32>, tensor<600x10xf32>) outs(%w : tensor<784x10xf32>) -> tensor<784x10xf32>
  return %r : tensor<784x10xf32>
}

// Already on the smaller operand, on a dynamic one, or used twice: unchanged.
// CHECK-LABEL: func.func @unchanged
// CHECK: arith.mulf
// CHECK: linalg.matmul ins(%arg0, %{{[0-9]+}} : tensor<4x8xf32>, tensor<8x2xf32>)
// CHECK: arith.mulf
// CHECK: linalg.matmul ins(%{{[0-9]+}}, %arg1 : tensor<?x8xf32>, tensor<8x2xf32>)
// CHECK: arith.mulf
// CHECK: linalg.matmul ins(%{{[0-9]+}}, %arg1 : tensor<4x8xf32>, tensor<8x2xf32>)
func.func @unchanged(%a: tensor<4x8xf32>, %b: tensor<8x2xf32>, %dyn: tensor<?x8xf32>, %s: f32,
                     %c: tensor<4x2xf32>, %cd: tensor<?x2xf32>)
    -> (tensor<4x2xf32>, tensor<?x2xf32>, tensor<4x2xf32>, tensor<4x8xf32>) {
  %eb = tensor.empty() : tensor<8x2xf32>
  %sb = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%b : tensor<8x2xf32>) outs(%eb : tensor<8x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.mulf %in, %s : f32
    linalg.yield %v : f32
  } -> tensor<8x2xf32>
  %r0 = linalg.matmul ins(%a, %sb : tensor<4x8xf32>, tensor<8x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  %c0 = arith.constant 0 : index
  %n = tensor.dim %dyn, %c0 : tensor<?x8xf32>
  %ed = tensor.empty(%n) : tensor<?x8xf32>
  %sd = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                        iterator_types = ["parallel", "parallel"]}
      ins(%dyn : tensor<?x8xf32>) outs(%ed : tensor<?x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.mulf %in, %s : f32
    linalg.yield %v : f32
  } -> tensor<?x8xf32>
  %r1 = linalg.matmul ins(%sd, %b : tensor<?x8xf32>, tensor<8x2xf32>) outs(%cd : tensor<?x2xf32>) -> tensor<?x2xf32>
  %ea = tensor.empty() : tensor<4x8xf32>
  %twice = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                           iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<4x8xf32>) outs(%ea : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.mulf %in, %s : f32
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  %r2 = linalg.matmul ins(%twice, %b : tensor<4x8xf32>, tensor<8x2xf32>) outs(%c : tensor<4x2xf32>) -> tensor<4x2xf32>
  return %r0, %r1, %r2, %twice : tensor<4x2xf32>, tensor<?x2xf32>, tensor<4x2xf32>, tensor<4x8xf32>
}

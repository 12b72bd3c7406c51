// RUN: theano-mlir-opt --theano-collapse-dimensions %s | FileCheck %s

// An elementwise op on a matrix: one loop over all elements.
// CHECK-LABEL: func.func @elementwise
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<600x10xf32> into tensor<6000xf32>
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel"]
// CHECK: math.exp
// CHECK: tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [600, 10] : tensor<6000xf32> into tensor<600x10xf32>
func.func @elementwise(%x: tensor<600x10xf32>) -> tensor<600x10xf32> {
  %e = tensor.empty() : tensor<600x10xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<600x10xf32>) outs(%e : tensor<600x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<600x10xf32>
  return %r : tensor<600x10xf32>
}

// A run of loops has at most one of dynamic size (the expand_shape back
// recovers one per group); a vector broadcast along the rows of a 3-d
// tensor keeps the outer loop and collapses the two it spans.
// CHECK-LABEL: func.func @broadcast
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2]] : tensor<?x4x5xf32> into tensor<?x20xf32>
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1]] : tensor<4x5xf32> into tensor<20xf32>
// CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]}
func.func @broadcast(%x: tensor<?x4x5xf32>, %b: tensor<4x5xf32>) -> tensor<?x4x5xf32> {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x4x5xf32>
  %e = tensor.empty(%n) : tensor<?x4x5xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d1, d2)>,
                                        affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x, %b : tensor<?x4x5xf32>, tensor<4x5xf32>) outs(%e : tensor<?x4x5xf32>) {
  ^bb0(%in: f32, %in_b: f32, %out: f32):
    %v = arith.addf %in, %in_b : f32
    linalg.yield %v : f32
  } -> tensor<?x4x5xf32>
  return %r : tensor<?x4x5xf32>
}

// A row reduction (parallel, then reduction) and a transpose stay as they are.
// CHECK-LABEL: func.func @unchanged
// CHECK-NOT: collapse_shape
// CHECK: iterator_types = ["parallel", "reduction"]
// CHECK: iterator_types = ["parallel", "parallel"]
// CHECK-NOT: collapse_shape
func.func @unchanged(%x: tensor<6x10xf32>, %init: tensor<6xf32>) -> (tensor<6xf32>, tensor<10x6xf32>) {
  %sum = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>],
                         iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<6x10xf32>) outs(%init : tensor<6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.addf %in, %out : f32
    linalg.yield %v : f32
  } -> tensor<6xf32>
  %e = tensor.empty() : tensor<10x6xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<6x10xf32>) outs(%e : tensor<10x6xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<10x6xf32>
  return %sum, %t : tensor<6xf32>, tensor<10x6xf32>
}

// A map with a constant (a dimshuffle's unit dimension) is left alone.
// CHECK-LABEL: func.func @constant_index
// CHECK-NOT: collapse_shape
func.func @constant_index(%x: tensor<4x1x5xf32>, %e: tensor<4x5xf32>) -> tensor<4x5xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, 0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x1x5xf32>) outs(%e : tensor<4x5xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<4x5xf32>
  return %r : tensor<4x5xf32>
}

// CHECK-LABEL: func.func @two_dynamic
// CHECK-NOT: collapse_shape
// CHECK: iterator_types = ["parallel", "parallel"]
func.func @two_dynamic(%x: tensor<?x?xf32>, %e: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<?x?xf32>) outs(%e : tensor<?x?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

// A loop of static size 0 joins no run: collapsed with a dynamic one, it
// would give a static 0 that memref.collapse_shape rejects beside a dynamic
// size. The two loops after it still collapse.
// CHECK-LABEL: func.func @zero_size
// CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0], [1, 2]] : tensor<0x?x4xf32> into tensor<0x?xf32>
// CHECK: iterator_types = ["parallel", "parallel"]
func.func @zero_size(%x: tensor<0x?x4xf32>) -> tensor<0x?x4xf32> {
  %c1 = arith.constant 1 : index
  %n = tensor.dim %x, %c1 : tensor<0x?x4xf32>
  %e = tensor.empty(%n) : tensor<0x?x4xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d1, d2)>, affine_map<(d0, d1, d2) -> (d0, d1, d2)>],
                       iterator_types = ["parallel", "parallel", "parallel"]}
      ins(%x : tensor<0x?x4xf32>) outs(%e : tensor<0x?x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<0x?x4xf32>
  return %r : tensor<0x?x4xf32>
}

// A loop static in one operand (size 1) and dynamic in another: upstream's
// collapsing rebuilds the result's shape from the static range and makes an
// expand_shape that contradicts its type (which crashed the folder and
// expand-strided-metadata). The nest stays as it is.
// CHECK-LABEL: func.func @mixed_static_and_dynamic_loop
// CHECK-NOT: tensor.collapse_shape
// CHECK: iterator_types = ["parallel", "parallel", "parallel", "parallel"]
// CHECK-NOT: tensor.expand_shape
func.func @mixed_static_and_dynamic_loop(%x: tensor<1x?xi8>, %m: index, %n: index) -> tensor<1x1x?x?xi8> {
  %e = tensor.empty(%m, %n) : tensor<1x1x?x?xi8>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>],
                       iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%x : tensor<1x?xi8>) outs(%e : tensor<1x1x?x?xi8>) {
  ^bb0(%in: i8, %out: i8):
    linalg.yield %in : i8
  } -> tensor<1x1x?x?xi8>
  return %r : tensor<1x1x?x?xi8>
}

// RUN: theano-mlir-opt %s | theano-mlir-opt | FileCheck %s --check-prefix=ROUND
// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// Convolutions and pooling, lowered.

// conv: the pads from the border mode ('full': dilation * (k - 1)), the
// output sizes checked, the zero-padded input's patches (an im2col generic
// over (c, k..., n, out...) reading out * stride + k * dilation), the
// kernel flipped (a gather), and one matmul of the filters by the patches,
// reshaped to (o, n, out...) and transposed to (n, o, out...).
// ROUND-LABEL: func @conv2d
// ROUND: theano.conv %{{.*}}, %{{.*}} {dilations = array<i64: 1, 2>, flip, padding = array<i64: -1, 0>, strides = array<i64: 2, 1>}
// CHECK-DAG: #[[PATCH:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 * 2 + d1, d5 + d2 * 2)>
// (the transposed operands of the gradients' products; the layout changes,
// generics that fuse with the elementwise ops around them)
// CHECK-DAG: #[[SWAP4:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
// CHECK-DAG: #[[SWAP3:.*]] = affine_map<(d0, d1, d2) -> (d1, d0, d2)>
// CHECK-DAG: #[[LHS_T:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[RHS_T:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func @conv2d
// CHECK: theano.check %{{.*}}, "theano.conv: the kernel (0: {0} with its dilation) is larger than the padded input ({1})"
// CHECK: theano.check %{{.*}}, "theano.conv: the input has {0} channels, the filters read {1} in each of 1 groups"
// CHECK: tensor.pad
// CHECK: linalg.generic {indexing_maps = [#[[PATCH]], {{.*}}]
// CHECK: linalg.generic
// CHECK: tensor.extract %arg1
// CHECK: tensor.collapse_shape
// CHECK-NOT: linalg.transpose
// CHECK: linalg.matmul ins
// CHECK: tensor.reshape
// CHECK: linalg.generic {indexing_maps = [#[[SWAP4]],
func.func @conv2d(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %y = theano.conv %x, %w {strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>, padding = array<i64: -1, 0>, flip} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// Groups: a loop over them, each group's patches times its filters.
// CHECK-LABEL: func @grouped
// CHECK: scf.for
// CHECK: tensor.extract_slice
// CHECK: linalg.matmul
// CHECK: tensor.insert_slice
func.func @grouped(%x: tensor<?x?x?x?xf64>, %w: tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64> {
  %y = theano.conv %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 1, 1>, groups = 3} : tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64> -> tensor<?x?x?x?xf64>
  return %y : tensor<?x?x?x?xf64>
}

// The input's gradient: the transposed filters times the output gradient
// (as (o, columns)) give the patches' gradients, which a loop nest over the
// kernel positions adds into the strided windows of the padded input; the
// pads are cut off.
// CHECK-LABEL: func @conv_grad_input
// CHECK: theano.check %{{.*}}, "theano.conv_grad_input: the output gradient's size 0 is {0}, the convolution's {1}"
// CHECK: linalg.generic {indexing_maps = [#[[SWAP4]],
// CHECK: linalg.matmul indexing_maps = [#[[LHS_T]],
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract_slice %{{.*}} [1, 1, 2, 1]
// CHECK: arith.addf
// CHECK: tensor.insert_slice %{{.*}} [1, 1, 2, 1]
func.func @conv_grad_input(%w: tensor<?x?x?x?xf32>, %dy: tensor<?x?x?x?xf32>, %shape: tensor<4xi64>) -> tensor<?x?x?x?xf32> {
  %x = theano.conv_grad_input %w, %dy, %shape {strides = array<i64: 2, 1>, dilations = array<i64: 1, 1>, padding = array<i64: -2, 0>} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<4xi64> -> tensor<?x?x?x?xf32>
  return %x : tensor<?x?x?x?xf32>
}

// The filters' gradient: the output gradient (as (o, columns)) times the
// patches read transposed.
// CHECK-LABEL: func @conv_grad_filter
// CHECK: linalg.generic
// CHECK: linalg.generic {indexing_maps = [#[[SWAP3]],
// CHECK: linalg.matmul indexing_maps = [#{{.*}}, #[[RHS_T]],
// CHECK: tensor.reshape
func.func @conv_grad_filter(%x: tensor<?x?x?xf32>, %dy: tensor<?x?x?xf32>, %shape: tensor<3xi64>) -> tensor<?x?x?xf32> {
  %w = theano.conv_grad_filter %x, %dy, %shape {strides = array<i64: 1>, dilations = array<i64: 1>, padding = array<i64: 0>} : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<3xi64> -> tensor<?x?x?xf32>
  return %w : tensor<?x?x?xf32>
}

// pool: one generic reducing over the window dimensions (a reduction
// iterator per pooled dimension), positions outside the window the
// reduction's identity (-inf for max); averages divide by the count. The
// last output dimension is the innermost loop, after the window's.
// ROUND-LABEL: func @max_pool
// ROUND: theano.pool %{{.*}} {ignore_border, mode = "max", padding = array<i64: 1, 0>, strides = array<i64: 2, 2>, window = array<i64: 3, 2>}
// CHECK-LABEL: func @max_pool
// CHECK: tensor.pad
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.constant 0xFF800000 : f32
// CHECK: arith.select
// CHECK: arith.maximumf
func.func @max_pool(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %y = theano.pool %x {window = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0>, ignore_border, mode = "max"} : tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// Windows inside the input (ignore_border, no padding): no check per
// position, the maximum of the values read.
// CHECK-LABEL: func @max_pool_inside
// CHECK: linalg.generic
// CHECK-NOT: arith.select
// CHECK: arith.maximumf
// CHECK-NEXT: linalg.yield
func.func @max_pool_inside(%x: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %y = theano.pool %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border, mode = "max"} : tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// CHECK-LABEL: func @average_pool
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK: linalg.generic
// CHECK: arith.sitofp
// CHECK: arith.divf
func.func @average_pool(%x: tensor<?x?x?xf64>) -> tensor<?x?x?xf64> {
  %y = theano.pool %x {window = array<i64: 2, 2>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0>, mode = "average_exc_pad"} : tensor<?x?x?xf64> -> tensor<?x?x?xf64>
  return %y : tensor<?x?x?xf64>
}

// pool_grad: a loop nest over the window positions, each adding into the
// strided window of the padded input's gradient where the input is the
// window's maximum.
// CHECK-LABEL: func @max_pool_grad
// CHECK: scf.for
// CHECK: scf.for
// CHECK: tensor.extract_slice {{.*}} [1, 1, 2, 2]
// CHECK: arith.cmpf oeq
// CHECK: tensor.insert_slice {{.*}} [1, 1, 2, 2]
func.func @max_pool_grad(%x: tensor<?x?x?x?xf32>, %y: tensor<?x?x?x?xf32>, %g: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %dx = theano.pool_grad %x, %y, %g {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, ignore_border, mode = "max"} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %dx : tensor<?x?x?x?xf32>
}

// pool_max_grad_grad: the pool's reduction over the padded input and its
// gradient, summing the gradient where the input equals the maximum read
// at the output position; the shapes checked first.
// ROUND-LABEL: func @max_pool_grad_grad
// ROUND: theano.pool_max_grad_grad %{{.*}}, %{{.*}}, %{{.*}} {ignore_border, padding = array<i64: 1, 0>, strides = array<i64: 2, 2>, window = array<i64: 3, 2>}
// CHECK-LABEL: func @max_pool_grad_grad
// CHECK: theano.check %{{.*}}, "theano.pool_max_grad_grad: the maximum's size 0 is {0}, the pool's {1}"
// CHECK: tensor.pad
// CHECK: tensor.pad
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
// CHECK: arith.cmpf oeq
// CHECK: arith.select
// CHECK: arith.addf
func.func @max_pool_grad_grad(%x: tensor<?x?x?x?xf32>, %y: tensor<?x?x?x?xf32>, %gx: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  %ggy = theano.pool_max_grad_grad %x, %y, %gx {window = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0>, ignore_border} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %ggy : tensor<?x?x?x?xf32>
}

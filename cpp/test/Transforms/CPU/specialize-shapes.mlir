// RUN: theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-specialize-shapes{shapes=4x8;8;;5}),canonicalize)' %s | FileCheck %s
// RUN: not theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-specialize-shapes{shapes=4x8;8x2;;5}))' %s 2>&1 | FileCheck %s --check-prefix=RANK
// RUN: not theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-specialize-shapes{shapes=4x8;8}))' %s 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not theano-mlir-opt --pass-pipeline='builtin.module(func.func(theano-specialize-shapes{shapes=4xa;8;;5}))' %s 2>&1 | FileCheck %s --check-prefix=PARSE

// The arguments are read as static tensors: sizes fold to constants, a check
// that now holds disappears, the loop nest and its buffer get static shapes.
// The signature stays, and the update is still written into its argument.
// CHECK-LABEL: func @add_rows
// CHECK-SAME: (%[[X:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<?xf32>, %[[S:.*]]: tensor<f32>, %[[V:.*]]: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>)
// CHECK-DAG: %[[XS:.*]] = tensor.cast %[[X]] : tensor<?x?xf32> to tensor<4x8xf32>
// CHECK-DAG: %[[BS:.*]] = tensor.cast %[[B]] : tensor<?xf32> to tensor<8xf32>
// CHECK-NOT: theano.check
// CHECK: %[[E:.*]] = tensor.empty() : tensor<4x8xf32>
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[XS]], %[[BS]] : tensor<4x8xf32>, tensor<8xf32>) outs(%[[E]] : tensor<4x8xf32>)
// CHECK-DAG: %[[W:.*]] = bufferization.materialize_in_destination %{{.*}} in %[[V]] : (tensor<5xf32>, tensor<?xf32>)
// CHECK-DAG: %[[OUT:.*]] = tensor.cast %[[R]] : tensor<4x8xf32> to tensor<?x?xf32>
// CHECK: return %[[OUT]], %[[W]]
#row = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @add_rows(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: tensor<f32>, %v: tensor<?xf32>) -> (tensor<?x?xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %x, %c0 : tensor<?x?xf32>
  %n = tensor.dim %x, %c1 : tensor<?x?xf32>
  %k = tensor.dim %b, %c0 : tensor<?xf32>
  %same = arith.cmpi eq, %n, %k : index
  theano.check %same, "shapes {0} and {1} differ"(%n, %k)
  %e = tensor.empty(%m, %n) : tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [#row, #col, #row], iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<?x?xf32>, tensor<?xf32>) outs(%e : tensor<?x?xf32>) {
  ^bb0(%a: f32, %c: f32, %o: f32):
    %sum = arith.addf %a, %c : f32
    linalg.yield %sum : f32
  } -> tensor<?x?xf32>
  %neg = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%v : tensor<?xf32>) outs(%v : tensor<?xf32>) {
  ^bb0(%a: f32, %o: f32):
    %n2 = arith.negf %a : f32
    linalg.yield %n2 : f32
  } -> tensor<?xf32>
  %w = bufferization.materialize_in_destination %neg in %v : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return %r, %w : tensor<?x?xf32>, tensor<?xf32>
}

// RANK: argument 1 of type 'tensor<?xf32>' cannot have the shape 8x2
// COUNT: 2 shapes given for 4 arguments
// PARSE: cannot parse shapes '4xa;8;;5'

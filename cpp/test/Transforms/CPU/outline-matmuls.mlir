// RUN: theano-mlir-opt --theano-outline-matmuls='min-flops=1000' %s | FileCheck %s

// A matmul with its own zero accumulator takes the fill along; one that
// accumulates into a value reads it as a third argument; a transposed
// operand is recorded in the layout. Small, dynamic and integer matmuls stay.
// CHECK-LABEL: func.func private @theano_matmul_0(%{{.*}}: tensor<16x32xf32>, %{{.*}}: tensor<32x8xf32>) -> tensor<16x8xf32>
// CHECK-SAME: theano.layout = "nn", theano.matmul = array<i64: 16, 32, 8>
// CHECK: tensor.empty() : tensor<16x8xf32>
// CHECK: linalg.fill
// CHECK: linalg.matmul
// CHECK-LABEL: func.func private @theano_matmul_1(%{{.*}}: tensor<32x16xf64>, %{{.*}}: tensor<32x8xf64>, %{{.*}}: tensor<16x8xf64>) -> tensor<16x8xf64>
// CHECK-SAME: theano.layout = "tn", theano.matmul = array<i64: 16, 32, 8>
// CHECK-NOT: linalg.fill
// CHECK: linalg.matmul indexing_maps
// CHECK-LABEL: func.func @main
// CHECK: call @theano_matmul_0(
// CHECK: call @theano_matmul_1(
// CHECK: linalg.matmul ins({{.*}} : tensor<2x2xf32>, tensor<2x2xf32>)
// CHECK: linalg.matmul ins({{.*}} : tensor<?x32xf32>, tensor<32x8xf32>)
// CHECK: linalg.matmul ins({{.*}} : tensor<16x32xi32>, tensor<32x8xi32>)
func.func @main(%a: tensor<16x32xf32>, %b: tensor<32x8xf32>, %at: tensor<32x16xf64>, %bd: tensor<32x8xf64>,
                %c: tensor<16x8xf64>, %s: tensor<2x2xf32>, %d: tensor<?x32xf32>, %i: tensor<16x32xi32>,
                %j: tensor<32x8xi32>)
    -> (tensor<16x8xf32>, tensor<16x8xf64>, tensor<2x2xf32>, tensor<?x8xf32>, tensor<16x8xi32>) {
  %zero = arith.constant 0.0 : f32
  %izero = arith.constant 0 : i32
  %c0 = arith.constant 0 : index
  %e = tensor.empty() : tensor<16x8xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<16x8xf32>) -> tensor<16x8xf32>
  %r0 = linalg.matmul ins(%a, %b : tensor<16x32xf32>, tensor<32x8xf32>) outs(%z : tensor<16x8xf32>) -> tensor<16x8xf32>
  %r1 = linalg.matmul indexing_maps = [affine_map<(d0, d1, d2) -> (d2, d0)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>]
      ins(%at, %bd : tensor<32x16xf64>, tensor<32x8xf64>) outs(%c : tensor<16x8xf64>) -> tensor<16x8xf64>
  %es = tensor.empty() : tensor<2x2xf32>
  %zs = linalg.fill ins(%zero : f32) outs(%es : tensor<2x2xf32>) -> tensor<2x2xf32>
  %r2 = linalg.matmul ins(%s, %s : tensor<2x2xf32>, tensor<2x2xf32>) outs(%zs : tensor<2x2xf32>) -> tensor<2x2xf32>
  %m = tensor.dim %d, %c0 : tensor<?x32xf32>
  %ed = tensor.empty(%m) : tensor<?x8xf32>
  %zd = linalg.fill ins(%zero : f32) outs(%ed : tensor<?x8xf32>) -> tensor<?x8xf32>
  %r3 = linalg.matmul ins(%d, %b : tensor<?x32xf32>, tensor<32x8xf32>) outs(%zd : tensor<?x8xf32>) -> tensor<?x8xf32>
  %ei = tensor.empty() : tensor<16x8xi32>
  %zi = linalg.fill ins(%izero : i32) outs(%ei : tensor<16x8xi32>) -> tensor<16x8xi32>
  %r4 = linalg.matmul ins(%i, %j : tensor<16x32xi32>, tensor<32x8xi32>) outs(%zi : tensor<16x8xi32>) -> tensor<16x8xi32>
  return %r0, %r1, %r2, %r3, %r4 : tensor<16x8xf32>, tensor<16x8xf64>, tensor<2x2xf32>, tensor<?x8xf32>, tensor<16x8xi32>
}

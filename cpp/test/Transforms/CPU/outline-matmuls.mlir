// RUN: theano-mlir-opt --split-input-file --theano-outline-matmuls='min-flops=1000' %s | FileCheck %s

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

// -----

// Matmuls of the same shapes, layout and accumulator (a deep network's
// layers) share one function, marked no_inline. One that accumulates into
// a view of its own operand (C += A * C) keeps a function of its own,
// inlined later: bufferization then sees the shared buffer and copies it.
// CHECK-LABEL: func.func private @theano_matmul_0(%{{.*}}: tensor<16x16xf32>, %{{.*}}: tensor<16x16xf32>) -> tensor<16x16xf32>
// CHECK-SAME: no_inline
// CHECK-LABEL: func.func private @theano_matmul_1(%{{.*}}: tensor<16x16xf32>, %{{.*}}: tensor<16x16xf32>, %{{.*}}: tensor<16x16xf32>) -> tensor<16x16xf32>
// CHECK-SAME: no_inline
// CHECK-LABEL: func.func private @theano_matmul_2(%{{.*}}: tensor<16x16xf32>, %{{.*}}: tensor<16x16xf32>, %{{.*}}: tensor<16x16xf32>) -> tensor<16x16xf32>
// CHECK-NOT: no_inline
// CHECK-SAME: {
// CHECK-NOT: func.func private
// CHECK-LABEL: func.func @layers
// CHECK: %[[H1:.*]] = call @theano_matmul_0(%{{.*}}, %{{.*}})
// CHECK: %[[H2:.*]] = call @theano_matmul_0(%[[H1]], %{{.*}})
// CHECK: %[[H3:.*]] = call @theano_matmul_1(%[[H2]], %{{.*}}, %{{.*}})
// CHECK: %[[H4:.*]] = call @theano_matmul_1(%[[H3]], %{{.*}}, %{{.*}})
// CHECK: call @theano_matmul_2(%[[H4]], %{{.*}}, %[[H4]])
func.func @layers(%x: tensor<16x16xf32>, %w: tensor<16x16xf32>, %c: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>
  %h1 = linalg.matmul ins(%x, %w : tensor<16x16xf32>, tensor<16x16xf32>) outs(%z : tensor<16x16xf32>) -> tensor<16x16xf32>
  %e2 = tensor.empty() : tensor<16x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<16x16xf32>) -> tensor<16x16xf32>
  %h2 = linalg.matmul ins(%h1, %w : tensor<16x16xf32>, tensor<16x16xf32>) outs(%z2 : tensor<16x16xf32>) -> tensor<16x16xf32>
  %h3 = linalg.matmul ins(%h2, %w : tensor<16x16xf32>, tensor<16x16xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  %h4 = linalg.matmul ins(%h3, %w : tensor<16x16xf32>, tensor<16x16xf32>) outs(%c : tensor<16x16xf32>) -> tensor<16x16xf32>
  %h5 = linalg.matmul ins(%h4, %w : tensor<16x16xf32>, tensor<16x16xf32>) outs(%h4 : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %h5 : tensor<16x16xf32>
}

// -----

// A product of a value by itself becomes a function of two arguments, each
// read as its own operand (a later call may pass two values).
// CHECK: func.func private @theano_matmul_0(%[[A:[a-z0-9]+]]: tensor<16x16xf32>, %[[B:[a-z0-9]+]]: tensor<16x16xf32>) -> tensor<16x16xf32>
// CHECK: linalg.matmul ins(%[[A]], %[[B]] :
// CHECK-LABEL: func.func @square
// CHECK: call @theano_matmul_0(%[[X:[a-z0-9]+]], %[[X]])
// CHECK: call @theano_matmul_0(%{{.*}}, %{{.*}})
func.func @square(%x: tensor<16x16xf32>, %y: tensor<16x16xf32>) -> tensor<16x16xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<16x16xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>
  %xx = linalg.matmul ins(%x, %x : tensor<16x16xf32>, tensor<16x16xf32>) outs(%z : tensor<16x16xf32>) -> tensor<16x16xf32>
  %e2 = tensor.empty() : tensor<16x16xf32>
  %z2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<16x16xf32>) -> tensor<16x16xf32>
  %r = linalg.matmul ins(%y, %xx : tensor<16x16xf32>, tensor<16x16xf32>) outs(%z2 : tensor<16x16xf32>) -> tensor<16x16xf32>
  return %r : tensor<16x16xf32>
}

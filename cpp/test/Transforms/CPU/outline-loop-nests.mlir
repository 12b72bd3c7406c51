// RUN: theano-mlir-opt --split-input-file --theano-outline-loop-nests='min-iterations=16 unoptimized-entry-calls=3' %s | FileCheck %s

// Two layers' tanh over the same shape call one function (no_inline, and
// LLVM's noinline); the empty destination is made inside it. The bias
// added from a fill of zeros takes its fill along, with the constant the
// body reads. An update written over its own input stays, as do small
// loop nests and fills. Three calls: the entry is left to LLVM unoptimized
// and every callee, called once or not, stays out of line.
// CHECK-LABEL: func.func private @theano_loops_0(%{{.*}}: tensor<16x64xf32>) -> tensor<16x64xf32>
// CHECK-SAME: no_inline
// CHECK-SAME: passthrough = ["noinline"]
// CHECK: tensor.empty() : tensor<16x64xf32>
// CHECK: linalg.generic
// CHECK: math.tanh
// CHECK-LABEL: func.func private @theano_loops_1(%{{.*}}: tensor<16x64xf32>) -> tensor<64xf32>
// CHECK-SAME: no_inline
// CHECK-DAG: arith.constant 0.000000e+00 : f32
// CHECK-DAG: arith.constant 2.000000e+00 : f32
// CHECK: linalg.fill
// CHECK: linalg.generic
// CHECK-LABEL: func.func @main
// CHECK-SAME: passthrough = ["noinline", "optnone"]
// CHECK: call @theano_loops_0(%arg0)
// CHECK: call @theano_loops_0(
// CHECK: call @theano_loops_1(
// CHECK: linalg.generic {{.*}} ins(%arg2, %{{.*}} : tensor<64xf32>, tensor<64xf32>) outs(%arg2 : tensor<64xf32>)
// CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4xf32>)
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d1)>
#id1 = affine_map<(d0) -> (d0)>
func.func @main(%x: tensor<16x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>, %s: tensor<4xf32>)
    -> (tensor<16x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %two = arith.constant 2.0 : f32
  %e = tensor.empty() : tensor<16x64xf32>
  %h1 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<16x64xf32>) outs(%e : tensor<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  } -> tensor<16x64xf32>
  %h2 = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%h1 : tensor<16x64xf32>) outs(%e : tensor<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  } -> tensor<16x64xf32>
  %eb = tensor.empty() : tensor<64xf32>
  %zb = linalg.fill ins(%zero : f32) outs(%eb : tensor<64xf32>) -> tensor<64xf32>
  %g = linalg.generic {indexing_maps = [#id2, #row], iterator_types = ["reduction", "parallel"]}
      ins(%h2 : tensor<16x64xf32>) outs(%zb : tensor<64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m = arith.mulf %in, %two : f32
    %a = arith.addf %out, %m : f32
    linalg.yield %a : f32
  } -> tensor<64xf32>
  %u = linalg.generic {indexing_maps = [#id1, #id1, #id1], iterator_types = ["parallel"]}
      ins(%b, %g : tensor<64xf32>, tensor<64xf32>) outs(%b : tensor<64xf32>) {
  ^bb0(%in: f32, %in2: f32, %out: f32):
    %d = arith.subf %in, %in2 : f32
    linalg.yield %d : f32
  } -> tensor<64xf32>
  %es = tensor.empty() : tensor<4xf32>
  %small = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]}
      ins(%s : tensor<4xf32>) outs(%es : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  } -> tensor<4xf32>
  return %h2, %g, %u, %small : tensor<16x64xf32>, tensor<64xf32>, tensor<64xf32>, tensor<4xf32>
}

// -----

// Dynamic shapes: the sizes of a destination made again are arguments
// (read with tensor.dim). Fewer calls than the threshold: no optnone.
// CHECK-LABEL: func.func private @theano_loops_0(%{{.*}}: tensor<?xf32>, %{{.*}}: index) -> tensor<?xf32>
// CHECK: tensor.empty(%{{.*}}) : tensor<?xf32>
// CHECK-LABEL: func.func @dynamic
// CHECK-NOT: passthrough
// CHECK: %[[SIZE:.*]] = tensor.dim
// CHECK: call @theano_loops_0(%arg0, %[[SIZE]])
#id = affine_map<(d0) -> (d0)>
func.func @dynamic(%x: tensor<?xf32>, %n: index) -> tensor<?xf32> {
  %e = tensor.empty(%n) : tensor<?xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<?xf32>) outs(%e : tensor<?xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  } -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// An entry with fewer loop nests than min-nests is left as it is.
// RUN: theano-mlir-opt --split-input-file --theano-outline-loop-nests='min-nests=2' %s | FileCheck %s --check-prefix=FEW
// FEW-LABEL: func.func @one_nest
// FEW-NOT: call
// FEW: linalg.generic
#id = affine_map<(d0) -> (d0)>
func.func @one_nest(%x: tensor<128xf32>) -> tensor<128xf32> {
  %e = tensor.empty() : tensor<128xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<128xf32>) outs(%e : tensor<128xf32>) {
  ^bb0(%in: f32, %out: f32):
    %t = math.tanh %in : f32
    linalg.yield %t : f32
  } -> tensor<128xf32>
  return %r : tensor<128xf32>
}

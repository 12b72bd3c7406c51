// RUN: theano-mlir-opt %s -split-input-file -verify-diagnostics
// At least one verifier error per op family.

func.func @rank_mismatch(%a: tensor<?xf32>, %b: tensor<?x?xf32>) {
  // expected-error @+2 {{operands must have the same rank}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = theano.add %a, %b : tensor<?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @static_dims_differ(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{not broadcast-compatible in dimension 0: size 3 vs 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = theano.mul %a, %b : tensor<3xf32>, tensor<4xf32> -> tensor<3xf32>
  return
}

// -----

func.func @element_types_differ(%a: tensor<?xf32>, %b: tensor<?xf64>) {
  // expected-error @+1 {{all of {lhs, rhs} have same element type}}
  %0 = theano.sub %a, %b : tensor<?xf32>, tensor<?xf64> -> tensor<?xf32>
  return
}

// -----

func.func @wrong_result_type(%a: tensor<?xf32>, %b: tensor<1xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %0 = theano.add %a, %b : tensor<?xf32>, tensor<1xf32> -> tensor<1xf32>
  return
}

// -----

func.func @true_div_of_ints(%a: tensor<?xi32>) {
  // expected-error @+1 {{must be ranked tensor of float (f16, f32, f64) or complex (complex<f32>, complex<f64>) values}}
  %0 = theano.true_div %a, %a : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  return
}

// -----

func.func @bool_arithmetic(%a: tensor<?xi1>) {
  // expected-error @+1 {{must be ranked tensor of signed int (i8..i64) or unsigned int (ui8..ui64) or float (f16, f32, f64) or complex (complex<f32>, complex<f64>) values}}
  %0 = theano.add %a, %a : tensor<?xi1>, tensor<?xi1> -> tensor<?xi1>
  return
}

// -----

func.func @switch_condition_not_bool(%c: tensor<?xf32>, %a: tensor<?xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of bool (i1) values}}
  %0 = theano.switch %c, %a, %a : tensor<?xf32>, tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @exp_of_int(%a: tensor<?xi64>) {
  // expected-error @+1 {{must be ranked tensor of float (f16, f32, f64) or complex (complex<f32>, complex<f64>) values}}
  %0 = theano.exp %a : tensor<?xi64>
  return
}

// -----

func.func @not_of_float(%a: tensor<?xf64>) {
  // expected-error @+1 {{must be ranked tensor of bool (i1) or signed int}}
  %0 = theano.not %a : tensor<?xf64>
  return
}

// -----

func.func @cast_changes_shape(%a: tensor<?xf32>) {
  // expected-error @+1 {{requires the same shape for all operands and results}}
  %0 = theano.cast %a : tensor<?xf32> -> tensor<?x?xi32>
  return
}

// -----

func.func @constant_type_mismatch() {
  // expected-error @+1 {{all of {value, result} have same type}}
  %0 = "theano.constant"() {value = dense<1.0> : tensor<2xf32>} : () -> tensor<2xf64>
  return
}

// -----

func.func @dimshuffle_drops_non_broadcastable(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{input dimension 1 is dropped but is not broadcastable}}
  %0 = theano.dimshuffle %a [0] : tensor<?x?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @dimshuffle_repeats(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{input dimension 0 appears twice in new_order}}
  %0 = theano.dimshuffle %a [0, 0] : tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @dimshuffle_x_not_one(%a: tensor<?xf32>) {
  // expected-error @+1 {{dimension 1 is a new broadcastable dimension ('x') and must have static size 1}}
  %0 = theano.dimshuffle %a [0, -1] : tensor<?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @reshape_wrong_count(%a: tensor<2x3xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{cannot reshape 6 elements into 8}}
  %0 = theano.reshape %a, %s : tensor<2x3xf32>, tensor<2xi64> -> tensor<2x4xf32>
  return
}

// -----

func.func @reshape_shape_length(%a: tensor<?xf32>, %s: tensor<3xi64>) {
  // expected-error @+1 {{shape operand must have static length equal to the result rank 2}}
  %0 = theano.reshape %a, %s : tensor<?xf32>, tensor<3xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @shape_length(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result length must equal the input rank 2}}
  %0 = theano.shape %a : tensor<?x?xf32> -> tensor<3xi64>
  return
}

// -----

func.func @make_vector_length(%a: tensor<i64>) {
  // expected-error @+1 {{result length must be the number of elements, 1}}
  %0 = theano.make_vector %a : tensor<i64> -> tensor<2xi64>
  return
}

// -----

func.func @dim_axis(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{axis 2 is out of range for rank 2}}
  %0 = theano.dim %a[2] : tensor<?x?xf32> -> tensor<i64>
  return
}

// -----

func.func @sum_axes_unsorted(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{axes must be strictly increasing}}
  %0 = theano.sum %a [1, 0] : tensor<?x?xf32> -> tensor<f32>
  return
}

// -----

func.func @max_element_type(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result element type must equal the input's}}
  %0 = theano.max %a [1] : tensor<?x?xf32> -> tensor<?xf64>
  return
}

// -----

func.func @argmax_result_rank(%a: tensor<?x?xf32>) {
  // expected-error @+1 {{result rank must be the input rank minus the number of reduced axes}}
  %0 = theano.argmax %a [1] : tensor<?x?xf32> -> tensor<i64>
  return
}

// -----

func.func @dot_inner(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{inner dimensions differ: 3 vs 4}}
  %0 = theano.dot %a, %b : tensor<2x3xf32>, tensor<4xf32> -> tensor<2xf32>
  return
}

// -----

func.func @dot_rank(%a: tensor<2x3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{operands must be vectors or matrices, got ranks 3 and 1}}
  %0 = theano.dot %a, %b : tensor<2x3x4xf32>, tensor<4xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @check_too_many_values(%c: i1, %v: index) {
  // expected-error @+1 {{can show at most 4 values}}
  theano.check %c, "{0}"(%v, %v, %v, %v, %v)
  return
}

// -----

func.func @grad_of_a_vector(%x: tensor<?xf32>) {
  // expected-error @+1 {{cost must be a scalar (0-d tensor)}}
  %0 = theano.grad cost(%x : tensor<?xf32>) wrt(%x : tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @grad_type(%c: tensor<f32>, %x: tensor<?xf32>) {
  // expected-error @+1 {{the gradient of a float has its type}}
  %0 = theano.grad cost(%c : tensor<f32>) wrt(%x : tensor<?xf32>) -> tensor<?xf64>
  return
}

// -----

func.func @jacobian_of_a_matrix(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{expression must be a vector (1-d tensor)}}
  %0 = theano.jacobian %x : tensor<?x?xf32> wrt(%x : tensor<?x?xf32>) -> tensor<?x?x?xf32>
  return
}

// -----

func.func @jacobian_shape(%y: tensor<3xf32>, %x: tensor<?xf32>) {
  // expected-error @+1 {{the Jacobian with respect to 'tensor<?xf32>' has the expression's size then its shape}}
  %0 = theano.jacobian %y : tensor<3xf32> wrt(%x : tensor<?xf32>) -> tensor<?x?xf32>
  return
}

// -----

func.func @alloc_rank(%v: tensor<1xf32>, %s: tensor<2xi64>) {
  // expected-error @+1 {{value, shape and result must have one rank, got 1, 2 and 2}}
  %0 = theano.alloc %v, %s : tensor<1xf32>, tensor<2xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @softmax_of_a_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{needs at least one dimension (its rows)}}
  %0 = theano.softmax %x : tensor<f32>
  return
}

// -----

func.func @take_per_row_count(%x: tensor<3x4xf32>, %t: tensor<2xi64>) {
  // expected-error @+1 {{needs one index per row, one result per row}}
  %0 = theano.take_per_row %x, %t : tensor<3x4xf32>, tensor<2xi64> -> tensor<3xf32>
  return
}

// -----

func.func @take_per_row_rank(%x: tensor<?xf32>, %t: tensor<?xi64>) {
  // expected-error @+1 {{takes a matrix to a vector}}
  %0 = theano.take_per_row %x, %t : tensor<?xf32>, tensor<?xi64> -> tensor<?xf32>
  return
}

// -----

func.func @one_hot_rows(%t: tensor<3xi64>, %n: tensor<i64>) {
  // expected-error @+1 {{gives a matrix with one row per index}}
  %0 = theano.one_hot %t, %n : tensor<3xi64>, tensor<i64> -> tensor<2x?xf32>
  return
}

// -----

func.func @logsumexp_type(%x: tensor<?x?xf32>) {
  // expected-error @+1 {{result element type must equal the input's}}
  %0 = theano.logsumexp %x [1] : tensor<?x?xf32> -> tensor<?xf64>
  return
}

// -----

func.func @gemm_inner(%a: tensor<?x3xf32>, %b: tensor<4x?xf32>, %s: tensor<f32>) {
  // expected-error @+1 {{inner dimensions differ: 3 vs 4}}
  %0 = theano.gemm %a, %b, alpha(%s : tensor<f32>) : tensor<?x3xf32>, tensor<4x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @gemm_alpha(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>, %s: tensor<1xf32>) {
  // expected-error @+1 {{alpha must be a 0-d tensor}}
  %0 = theano.gemm %a, %b, alpha(%s : tensor<1xf32>) : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @gemm_c(%a: tensor<?x?xf32>, %b: tensor<?x5xf32>, %c: tensor<?x4xf32>, %s: tensor<f32>) {
  // expected-error @+1 {{does not broadcast to the result type}}
  %0 = theano.gemm c(%c : tensor<?x4xf32>, %s : tensor<f32>) %a, %b, alpha(%s : tensor<f32>) : tensor<?x?xf32>, tensor<?x5xf32> -> tensor<?x5xf32>
  return
}

// -----

func.func @gemm_vector(%a: tensor<?x?xf32>, %b: tensor<?xf32>, %s: tensor<f32>) {
  // expected-error @+1 {{a, b and the result must be matrices}}
  %0 = theano.gemm %a, %b, alpha(%s : tensor<f32>) : tensor<?x?xf32>, tensor<?xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @subtensor_rank(%x: tensor<?x?xf32>, %n: tensor<i64>) {
  // expected-error @+1 {{result must have rank 1}}
  %0 = theano.subtensor %x[%n] {indices = array<i1: true>, starts = array<i64: -9223372036854775808>, stops = array<i64: -9223372036854775807>, steps = array<i64: -9223372036854775807>} : tensor<?x?xf32>, tensor<i64> -> tensor<?x?xf32>
  return
}

// -----

func.func @subtensor_dynamic_count(%x: tensor<?xf32>, %n: tensor<i64>) {
  // expected-error @+1 {{has 1 dynamic operands for 0 dynamic bounds}}
  %0 = theano.subtensor %x[%n] {indices = array<i1: false>, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: 1>} : tensor<?xf32>, tensor<i64> -> tensor<?xf32>
  return
}

// -----

func.func @subtensor_zero_step(%x: tensor<?xf32>) {
  // expected-error @+1 {{slice step cannot be zero}}
  %0 = theano.subtensor %x[] {indices = array<i1: false>, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: 0>} : tensor<?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @subtensor_too_many(%x: tensor<?xf32>) {
  // expected-error @+1 {{indexes 2 dimensions of a rank-1 tensor}}
  %0 = theano.subtensor %x[] {indices = array<i1: false, false>, starts = array<i64: 1, 1>, stops = array<i64: 2, 2>, steps = array<i64: 1, 1>} : tensor<?xf32> -> tensor<?xf32>
  return
}

// -----

func.func @inc_subtensor_rank(%x: tensor<?x?xf32>, %v: tensor<?xf32>) {
  // expected-error @+1 {{value must have the indexed part's rank 2}}
  %0 = theano.inc_subtensor %x[], %v {indices = array<i1: false>, starts = array<i64: 1>, stops = array<i64: -9223372036854775807>, steps = array<i64: 1>} : tensor<?x?xf32>, tensor<?xf32>
  return
}

// -----

func.func @gather_shape(%x: tensor<?x?xf32>, %i: tensor<?xi64>) {
  // expected-error @+1 {{result must have the indices' shape followed by the input's dimensions past those indexed}}
  %0 = theano.advanced_subtensor %x[%i] : tensor<?x?xf32>, tensor<?xi64> -> tensor<?xf32>
  return
}

// -----

func.func @gather_index_ranks(%x: tensor<?x?xf32>, %i: tensor<?xi64>, %j: tensor<?x?xi64>) {
  // expected-error @+1 {{operands must have the same rank}}
  %0 = theano.advanced_subtensor %x[%i, %j] : tensor<?x?xf32>, tensor<?xi64>, tensor<?x?xi64> -> tensor<?x?xf32>
  return
}

// -----

func.func @scatter_value(%x: tensor<?x4xf32>, %i: tensor<?xi64>, %v: tensor<?x3xf32>) {
  // expected-error @+1 {{value does not broadcast to the indexed part}}
  %0 = theano.advanced_inc_subtensor %x[%i], %v : tensor<?x4xf32>, tensor<?x3xf32>, tensor<?xi64>
  return
}

// -----

// The parts of complex numbers take complex numbers only.
func.func @real_of_float(%a: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error @+1 {{must be ranked tensor of complex (complex<f32>, complex<f64>) values}}
  %0 = theano.real %a : tensor<?xf64> -> tensor<?xf64>
  return %0 : tensor<?xf64>
}

// -----

// Order-based ops have no complex bodies: sgn is refused by the verifier.
func.func @sgn_of_complex(%a: tensor<?xcomplex<f64>>) -> tensor<?xcomplex<f64>> {
  // expected-error @+1 {{must be ranked tensor of signed int}}
  %0 = theano.sgn %a : tensor<?xcomplex<f64>>
  return %0 : tensor<?xcomplex<f64>>
}

// -----

// Each branch of theano.ifelse yields values of the results' types.
func.func @ifelse_yield_types(%c: tensor<i1>, %x: tensor<?xf64>, %y: tensor<?xf32>) -> tensor<?xf64> {
  // expected-error @+1 {{a branch yields 'tensor<?xf32>' where the results are 'tensor<?xf64>'}}
  %0 = theano.ifelse %c : tensor<i1> -> tensor<?xf64> {
    theano.yield %x : tensor<?xf64>
  } else {
    theano.yield %y : tensor<?xf32>
  }
  return %0 : tensor<?xf64>
}

// -----

// theano.scan's last results are the states' final values.
func.func @scan_final_types(%n: tensor<i64>, %h0: tensor<?xf64>) -> tensor<?x?xf64> {
  // expected-error @+1 {{the last results are the states' final values, of their initial values' types}}
  %0:2 = theano.scan %n : tensor<i64> inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf32> {
  ^bb0(%h: tensor<?xf64>):
    theano.yield %h : tensor<?xf64>
  }
  return %0#0 : tensor<?x?xf64>
}

// -----

// theano.scan's body yields a new value per state of the state's type.
func.func @scan_state_type(%n: tensor<i64>, %h0: tensor<?xf64>, %y: tensor<?xf32>) -> tensor<?xf64> {
  // expected-error @+1 {{result #0 stacks the steps' 'tensor<?xf32>'}}
  %0:2 = theano.scan %n : tensor<i64> inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%h: tensor<?xf64>):
    theano.yield %y : tensor<?xf32>
  }
  return %0#1 : tensor<?xf64>
}

// -----

// With `until`, theano.scan's body yields a 0-d condition last.
func.func @scan_until_condition(%n: tensor<i64>, %h0: tensor<?xf64>) -> tensor<?x?xf64> {
  // expected-error @+1 {{the body yields one value per stacked result, then the condition to stop}}
  %0:2 = theano.scan %n : tensor<i64> inits(%h0 : tensor<?xf64>) -> tensor<?x?xf64>, tensor<?xf64> {
  ^bb0(%h: tensor<?xf64>):
    theano.yield %h : tensor<?xf64>
  } {until}
  return %0#0 : tensor<?x?xf64>
}

// -----

func.func @mrg_state_not_six(%state: tensor<?x5xi32>, %size: tensor<1xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{needs a state of six int32 per stream (n x 6)}}
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x5xi32>, tensor<1xi64> -> tensor<?xf32>
  return %u : tensor<?xf32>
}

// -----

func.func @mrg_size_rank(%state: tensor<?x6xi32>, %size: tensor<2xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{needs one size per dimension of the result}}
  %s, %u = theano.mrg_uniform %state, %size : tensor<?x6xi32>, tensor<2xi64> -> tensor<?xf32>
  return %u : tensor<?xf32>
}

// -----

func.func @conv_attributes(%x: tensor<?x?x?x?xf32>, %w: tensor<?x?x?x?xf32>) -> tensor<?x?x?x?xf32> {
  // expected-error @+1 {{needs one stride, dilation and padding per spatial dimension}}
  %y = theano.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0>} : tensor<?x?x?x?xf32>, tensor<?x?x?x?xf32> -> tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}

// -----

func.func @conv_padding(%x: tensor<?x?x?xf32>, %w: tensor<?x?x?xf32>) -> tensor<?x?x?xf32> {
  // expected-error @+1 {{needs paddings of at least 0 (-1: full, -2: half)}}
  %y = theano.conv %x, %w {strides = array<i64: 1>, dilations = array<i64: 1>, padding = array<i64: -3>} : tensor<?x?x?xf32>, tensor<?x?x?xf32> -> tensor<?x?x?xf32>
  return %y : tensor<?x?x?xf32>
}

// -----

func.func @pool_mode(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{has an unknown mode 'median'}}
  %y = theano.pool %x {window = array<i64: 2>, strides = array<i64: 2>, padding = array<i64: 0>, mode = "median"} : tensor<?x?xf32> -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

func.func @pool_padding(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error @+1 {{pads only with ignore_border}}
  %y = theano.pool %x {window = array<i64: 2>, strides = array<i64: 2>, padding = array<i64: 1>, mode = "max"} : tensor<?x?xf32> -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// -----

func.func @rop_tangents(%y: tensor<?xf32>, %x: tensor<?xf32>) {
  // expected-error @+1 {{needs one tangent per wrt value}}
  %0 = "theano.rop"(%y, %x) {operandSegmentSizes = array<i32: 1, 1, 0, 0>} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  return
}

// -----

func.func @rop_tangent_type(%y: tensor<?xf32>, %x: tensor<?xf32>, %v: tensor<?xf64>) {
  // expected-error @+1 {{a tangent has its wrt value's type}}
  %0 = theano.rop outputs(%y : tensor<?xf32>) wrt(%x : tensor<?xf32>) tangents(%v : tensor<?xf64>) -> tensor<?xf32>
  return
}

// -----

func.func @rop_product_type(%y: tensor<?xf32>, %x: tensor<?xf32>, %v: tensor<?xf32>) {
  // expected-error @+1 {{a product has its output's type}}
  %0 = theano.rop outputs(%y : tensor<?xf32>) wrt(%x : tensor<?xf32>) tangents(%v : tensor<?xf32>) -> tensor<?xf64>
  return
}

// -----

func.func @pool_max_grad_grad_rank(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %g: tensor<?x?xf32>) {
  // expected-error @+1 {{keeps the rank}}
  %0 = theano.pool_max_grad_grad %x, %y, %g {window = array<i64: 2>, strides = array<i64: 2>, padding = array<i64: 0>} : tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf32> -> tensor<?xf32>
  return
}

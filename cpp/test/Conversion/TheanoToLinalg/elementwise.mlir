// RUN: theano-mlir-opt %s -convert-theano-to-linalg | FileCheck %s
// Every elementwise op lowers to one linalg.generic with its scalar body;
// the signedness of ui types picks the arith op, and the types become signless.
// The broadcasting maps (used in @broadcast_row below).
// CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>

// CHECK-LABEL: func @add_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.addf
func.func @add_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.add %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @add_ui8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.addi
func.func @add_ui8(%a: tensor<?x?xui8>, %b: tensor<?x?xui8>) -> tensor<?x?xui8> {
  %0 = theano.add %a, %b : tensor<?x?xui8>, tensor<?x?xui8> -> tensor<?x?xui8>
  return %0 : tensor<?x?xui8>
}

// CHECK-LABEL: func @sub_f64
// CHECK-SAME: tensor<?x?xf64>
// CHECK: linalg.generic
// CHECK: arith.subf
func.func @sub_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.sub %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// CHECK-LABEL: func @sub_i16
// CHECK-SAME: tensor<?x?xi16>
// CHECK: linalg.generic
// CHECK: arith.subi
func.func @sub_i16(%a: tensor<?x?xi16>, %b: tensor<?x?xi16>) -> tensor<?x?xi16> {
  %0 = theano.sub %a, %b : tensor<?x?xi16>, tensor<?x?xi16> -> tensor<?x?xi16>
  return %0 : tensor<?x?xi16>
}

// CHECK-LABEL: func @mul_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.mulf
func.func @mul_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.mul %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @mul_i64
// CHECK-SAME: tensor<?x?xi64>
// CHECK: linalg.generic
// CHECK: arith.muli
func.func @mul_i64(%a: tensor<?x?xi64>, %b: tensor<?x?xi64>) -> tensor<?x?xi64> {
  %0 = theano.mul %a, %b : tensor<?x?xi64>, tensor<?x?xi64> -> tensor<?x?xi64>
  return %0 : tensor<?x?xi64>
}

// CHECK-LABEL: func @true_div_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.divf
func.func @true_div_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.true_div %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @int_div_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.floordivsi
func.func @int_div_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %0 = theano.int_div %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// CHECK-LABEL: func @int_div_ui32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.divui
func.func @int_div_ui32(%a: tensor<?x?xui32>, %b: tensor<?x?xui32>) -> tensor<?x?xui32> {
  %0 = theano.int_div %a, %b : tensor<?x?xui32>, tensor<?x?xui32> -> tensor<?x?xui32>
  return %0 : tensor<?x?xui32>
}

// CHECK-LABEL: func @int_div_f64
// CHECK-SAME: tensor<?x?xf64>
// CHECK: linalg.generic
// CHECK: arith.remf
func.func @int_div_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.int_div %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// CHECK-LABEL: func @mod_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.remsi
func.func @mod_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %0 = theano.mod %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// CHECK-LABEL: func @mod_ui16
// CHECK-SAME: tensor<?x?xi16>
// CHECK: linalg.generic
// CHECK: arith.remui
func.func @mod_ui16(%a: tensor<?x?xui16>, %b: tensor<?x?xui16>) -> tensor<?x?xui16> {
  %0 = theano.mod %a, %b : tensor<?x?xui16>, tensor<?x?xui16> -> tensor<?x?xui16>
  return %0 : tensor<?x?xui16>
}

// CHECK-LABEL: func @mod_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.remf
func.func @mod_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.mod %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @pow_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: math.powf
func.func @pow_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.pow %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @pow_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: math.ipowi
func.func @pow_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %0 = theano.pow %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// CHECK-LABEL: func @maximum_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.maximumf
func.func @maximum_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.maximum %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// CHECK-LABEL: func @maximum_i8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.maxsi
func.func @maximum_i8(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>) -> tensor<?x?xi8> {
  %0 = theano.maximum %a, %b : tensor<?x?xi8>, tensor<?x?xi8> -> tensor<?x?xi8>
  return %0 : tensor<?x?xi8>
}

// CHECK-LABEL: func @maximum_ui8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.maxui
func.func @maximum_ui8(%a: tensor<?x?xui8>, %b: tensor<?x?xui8>) -> tensor<?x?xui8> {
  %0 = theano.maximum %a, %b : tensor<?x?xui8>, tensor<?x?xui8> -> tensor<?x?xui8>
  return %0 : tensor<?x?xui8>
}

// CHECK-LABEL: func @minimum_f64
// CHECK-SAME: tensor<?x?xf64>
// CHECK: linalg.generic
// CHECK: arith.minimumf
func.func @minimum_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xf64> {
  %0 = theano.minimum %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xf64>
  return %0 : tensor<?x?xf64>
}

// CHECK-LABEL: func @minimum_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.minsi
func.func @minimum_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %0 = theano.minimum %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// CHECK-LABEL: func @minimum_ui64
// CHECK-SAME: tensor<?x?xi64>
// CHECK: linalg.generic
// CHECK: arith.minui
func.func @minimum_ui64(%a: tensor<?x?xui64>, %b: tensor<?x?xui64>) -> tensor<?x?xui64> {
  %0 = theano.minimum %a, %b : tensor<?x?xui64>, tensor<?x?xui64> -> tensor<?x?xui64>
  return %0 : tensor<?x?xui64>
}

// CHECK-LABEL: func @eq_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.cmpf oeq
func.func @eq_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xi1> {
  %0 = theano.eq %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @eq_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.cmpi eq
func.func @eq_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi1> {
  %0 = theano.eq %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @neq_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.cmpf une
func.func @neq_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xi1> {
  %0 = theano.neq %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @neq_ui8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.cmpi ne
func.func @neq_ui8(%a: tensor<?x?xui8>, %b: tensor<?x?xui8>) -> tensor<?x?xi1> {
  %0 = theano.neq %a, %b : tensor<?x?xui8>, tensor<?x?xui8> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @lt_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.cmpf olt
func.func @lt_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xi1> {
  %0 = theano.lt %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @lt_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.cmpi slt
func.func @lt_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi1> {
  %0 = theano.lt %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @lt_ui32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.cmpi ult
func.func @lt_ui32(%a: tensor<?x?xui32>, %b: tensor<?x?xui32>) -> tensor<?x?xi1> {
  %0 = theano.lt %a, %b : tensor<?x?xui32>, tensor<?x?xui32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @le_f32
// CHECK-SAME: tensor<?x?xf32>
// CHECK: linalg.generic
// CHECK: arith.cmpf ole
func.func @le_f32(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xi1> {
  %0 = theano.le %a, %b : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @le_i8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.cmpi sle
func.func @le_i8(%a: tensor<?x?xi8>, %b: tensor<?x?xi8>) -> tensor<?x?xi1> {
  %0 = theano.le %a, %b : tensor<?x?xi8>, tensor<?x?xi8> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @le_ui8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.cmpi ule
func.func @le_ui8(%a: tensor<?x?xui8>, %b: tensor<?x?xui8>) -> tensor<?x?xi1> {
  %0 = theano.le %a, %b : tensor<?x?xui8>, tensor<?x?xui8> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @gt_f64
// CHECK-SAME: tensor<?x?xf64>
// CHECK: linalg.generic
// CHECK: arith.cmpf ogt
func.func @gt_f64(%a: tensor<?x?xf64>, %b: tensor<?x?xf64>) -> tensor<?x?xi1> {
  %0 = theano.gt %a, %b : tensor<?x?xf64>, tensor<?x?xf64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @gt_i16
// CHECK-SAME: tensor<?x?xi16>
// CHECK: linalg.generic
// CHECK: arith.cmpi sgt
func.func @gt_i16(%a: tensor<?x?xi16>, %b: tensor<?x?xi16>) -> tensor<?x?xi1> {
  %0 = theano.gt %a, %b : tensor<?x?xi16>, tensor<?x?xi16> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @gt_ui16
// CHECK-SAME: tensor<?x?xi16>
// CHECK: linalg.generic
// CHECK: arith.cmpi ugt
func.func @gt_ui16(%a: tensor<?x?xui16>, %b: tensor<?x?xui16>) -> tensor<?x?xi1> {
  %0 = theano.gt %a, %b : tensor<?x?xui16>, tensor<?x?xui16> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @ge_f16
// CHECK-SAME: tensor<?x?xf16>
// CHECK: linalg.generic
// CHECK: arith.cmpf oge
func.func @ge_f16(%a: tensor<?x?xf16>, %b: tensor<?x?xf16>) -> tensor<?x?xi1> {
  %0 = theano.ge %a, %b : tensor<?x?xf16>, tensor<?x?xf16> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @ge_i64
// CHECK-SAME: tensor<?x?xi64>
// CHECK: linalg.generic
// CHECK: arith.cmpi sge
func.func @ge_i64(%a: tensor<?x?xi64>, %b: tensor<?x?xi64>) -> tensor<?x?xi1> {
  %0 = theano.ge %a, %b : tensor<?x?xi64>, tensor<?x?xi64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @ge_ui64
// CHECK-SAME: tensor<?x?xi64>
// CHECK: linalg.generic
// CHECK: arith.cmpi uge
func.func @ge_ui64(%a: tensor<?x?xui64>, %b: tensor<?x?xui64>) -> tensor<?x?xi1> {
  %0 = theano.ge %a, %b : tensor<?x?xui64>, tensor<?x?xui64> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @and_i1
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.andi
func.func @and_i1(%a: tensor<?x?xi1>, %b: tensor<?x?xi1>) -> tensor<?x?xi1> {
  %0 = theano.and %a, %b : tensor<?x?xi1>, tensor<?x?xi1> -> tensor<?x?xi1>
  return %0 : tensor<?x?xi1>
}

// CHECK-LABEL: func @or_i32
// CHECK-SAME: tensor<?x?xi32>
// CHECK: linalg.generic
// CHECK: arith.ori
func.func @or_i32(%a: tensor<?x?xi32>, %b: tensor<?x?xi32>) -> tensor<?x?xi32> {
  %0 = theano.or %a, %b : tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xi32>
  return %0 : tensor<?x?xi32>
}

// CHECK-LABEL: func @xor_ui8
// CHECK-SAME: tensor<?x?xi8>
// CHECK: linalg.generic
// CHECK: arith.xori
func.func @xor_ui8(%a: tensor<?x?xui8>, %b: tensor<?x?xui8>) -> tensor<?x?xui8> {
  %0 = theano.xor %a, %b : tensor<?x?xui8>, tensor<?x?xui8> -> tensor<?x?xui8>
  return %0 : tensor<?x?xui8>
}

// CHECK-LABEL: func @neg_f32
// CHECK: linalg.generic
// CHECK: arith.negf
func.func @neg_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.neg %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @neg_i32
// CHECK: linalg.generic
// CHECK: arith.subi
func.func @neg_i32(%a: tensor<?xi32>) -> tensor<?xi32> {
  %0 = theano.neg %a : tensor<?xi32>
  return %0 : tensor<?xi32>
}

// CHECK-LABEL: func @abs_f32
// CHECK: linalg.generic
// CHECK: math.absf
func.func @abs_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.abs %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @abs_i32
// CHECK: linalg.generic
// CHECK: arith.cmpi slt
func.func @abs_i32(%a: tensor<?xi32>) -> tensor<?xi32> {
  %0 = theano.abs %a : tensor<?xi32>
  return %0 : tensor<?xi32>
}

// CHECK-LABEL: func @sgn_f32
// CHECK: linalg.generic
// CHECK: arith.select
func.func @sgn_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.sgn %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @sqr_f64
// CHECK: linalg.generic
// CHECK: arith.mulf
func.func @sqr_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.sqr %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @not_i1
// CHECK: linalg.generic
// CHECK: arith.xori
func.func @not_i1(%a: tensor<?xi1>) -> tensor<?xi1> {
  %0 = theano.not %a : tensor<?xi1>
  return %0 : tensor<?xi1>
}

// CHECK-LABEL: func @exp_f32
// CHECK: linalg.generic
// CHECK: math.exp
func.func @exp_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.exp %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @log_f32
// CHECK: linalg.generic
// CHECK: math.log
func.func @log_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.log %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @log1p_f64
// CHECK: linalg.generic
// CHECK: math.log1p
func.func @log1p_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.log1p %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @expm1_f64
// CHECK: linalg.generic
// CHECK: math.expm1
func.func @expm1_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.expm1 %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @sqrt_f32
// CHECK: linalg.generic
// CHECK: math.sqrt
func.func @sqrt_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.sqrt %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @tanh_f32
// CHECK: linalg.generic
// CHECK: math.tanh
func.func @tanh_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.tanh %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @sigmoid_f32
// CHECK: linalg.generic
// CHECK: math.exp
func.func @sigmoid_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.sigmoid %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @softplus_f64
// CHECK: linalg.generic
// CHECK: math.log1p
func.func @softplus_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.softplus %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// CHECK-LABEL: func @sin_f32
// CHECK: linalg.generic
// CHECK: math.sin
func.func @sin_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.sin %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @cos_f32
// CHECK: linalg.generic
// CHECK: math.cos
func.func @cos_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.cos %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @floor_f32
// CHECK: linalg.generic
// CHECK: math.floor
func.func @floor_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.floor %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @ceil_f32
// CHECK: linalg.generic
// CHECK: math.ceil
func.func @ceil_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.ceil %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @round_f32
// CHECK: linalg.generic
// CHECK: math.roundeven
func.func @round_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.round %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @round_half_away
// CHECK: math.round
func.func @round_half_away(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.round %a {half_away_from_zero} : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// Broadcasting: static-1 dimensions are read at index 0; dynamic dimensions
// must agree at run time, which becomes a theano.check, not an assert.
// CHECK-LABEL: func @broadcast_row
// CHECK-SAME: (%[[A:.*]]: tensor<?x?xf32>, %[[B:.*]]: tensor<1x?xf32>)
// CHECK-DAG: %[[D1A:.*]] = tensor.dim %[[A]], %c1
// CHECK-DAG: %[[D1B:.*]] = tensor.dim %[[B]], %c1
// CHECK: %[[OK:.*]] = arith.cmpi eq, %[[D1A]], %[[D1B]]
// CHECK: theano.check %[[OK]], "theano.add: Input dimension mis-match. (input[0].shape[1] = {0}, input[1].shape[1] = {1})"(%[[D1A]], %[[D1B]])
// CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[ROW]], #[[ID]]]
// CHECK-NOT: cf.assert
func.func @broadcast_row(%a: tensor<?x?xf32>, %b: tensor<1x?xf32>) -> tensor<?x?xf32> {
  %0 = theano.add %a, %b : tensor<?x?xf32>, tensor<1x?xf32> -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// Static sizes that agree need no check.
// CHECK-LABEL: func @static_no_check
// CHECK-NOT: theano.check
// CHECK: linalg.generic
func.func @static_no_check(%a: tensor<3xf32>, %b: tensor<3xf32>) -> tensor<3xf32> {
  %0 = theano.mul %a, %b : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// CHECK-LABEL: func @switch
// CHECK: linalg.generic
// CHECK: arith.select
func.func @switch(%c: tensor<?xi1>, %a: tensor<?xf32>, %b: tensor<1xf32>) -> tensor<?xf32> {
  %0 = theano.switch %c, %a, %b : tensor<?xi1>, tensor<?xf32>, tensor<1xf32> -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// Integer division guards the divisor: no trap on 0 or INT_MIN / -1.
// CHECK-LABEL: func @int_div_guards
// CHECK: arith.cmpi eq, %{{.*}}, %c0_i32
// CHECK: arith.cmpi eq, %{{.*}}, %c-1_i32
// CHECK: arith.select
// CHECK: arith.floordivsi
func.func @int_div_guards(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %0 = theano.int_div %a, %b : tensor<?xi32>, tensor<?xi32> -> tensor<?xi32>
  return %0 : tensor<?xi32>
}

// Constants keep their bits; unsigned element types become signless.
// CHECK-LABEL: func @constant_unsigned
// CHECK: arith.constant dense<[1, -1]> : tensor<2xi8>
func.func @constant_unsigned() -> tensor<2xui8> {
  %0 = theano.constant dense<[1, 255]> : tensor<2xui8>
  return %0 : tensor<2xui8>
}

// The frontend names ops after Theano's nodes; messages use that name, its
// braces doubled (Reshape{2} must not read as the placeholder {2}).
// CHECK-LABEL: func @named_node
// CHECK: theano.check %{{.*}}, "Elemwise{{[{][{]}}add,no_inplace{{[}][}]}}(x, y): Input dimension mis-match.
func.func @named_node(%a: tensor<?xf32>, %b: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.add %a, %b : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32> loc("Elemwise{add,no_inplace}(x, y)")
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @inv_f32
// CHECK: linalg.generic
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK: arith.divf %[[ONE]], %{{.*}} : f32
func.func @inv_f32(%a: tensor<?xf32>) -> tensor<?xf32> {
  %0 = theano.inv %a : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// CHECK-LABEL: func @erf_f64
// CHECK: linalg.generic
// CHECK: math.erf %{{.*}} : f64
func.func @erf_f64(%a: tensor<?xf64>) -> tensor<?xf64> {
  %0 = theano.erf %a : tensor<?xf64>
  return %0 : tensor<?xf64>
}

// isnan: x unordered with itself; isinf: |x| == inf. Bool results.
// CHECK-LABEL: func @isnan_isinf
// CHECK: linalg.generic
// CHECK: arith.cmpf uno, %[[X:.*]], %[[X]] : f32
// CHECK: linalg.generic
// CHECK: %[[ABS:.*]] = math.absf %{{.*}} : f32
// CHECK: arith.cmpf oeq, %[[ABS]], %{{.*}} : f32
func.func @isnan_isinf(%a: tensor<?xf32>) -> (tensor<?xi1>, tensor<?xi1>) {
  %0 = theano.isnan %a : tensor<?xf32> -> tensor<?xi1>
  %1 = theano.isinf %a : tensor<?xf32> -> tensor<?xi1>
  return %0, %1 : tensor<?xi1>, tensor<?xi1>
}

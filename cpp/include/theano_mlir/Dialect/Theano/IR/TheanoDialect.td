//===- TheanoDialect.td - the `theano` dialect ------------*- tablegen -*-===//
//
// The dialect, its element and tensor type constraints, and the op base class.
//
//===----------------------------------------------------------------------===//

#ifndef THEANO_DIALECT_TD
#define THEANO_DIALECT_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"

def Theano_Dialect : Dialect {
  let name = "theano";
  let cppNamespace = "::mlir::theano";
  let summary = "Theano's tensor operations";
  let description = [{
    Values are builtin ranked tensors. A static dimension of size 1 marks a
    Theano broadcastable dimension; every other dimension is dynamic (`?`) or
    a known size. Element types map Theano dtypes: `i1` is bool, signless
    `i8`..`i64` are Theano's signed ints, `ui8`..`ui64` its unsigned ints,
    `f16`/`f32`/`f64` its floats. Operands of one elementwise op share one
    element type: dtype upcasting is the frontend's job (explicit `cast`).
  }];
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Element and tensor constraints
//===----------------------------------------------------------------------===//

def Theano_Bool : AnyTypeOf<[I1], "bool (i1)">;
def Theano_SignedInt : AnyTypeOf<[I8, I16, I32, I64], "signed int (i8..i64)">;
def Theano_UnsignedInt : AnyTypeOf<[UI8, UI16, UI32, UI64], "unsigned int (ui8..ui64)">;
def Theano_Float : AnyTypeOf<[F16, F32, F64], "float (f16, f32, f64)">;
def Theano_Int : AnyTypeOf<[Theano_SignedInt, Theano_UnsignedInt]>;
def Theano_Numeric : AnyTypeOf<[Theano_Int, Theano_Float]>;
def Theano_IntOrBool : AnyTypeOf<[Theano_Bool, Theano_Int]>;
def Theano_Complex : AnyTypeOf<[Complex<F32>, Complex<F64>],
                               "complex (complex<f32>, complex<f64>)">;
// What numpy computes arithmetic (+, -, *, **) with: numbers of any kind.
def Theano_Arithmetic : AnyTypeOf<[Theano_Numeric, Theano_Complex]>;
// What numpy's transcendental functions take: floats and complex numbers.
def Theano_Inexact : AnyTypeOf<[Theano_Float, Theano_Complex]>;
def Theano_Element : AnyTypeOf<[Theano_Bool, Theano_Arithmetic]>;

def Theano_Tensor : RankedTensorOf<[Theano_Element]>;
def Theano_BoolTensor : RankedTensorOf<[Theano_Bool]>;
def Theano_NumericTensor : RankedTensorOf<[Theano_Numeric]>;
def Theano_FloatTensor : RankedTensorOf<[Theano_Float]>;
def Theano_ComplexTensor : RankedTensorOf<[Theano_Complex]>;
def Theano_ArithmeticTensor : RankedTensorOf<[Theano_Arithmetic]>;
def Theano_InexactTensor : RankedTensorOf<[Theano_Inexact]>;
def Theano_IntOrBoolTensor : RankedTensorOf<[Theano_IntOrBool]>;
def Theano_ShapeVector : 1DTensorOf<[I64]>;
def Theano_I64Scalar : 0DTensorOf<[I64]>;

//===----------------------------------------------------------------------===//
// Base class
//===----------------------------------------------------------------------===//

class Theano_Op<string mnemonic, list<Trait> traits = []>
    : Op<Theano_Dialect, mnemonic, traits>;

#endif // THEANO_DIALECT_TD

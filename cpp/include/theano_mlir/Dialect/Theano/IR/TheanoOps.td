//===- TheanoOps.td - `theano` dialect operations ---------*- tablegen -*-===//
//
// Every Theano op is defined here once. The C++ classes, the verifiers'
// declarations and the Python builders (`-gen-python-op-bindings`) are all
// generated from this file.
//
//===----------------------------------------------------------------------===//

#ifndef THEANO_OPS_TD
#define THEANO_OPS_TD

include "theano_mlir/Dialect/Theano/IR/TheanoDialect.td"
include "theano_mlir/Dialect/Theano/IR/TheanoInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

// An op with a derivative rule (composite ops: in TheanoGradients.cpp;
// elementwise ops: their `derivative` below).
def Theano_Differentiable : DeclareOpInterfaceMethods<Theano_GradientOpInterface>;

//===----------------------------------------------------------------------===//
// Elementwise ops
//
// An elementwise op is declared once, here, with its derivative rule. It
// then needs its scalar body (`emitScalar` in
// Conversion/TheanoToLinalg/Elementwise.cpp: the lowering registers every
// Theano_Elementwise op), one entry in the frontend's table
// (theano_mlir/tensor/elemwise.py), and its tests.
//
// `derivative` is the body of the reverse-mode rule, in C++. It sees `r` (a
// TheanoBuilder), `g` (the result's adjoint), and the op's values: `x` the
// operand and `y` the result (unary ops); `x`, `y` the operands and `z` the
// result (binary ops). A unary rule returns the operand's adjoint, a binary
// one a std::pair of both, before unbroadcasting (a null Value for none).
// An op without one is declared Theano_NonDifferentiable.
//===----------------------------------------------------------------------===//

class Theano_DerivativeTraits<code derivative> {
  list<Trait> traits = !if(!empty(derivative), [Theano_NonDifferentiable],
                                                [Theano_Differentiable]);
}

// Operands have one rank; a dimension broadcasts where its static size is 1.
// The result type is inferred: its element type is `resultElement` (a C++
// expression; a null Type means "the operands' element type").
class Theano_BroadcastOp<string mnemonic, string resultElement,
                         list<Trait> traits = []>
    : Theano_Op<mnemonic, traits # [Pure, InferTypeOpInterface,
                                    Theano_Elementwise]> {
  let results = (outs Theano_Tensor:$result);
  let extraClassDeclaration = [{
    static ::llvm::LogicalResult inferReturnTypes(
        ::mlir::MLIRContext *context, ::std::optional<::mlir::Location> location,
        ::mlir::ValueRange operands, ::mlir::DictionaryAttr,
        ::mlir::OpaqueProperties, ::mlir::RegionRange,
        ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::theano::inferBroadcastType(
          location, operands.getTypes(), }] # resultElement # [{, inferred);
    }
  }];
}

class Theano_BinaryOp<string mnemonic, Type operandType, code derivative,
                      string resultElement = "::mlir::Type()">
    : Theano_BroadcastOp<mnemonic, resultElement,
                         [AllElementTypesMatch<["lhs", "rhs"]>] #
                         Theano_DerivativeTraits<derivative>.traits> {
  let arguments = (ins operandType:$lhs, operandType:$rhs);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let extraClassDefinition = !if(!empty(derivative), "", [{
    void $cppClass::buildGradients(::mlir::OpBuilder &b,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      ::mlir::Value x = getLhs(), y = getRhs(), z = getResult();
      (void)z;
      binaryGradient(b, getLoc(), x, y, resultGrads, out,
                     [&](TheanoBuilder &r, ::mlir::Value g)
                         -> ::std::pair<::mlir::Value, ::mlir::Value> {
  }] # derivative # [{
      });
    }
  }]);
}

class Theano_CompareOp<string mnemonic>
    : Theano_BinaryOp<mnemonic, Theano_Tensor, "",
                      "::mlir::IntegerType::get(context, 1)"> {
  let summary = "elementwise comparison, bool result";
}

def Theano_AddOp : Theano_BinaryOp<"add", Theano_ArithmeticTensor, [{
    return std::pair(g, g);
}]> {
  let summary = "elementwise addition";
  let hasFolder = 1;
}
def Theano_SubOp : Theano_BinaryOp<"sub", Theano_ArithmeticTensor, [{
    return std::pair(g, r.neg(g));
}]> {
  let summary = "elementwise subtraction";
  let hasFolder = 1;
}
def Theano_MulOp : Theano_BinaryOp<"mul", Theano_ArithmeticTensor, [{
    return std::pair(r.mul(g, y), r.mul(g, x));
}]> {
  let summary = "elementwise multiplication";
  let hasFolder = 1;
}
def Theano_TrueDivOp : Theano_BinaryOp<"true_div", Theano_InexactTensor, [{
    // d(x/y)/dy = -(x/y)/y.
    return std::pair(r.div(g, y), r.neg(r.div(r.mul(g, z), y)));
}]> {
  let summary = "elementwise true division (floats; the frontend casts ints)";
}
def Theano_IntDivOp : Theano_BinaryOp<"int_div", Theano_NumericTensor, ""> {
  let summary = "elementwise floor division, Python's `//`";
  let description = [{
    Rounds toward negative infinity. For integers, division by zero gives 0
    (numpy's result) instead of trapping.
  }];
}
def Theano_ModOp : Theano_BinaryOp<"mod", Theano_NumericTensor, [{
    // x % y = x - y * floor(x / y).
    ::mlir::Value quotient = IntDivOp::create(r.b, r.loc, x, y);
    return std::pair(g, r.neg(r.mul(g, quotient)));
}]> {
  let summary = "elementwise modulo, Python's `%` (sign of the divisor)";
  let description = [{ For integers, modulo by zero gives 0 (numpy's result). }];
}
def Theano_PowOp : Theano_BinaryOp<"pow", Theano_ArithmeticTensor, [{
    // d/dx = y x^(y-1); d/dy = log(x) x^y, taken as 0 where x = 0 (Theano).
    ::mlir::Value one = r.constant(y, 1.0), zero = r.constant(x, 0.0);
    ::mlir::Value power = PowOp::create(r.b, r.loc, x, r.sub(y, one));
    ::mlir::Value dx = r.mul(g, r.mul(y, power));
    ::mlir::Value logX = LogOp::create(r.b, r.loc, x);
    ::mlir::Value dy = r.mul(g, r.select(r.eq(x, zero), r.constant(z, 0.0),
                                         r.mul(logX, z)));
    return std::pair(dx, dy);
}]> {
  let summary = "elementwise power";
}
// Ties give the gradient to both operands, as in Theano.
def Theano_MaximumOp : Theano_BinaryOp<"maximum", Theano_Tensor, [{
    return std::pair(r.mul(g, r.asNumber(r.eq(z, x), g)),
                     r.mul(g, r.asNumber(r.eq(z, y), g)));
}]> {
  let summary = "elementwise maximum; NaN propagates as in numpy";
  let hasFolder = 1;
}
def Theano_MinimumOp : Theano_BinaryOp<"minimum", Theano_Tensor, [{
    return std::pair(r.mul(g, r.asNumber(r.eq(z, x), g)),
                     r.mul(g, r.asNumber(r.eq(z, y), g)));
}]> {
  let summary = "elementwise minimum; NaN propagates as in numpy";
  let hasFolder = 1;
}

def Theano_EqOp : Theano_CompareOp<"eq">;
def Theano_NeqOp : Theano_CompareOp<"neq">;
def Theano_LtOp : Theano_CompareOp<"lt">;
def Theano_LeOp : Theano_CompareOp<"le">;
def Theano_GtOp : Theano_CompareOp<"gt">;
def Theano_GeOp : Theano_CompareOp<"ge">;

def Theano_AndOp : Theano_BinaryOp<"and", Theano_IntOrBoolTensor, ""> {
  let summary = "elementwise and: logical on bool, bitwise on ints";
}
def Theano_OrOp : Theano_BinaryOp<"or", Theano_IntOrBoolTensor, ""> {
  let summary = "elementwise or: logical on bool, bitwise on ints";
}
def Theano_XorOp : Theano_BinaryOp<"xor", Theano_IntOrBoolTensor, ""> {
  let summary = "elementwise xor: logical on bool, bitwise on ints";
}

def Theano_SwitchOp : Theano_BroadcastOp<"switch", "::mlir::Type()",
    [AllElementTypesMatch<["if_true", "if_false"]>, Theano_Differentiable]> {
  let summary = "elementwise select: `condition ? if_true : if_false`";
  let arguments = (ins Theano_BoolTensor:$condition, Theano_Tensor:$if_true,
                       Theano_Tensor:$if_false);
  let assemblyFormat = [{
    $condition `,` $if_true `,` $if_false attr-dict `:` type($condition) `,`
    type($if_true) `,` type($if_false) `->` type($result)
  }];
  let extraClassDefinition = [{
    void $cppClass::buildGradients(::mlir::OpBuilder &b,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      TheanoBuilder r{b, getLoc()};
      ::mlir::Value g = resultGrads[0];
      out.push_back(::mlir::Value()); // the condition
      if (!g) {
        out.append(2, ::mlir::Value());
        return;
      }
      ::mlir::Value zero = r.constant(g, 0.0);
      out.push_back(r.unbroadcastTo(r.select(getCondition(), g, zero), getIfTrue()));
      out.push_back(r.unbroadcastTo(r.select(getCondition(), zero, g), getIfFalse()));
    }
  }];
}

class Theano_UnaryOp<string mnemonic, Type type, code derivative>
    : Theano_Op<mnemonic, [Pure, SameOperandsAndResultType, Theano_Elementwise] #
                          Theano_DerivativeTraits<derivative>.traits> {
  let arguments = (ins type:$operand);
  let results = (outs type:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand)";
  let extraClassDefinition = !if(!empty(derivative), "", [{
    void $cppClass::buildGradients(::mlir::OpBuilder &b,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      ::mlir::Value x = getOperand(), y = getResult();
      (void)x;
      (void)y;
      unaryGradient(b, getLoc(), resultGrads, out,
                    [&](TheanoBuilder &r, ::mlir::Value g) -> ::mlir::Value {
  }] # derivative # [{
      });
    }
  }]);
}

def Theano_NegOp : Theano_UnaryOp<"neg", Theano_ArithmeticTensor, [{
    return r.neg(g);
}]> {
  let summary = "elementwise negation";
  let hasFolder = 1;
}
def Theano_AbsOp : Theano_UnaryOp<"abs", Theano_NumericTensor, [{
    return r.mul(g, SgnOp::create(r.b, r.loc, x));
}]> {
  let summary = "elementwise absolute value";
}
// sgn, floor, ceil and round: a zero derivative almost everywhere (Theano's
// grad is zeros, connected), so no gradient flows.
def Theano_SgnOp : Theano_UnaryOp<"sgn", Theano_NumericTensor, ""> {
  let summary = "elementwise sign: -1, 0 or 1 (NaN stays NaN)";
}
def Theano_SqrOp : Theano_UnaryOp<"sqr", Theano_ArithmeticTensor, [{
    return r.mul(g, r.mul(x, r.constant(x, 2.0)));
}]> {
  let summary = "elementwise square";
}
def Theano_NotOp : Theano_UnaryOp<"not", Theano_IntOrBoolTensor, ""> {
  let summary = "elementwise not: logical on bool, bitwise on ints";
}
def Theano_ExpOp : Theano_UnaryOp<"exp", Theano_InexactTensor, [{
    return r.mul(g, y);
}]>;
def Theano_LogOp : Theano_UnaryOp<"log", Theano_InexactTensor, [{
    return r.div(g, x);
}]>;
def Theano_Log1pOp : Theano_UnaryOp<"log1p", Theano_InexactTensor, [{
    return r.div(g, r.add(x, r.constant(x, 1.0)));
}]>;
def Theano_Expm1Op : Theano_UnaryOp<"expm1", Theano_InexactTensor, [{
    return r.mul(g, r.add(y, r.constant(y, 1.0)));
}]>;
def Theano_SqrtOp : Theano_UnaryOp<"sqrt", Theano_InexactTensor, [{
    return r.div(r.mul(g, r.constant(y, 0.5)), y);
}]>;
def Theano_TanhOp : Theano_UnaryOp<"tanh", Theano_InexactTensor, [{
    return r.mul(g, r.sub(r.constant(y, 1.0), r.mul(y, y)));
}]>;
def Theano_SigmoidOp : Theano_UnaryOp<"sigmoid", Theano_FloatTensor, [{
    return r.mul(g, r.mul(y, r.sub(r.constant(y, 1.0), y)));
}]> {
  let summary = "elementwise logistic function 1 / (1 + exp(-x))";
}
def Theano_SoftplusOp : Theano_UnaryOp<"softplus", Theano_FloatTensor, [{
    return r.mul(g, SigmoidOp::create(r.b, r.loc, x));
}]> {
  let summary = "elementwise log(1 + exp(x)), computed without overflow";
}
def Theano_SinOp : Theano_UnaryOp<"sin", Theano_InexactTensor, [{
    return r.mul(g, CosOp::create(r.b, r.loc, x));
}]>;
def Theano_CosOp : Theano_UnaryOp<"cos", Theano_InexactTensor, [{
    return r.neg(r.mul(g, SinOp::create(r.b, r.loc, x)));
}]>;
def Theano_FloorOp : Theano_UnaryOp<"floor", Theano_FloatTensor, "">;
def Theano_CeilOp : Theano_UnaryOp<"ceil", Theano_FloatTensor, "">;
def Theano_RoundOp : Theano_UnaryOp<"round", Theano_FloatTensor, ""> {
  let summary = "elementwise rounding to integral values";
  let description = [{
    Halves round to even (numpy's `round`), or away from zero with
    `half_away_from_zero` (Theano's `round(x, mode='half_away_from_zero')`).
  }];
  let arguments = (ins Theano_FloatTensor:$operand,
                       UnitAttr:$half_away_from_zero);
}
def Theano_InvOp : Theano_UnaryOp<"inv", Theano_InexactTensor, [{
    return r.neg(r.div(g, r.mul(x, x)));
}]> {
  let summary = "elementwise reciprocal 1 / x (Theano's inv)";
}

def Theano_ErfOp : Theano_UnaryOp<"erf", Theano_FloatTensor, [{
    // 2 / sqrt(pi) exp(-x^2)
    return r.mul(g, r.mul(r.constant(x, 1.1283791670955126),
                          r.exp(r.neg(r.mul(x, x)))));
}]> {
  let summary = "elementwise error function";
}
def Theano_ErfcOp : Theano_UnaryOp<"erfc", Theano_FloatTensor, [{
    // -2 / sqrt(pi) exp(-x^2)
    return r.mul(g, r.mul(r.constant(x, -1.1283791670955126),
                          r.exp(r.neg(r.mul(x, x)))));
}]> {
  let summary = "elementwise complementary error function 1 - erf(x)";
}

// A float predicate per element: a bool result, no gradient.
class Theano_FloatPredicateOp<string mnemonic>
    : Theano_BroadcastOp<mnemonic, "::mlir::IntegerType::get(context, 1)",
                         [Theano_NonDifferentiable]> {
  let arguments = (ins Theano_FloatTensor:$operand);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
}
def Theano_IsNanOp : Theano_FloatPredicateOp<"isnan"> {
  let summary = "elementwise x is NaN";
}
def Theano_IsInfOp : Theano_FloatPredicateOp<"isinf"> {
  let summary = "elementwise x is +inf or -inf";
}

//===----------------------------------------------------------------------===//
// Elementwise: complex numbers' parts and construction (numpy's semantics;
// Theano defines no gradient through them that its users rely on, so none)
//===----------------------------------------------------------------------===//

// A real value of each complex element: its type is the parts' type.
class Theano_ComplexPartOp<string mnemonic>
    : Theano_BroadcastOp<mnemonic,
                         "::mlir::theano::complexPartElement(operands.getTypes())",
                         [Theano_NonDifferentiable]> {
  let arguments = (ins Theano_ComplexTensor:$operand);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
}
def Theano_RealOp : Theano_ComplexPartOp<"real"> {
  let summary = "elementwise real part of a complex number";
}
def Theano_ImagOp : Theano_ComplexPartOp<"imag"> {
  let summary = "elementwise imaginary part of a complex number";
}
def Theano_AngleOp : Theano_ComplexPartOp<"angle"> {
  let summary = "elementwise argument (phase) of a complex number";
}
def Theano_ComplexAbsOp : Theano_ComplexPartOp<"complex_abs"> {
  let summary = "elementwise modulus of a complex number (numpy's abs)";
}
def Theano_ConjOp : Theano_UnaryOp<"conj", Theano_ComplexTensor, ""> {
  let summary = "elementwise complex conjugate";
}
// A complex number from two floats of one type.
class Theano_ComplexFromPartsOp<string mnemonic>
    : Theano_BinaryOp<mnemonic, Theano_FloatTensor, "",
                      "::mlir::theano::complexOfElement(operands.getTypes())">;
def Theano_ComplexOp : Theano_ComplexFromPartsOp<"complex"> {
  let summary = "elementwise lhs + i rhs";
}
def Theano_ComplexFromPolarOp : Theano_ComplexFromPartsOp<"complex_from_polar"> {
  let summary = "elementwise lhs * (cos rhs + i sin rhs)";
}

//===----------------------------------------------------------------------===//
// Elementwise: the rest of Theano's scalar math (trigonometric, hyperbolic,
// logarithms and exponentials in other bases, special functions)
//===----------------------------------------------------------------------===//

def Theano_TanOp : Theano_UnaryOp<"tan", Theano_InexactTensor, [{
    ::mlir::Value c = CosOp::create(r.b, r.loc, x);
    return r.div(g, r.mul(c, c));
}]>;
def Theano_ArcSinOp : Theano_UnaryOp<"arcsin", Theano_InexactTensor, [{
    ::mlir::Value d = r.sub(r.constant(x, 1.0), r.mul(x, x));
    return r.div(g, SqrtOp::create(r.b, r.loc, d));
}]>;
def Theano_ArcCosOp : Theano_UnaryOp<"arccos", Theano_InexactTensor, [{
    ::mlir::Value d = r.sub(r.constant(x, 1.0), r.mul(x, x));
    return r.neg(r.div(g, SqrtOp::create(r.b, r.loc, d)));
}]>;
def Theano_ArcTanOp : Theano_UnaryOp<"arctan", Theano_InexactTensor, [{
    return r.div(g, r.add(r.constant(x, 1.0), r.mul(x, x)));
}]>;
def Theano_ArcTan2Op : Theano_BinaryOp<"arctan2", Theano_FloatTensor, [{
    // arctan2(lhs, rhs) is the angle of the point (rhs, lhs).
    ::mlir::Value d = r.add(r.mul(x, x), r.mul(y, y));
    return std::pair(r.div(r.mul(g, y), d), r.neg(r.div(r.mul(g, x), d)));
}]> {
  let summary = "elementwise arctan(lhs / rhs) in the quadrant of (rhs, lhs)";
}
def Theano_SinhOp : Theano_UnaryOp<"sinh", Theano_InexactTensor, [{
    return r.mul(g, CoshOp::create(r.b, r.loc, x));
}]>;
def Theano_CoshOp : Theano_UnaryOp<"cosh", Theano_InexactTensor, [{
    return r.mul(g, SinhOp::create(r.b, r.loc, x));
}]>;
def Theano_ArcSinhOp : Theano_UnaryOp<"arcsinh", Theano_InexactTensor, [{
    ::mlir::Value d = r.add(r.mul(x, x), r.constant(x, 1.0));
    return r.div(g, SqrtOp::create(r.b, r.loc, d));
}]>;
def Theano_ArcCoshOp : Theano_UnaryOp<"arccosh", Theano_InexactTensor, [{
    ::mlir::Value d = r.sub(r.mul(x, x), r.constant(x, 1.0));
    return r.div(g, SqrtOp::create(r.b, r.loc, d));
}]>;
def Theano_ArcTanhOp : Theano_UnaryOp<"arctanh", Theano_InexactTensor, [{
    return r.div(g, r.sub(r.constant(x, 1.0), r.mul(x, x)));
}]>;
def Theano_Log2Op : Theano_UnaryOp<"log2", Theano_InexactTensor, [{
    return r.div(g, r.mul(x, r.constant(x, 0.6931471805599453)));
}]>;
def Theano_Log10Op : Theano_UnaryOp<"log10", Theano_InexactTensor, [{
    return r.div(g, r.mul(x, r.constant(x, 2.302585092994046)));
}]>;
def Theano_Exp2Op : Theano_UnaryOp<"exp2", Theano_InexactTensor, [{
    return r.mul(g, r.mul(y, r.constant(y, 0.6931471805599453)));
}]>;
def Theano_Deg2RadOp : Theano_UnaryOp<"deg2rad", Theano_FloatTensor, [{
    return r.mul(g, r.constant(x, 0.017453292519943295));
}]> {
  let summary = "elementwise x * pi / 180";
}
def Theano_Rad2DegOp : Theano_UnaryOp<"rad2deg", Theano_FloatTensor, [{
    return r.mul(g, r.constant(x, 57.29577951308232));
}]> {
  let summary = "elementwise x * 180 / pi";
}
// A zero derivative almost everywhere, as floor and ceil.
def Theano_TruncOp : Theano_UnaryOp<"trunc", Theano_FloatTensor, ""> {
  let summary = "elementwise rounding toward zero";
}

// Special functions (scipy.special's in Theano). Their scalar bodies
// compute in f64 whatever the type (call-free: series, rational
// approximations and Newton steps on erf/erfc), then round.
def Theano_GammaOp : Theano_UnaryOp<"gamma", Theano_FloatTensor, [{
    return r.mul(g, r.mul(y, PsiOp::create(r.b, r.loc, x)));
}]> {
  let summary = "elementwise gamma function";
}
def Theano_GammaLnOp : Theano_UnaryOp<"gammaln", Theano_FloatTensor, [{
    return r.mul(g, PsiOp::create(r.b, r.loc, x));
}]> {
  let summary = "elementwise log |gamma(x)| (scipy.special.gammaln)";
}
def Theano_PsiOp : Theano_UnaryOp<"psi", Theano_FloatTensor, [{
    return r.mul(g, TriGammaOp::create(r.b, r.loc, x));
}]> {
  let summary = "elementwise digamma, the derivative of gammaln";
}
// Theano's TriGamma has no gradient (its grad raises).
def Theano_TriGammaOp : Theano_UnaryOp<"tri_gamma", Theano_FloatTensor, ""> {
  let summary = "elementwise trigamma, the derivative of psi";
}
def Theano_ErfInvOp : Theano_UnaryOp<"erfinv", Theano_FloatTensor, [{
    // sqrt(pi) / 2 exp(erfinv(x)^2)
    return r.mul(g, r.mul(r.constant(x, 0.886226925452758), r.exp(r.mul(y, y))));
}]> {
  let summary = "elementwise inverse error function";
}
def Theano_ErfcInvOp : Theano_UnaryOp<"erfcinv", Theano_FloatTensor, [{
    return r.mul(g, r.mul(r.constant(x, -0.886226925452758), r.exp(r.mul(y, y))));
}]> {
  let summary = "elementwise inverse of erfc";
}
def Theano_ErfcxOp : Theano_UnaryOp<"erfcx", Theano_FloatTensor, [{
    // -2 / sqrt(pi) + 2 x erfcx(x)
    return r.mul(g, r.add(r.constant(x, -1.1283791670955126),
                          r.mul(r.mul(r.constant(x, 2.0), x), y)));
}]> {
  let summary = "elementwise scaled complementary error function exp(x^2) erfc(x)";
}

// Bessel functions of the first kind and modified ones (scipy.special's j0,
// j1, jv, i0, i1, iv in Theano), and chi2sf: f64 bodies as above (power
// series, Hankel's asymptotic expansion; Legendre's continued fraction).
def Theano_J0Op : Theano_UnaryOp<"j0", Theano_FloatTensor, [{
    return r.neg(r.mul(g, J1Op::create(r.b, r.loc, x)));
}]> {
  let summary = "elementwise Bessel function of the first kind of order 0";
}
def Theano_J1Op : Theano_UnaryOp<"j1", Theano_FloatTensor, [{
    // (j0(x) - jv(2, x)) / 2
    ::mlir::Value j2 = JvOp::create(r.b, r.loc, x.getType(),
                                    r.constant(x, 2.0), x);
    return r.mul(g, r.mul(r.sub(J0Op::create(r.b, r.loc, x), j2),
                          r.constant(x, 0.5)));
}]> {
  let summary = "elementwise Bessel function of the first kind of order 1";
}
// Theano's Jv and Iv have no gradient with respect to the order.
def Theano_JvOp : Theano_BinaryOp<"jv", Theano_FloatTensor, [{
    // (jv(v - 1, x) - jv(v + 1, x)) / 2
    ::mlir::Type t = z.getType();
    ::mlir::Value one = r.constant(x, 1.0);
    ::mlir::Value lo = JvOp::create(r.b, r.loc, t, r.sub(x, one), y);
    ::mlir::Value hi = JvOp::create(r.b, r.loc, t, r.add(x, one), y);
    return std::pair(::mlir::Value(),
                     r.mul(g, r.mul(r.sub(lo, hi), r.constant(y, 0.5))));
}]> {
  let summary = "elementwise Bessel function of the first kind of real order lhs";
}
def Theano_I0Op : Theano_UnaryOp<"i0", Theano_FloatTensor, [{
    return r.mul(g, I1Op::create(r.b, r.loc, x));
}]> {
  let summary = "elementwise modified Bessel function of the first kind of order 0";
}
def Theano_I1Op : Theano_UnaryOp<"i1", Theano_FloatTensor, [{
    // (i0(x) + iv(2, x)) / 2
    ::mlir::Value i2 = IvOp::create(r.b, r.loc, x.getType(),
                                    r.constant(x, 2.0), x);
    return r.mul(g, r.mul(r.add(I0Op::create(r.b, r.loc, x), i2),
                          r.constant(x, 0.5)));
}]> {
  let summary = "elementwise modified Bessel function of the first kind of order 1";
}
def Theano_IvOp : Theano_BinaryOp<"iv", Theano_FloatTensor, [{
    // (iv(v - 1, x) + iv(v + 1, x)) / 2
    ::mlir::Type t = z.getType();
    ::mlir::Value one = r.constant(x, 1.0);
    ::mlir::Value lo = IvOp::create(r.b, r.loc, t, r.sub(x, one), y);
    ::mlir::Value hi = IvOp::create(r.b, r.loc, t, r.add(x, one), y);
    return std::pair(::mlir::Value(),
                     r.mul(g, r.mul(r.add(lo, hi), r.constant(y, 0.5))));
}]> {
  let summary = "elementwise modified Bessel function of the first kind of real order lhs";
}
// Theano's Chi2SF has no gradient.
def Theano_Chi2SFOp : Theano_BinaryOp<"chi2sf", Theano_FloatTensor, ""> {
  let summary = "elementwise survival function of the chi-squared distribution "
                "with rhs degrees of freedom at lhs";
}

//===----------------------------------------------------------------------===//
// Elementwise activations (theano.tensor.nnet)
//===----------------------------------------------------------------------===//

def Theano_ReluOp : Theano_BinaryOp<"relu", Theano_FloatTensor, [{
    // Theano's relu is (1 + a)/2 x + (1 - a)/2 |x|: slope (1 + a)/2 at 0,
    // and min(x, 0) with respect to a. NaN where x is NaN, as Theano's
    // 0.5 (1 + sgn x).
    ::mlir::Value zero = r.constant(x, 0.0), one = r.constant(x, 1.0);
    ::mlir::Value atZero = r.mul(r.constant(x, 0.5), r.add(one, y));
    ::mlir::Value slope = r.select(
        GtOp::create(r.b, r.loc, x, zero), one,
        r.select(LtOp::create(r.b, r.loc, x, zero), y,
                 r.select(r.eq(x, zero), atZero, x)));
    return std::pair(r.mul(g, slope),
                     r.mul(g, MinimumOp::create(r.b, r.loc, x, zero)));
}]> {
  let summary = "Theano's relu(x, alpha): x where x > 0, else alpha * x";
  let description = [{
    `lhs` is x, `rhs` the slope alpha (broadcast). With alpha = 0 it is
    max(x, 0), so -inf gives 0 and NaN stays NaN. The derivative is
    Theano's: 1 for x > 0, alpha for x < 0, (1 + alpha) / 2 at 0.
  }];
}
def Theano_EluOp : Theano_BinaryOp<"elu", Theano_FloatTensor, [{
    // Theano's switch(x > 0, x, alpha * expm1(x)), differentiated.
    ::mlir::Value zero = r.constant(x, 0.0);
    ::mlir::Value positive = GtOp::create(r.b, r.loc, x, zero);
    ::mlir::Value dx = r.select(positive, g, r.mul(r.mul(g, y), r.exp(x)));
    ::mlir::Value dy = r.select(positive, r.constant(g, 0.0),
                                r.mul(g, Expm1Op::create(r.b, r.loc, x)));
    return std::pair(dx, dy);
}]> {
  let summary = "Theano's elu(x, alpha): x where x > 0, else alpha (exp(x) - 1)";
  let description = [{ `lhs` is x, `rhs` alpha (broadcast). }];
}
def Theano_SoftsignOp : Theano_UnaryOp<"softsign", Theano_FloatTensor, [{
    ::mlir::Value d = r.add(r.constant(x, 1.0), AbsOp::create(r.b, r.loc, x));
    return r.div(g, r.mul(d, d));
}]> {
  let summary = "elementwise x / (1 + |x|)";
}
def Theano_HardSigmoidOp : Theano_UnaryOp<"hard_sigmoid", Theano_FloatTensor, [{
    // clip's derivative is 1 on [0, 1], bounds included (Theano's clip).
    ::mlir::Value t = r.add(r.mul(x, r.constant(x, 0.2)), r.constant(x, 0.5));
    ::mlir::Value inside = AndOp::create(
        r.b, r.loc, GeOp::create(r.b, r.loc, t, r.constant(t, 0.0)),
        LeOp::create(r.b, r.loc, t, r.constant(t, 1.0)));
    return r.mul(r.mul(g, r.asNumber(inside, g)), r.constant(x, 0.2));
}]> {
  let summary = "elementwise clip(0.2 x + 0.5, 0, 1), computed in x's type";
}

//===----------------------------------------------------------------------===//
// Constants and casts
//===----------------------------------------------------------------------===//

def Theano_ConstantOp : Theano_Op<"constant",
    [ConstantLike, Pure, AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Theano_CastOp : Theano_Op<"cast",
    [Pure, SameOperandsAndResultShape, Theano_Elementwise, Theano_Differentiable]> {
  let summary = "elementwise conversion to another element type";
  let description = [{
    Follows numpy's `astype`: floats to ints truncate toward zero, anything
    to bool tests `!= 0` (NaN is true), bool to numbers gives 0 or 1.
  }];
  let arguments = (ins Theano_Tensor:$input);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasFolder = 1;
  // The gradient goes back to a float input, in its type.
  let extraClassDefinition = [{
    void $cppClass::buildGradients(::mlir::OpBuilder &b,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      ::mlir::RankedTensorType input = getInput().getType();
      bool differentiable = ::mlir::isa<::mlir::FloatType>(input.getElementType());
      out.push_back(resultGrads[0] && differentiable
                        ? castTo(b, getLoc(), resultGrads[0], input)
                        : ::mlir::Value());
    }
  }];
}

//===----------------------------------------------------------------------===//
// Shapes and data movement
//===----------------------------------------------------------------------===//

def Theano_DimShuffleOp : Theano_Op<"dimshuffle", [Pure, Theano_Differentiable]> {
  let summary = "permute dimensions, insert or drop broadcastable ones";
  let description = [{
    Theano's `dimshuffle(new_order)`: entry `i` of `new_order` names the
    input dimension that becomes output dimension `i`, or is -1 (Theano's
    'x') for a new broadcastable dimension. Input dimensions left out must
    be broadcastable (static size 1).
  }];
  let arguments = (ins Theano_Tensor:$input, DenseI64ArrayAttr:$new_order);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input $new_order attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Theano_ReshapeOp : Theano_Op<"reshape", [Pure, Theano_Differentiable]> {
  let summary = "reshape to a run-time shape (one entry may be -1)";
  let arguments = (ins Theano_Tensor:$input, Theano_ShapeVector:$shape);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $shape attr-dict `:` type($input) `,` type($shape) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Theano_ShapeOp : Theano_Op<"shape", [Pure, Theano_NonDifferentiable]> {
  let summary = "the shape of a tensor, as an int64 vector";
  let arguments = (ins Theano_Tensor:$input);
  let results = (outs Theano_ShapeVector:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Theano_MakeVectorOp : Theano_Op<"make_vector", [Pure, Theano_Differentiable]> {
  let summary = "a vector of scalars (Theano's MakeVector), e.g. a shape";
  let arguments = (ins Variadic<0DTensorOf<[Theano_Element]>>:$elements);
  let results = (outs 1DTensorOf<[Theano_Element]>:$result);
  let assemblyFormat = [{
    ($elements^ `:` type($elements))? attr-dict `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_DimOp : Theano_Op<"dim", [Pure, Theano_NonDifferentiable]> {
  let summary = "one dimension's size, as an int64 scalar (Theano's Shape_i)";
  let arguments = (ins Theano_Tensor:$input, I64Attr:$axis);
  let results = (outs Theano_I64Scalar:$result);
  let assemblyFormat = [{
    $input `[` $axis `]` attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_AllocOp : Theano_Op<"alloc",
    [Pure, AllElementTypesMatch<["value", "result"]>, Theano_Differentiable]> {
  let summary = "broadcast a value to a run-time shape (Theano's Alloc)";
  let description = [{
    `value` has the result's rank; its dimensions of static size 1 repeat,
    the others must equal the shape's entries (checked at run time).
  }];
  let arguments = (ins Theano_Tensor:$value, Theano_ShapeVector:$shape);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $value `,` $shape attr-dict `:` type($value) `,` type($shape) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Indexing (Theano's Subtensor family)
//
// Basic indexing names, for each leading dimension of the input, either
// one index (the dimension is dropped) or a numpy slice; dimensions past
// those named are taken whole. `indices[d]` says which; `starts`, `stops`
// and `steps` hold each bound as a constant, as `kDynamic` (the next
// operand of `dynamic`, a 0-d int64 tensor, in the order start, stop, step
// of dimension 0, then 1, ...) or as `kAbsent` (numpy's None); an index is
// held in `starts`. Bounds follow numpy: negative ones count from the end,
// slices clamp, a step may be negative but not 0 (a run-time error). An
// index out of range is a run-time IndexError, never a read out of bounds.
//===----------------------------------------------------------------------===//

class Theano_BasicIndexingOp<string mnemonic, list<Trait> traits = []>
    : Theano_Op<mnemonic, traits # [Pure, Theano_Differentiable]> {
  code basicIndexingDeclaration = [{
    /// Bound markers of `starts`, `stops` and `steps`.
    static constexpr int64_t kDynamic = INT64_MIN;
    static constexpr int64_t kAbsent = INT64_MIN + 1;
  }];
}

def Theano_SubtensorOp : Theano_BasicIndexingOp<"subtensor",
    [AllElementTypesMatch<["input", "result"]>]> {
  let summary = "basic indexing: indices and slices (Theano's Subtensor)";
  let description = [{
    `x[i, 1:n:2]` of a 3-d `x`: the result has the sliced dimension and the
    third, whole. It is a view where it can be (a strided slice).

    ```mlir
    %r = theano.subtensor %x[%i, %n] {indices = array<i1: true, false>,
        starts = array<i64: -9223372036854775808, 1>,
        stops = array<i64: -9223372036854775807, -9223372036854775808>,
        steps = array<i64: -9223372036854775807, 2>}
        : tensor<?x?x?xf64>, tensor<i64>, tensor<i64> -> tensor<?x?xf64>
    ```
  }];
  let arguments = (ins Theano_Tensor:$input, Variadic<Theano_I64Scalar>:$dynamic,
                       DenseBoolArrayAttr:$indices, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$stops, DenseI64ArrayAttr:$steps);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $dynamic `]` attr-dict `:` type($input) (`,` type($dynamic)^)?
    `->` type($result)
  }];
  let extraClassDeclaration = basicIndexingDeclaration;
  let hasVerifier = 1;
}

def Theano_IncSubtensorOp : Theano_BasicIndexingOp<"inc_subtensor",
    [AllTypesMatch<["input", "result"]>,
     AllElementTypesMatch<["input", "value"]>]> {
  let summary = "`input` with its basic-indexed part incremented or set";
  let description = [{
    Theano's IncSubtensor: `inc_subtensor(x[spec], v)` (or, with `set`,
    `set_subtensor`) as a new tensor. `value` has the rank of the indexed
    part and broadcasts along its dimensions of static size 1. The indexing
    attributes and `dynamic` operands are those of theano.subtensor.
  }];
  let arguments = (ins Theano_Tensor:$input, Theano_Tensor:$value,
                       Variadic<Theano_I64Scalar>:$dynamic,
                       DenseBoolArrayAttr:$indices, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$stops, DenseI64ArrayAttr:$steps,
                       UnitAttr:$set);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $dynamic `]` `,` $value attr-dict `:` type($input) `,`
    type($value) (`,` type($dynamic)^)?
  }];
  let extraClassDeclaration = basicIndexingDeclaration;
  let hasVerifier = 1;
}

def Theano_AdvancedSubtensorOp : Theano_Op<"advanced_subtensor",
    [Pure, AllElementTypesMatch<["input", "result"]>, Theano_Differentiable]> {
  let summary = "integer-array indexing of the leading dimensions (a gather)";
  let description = [{
    numpy's `x[i0, ..., ik-1]` for k integer index tensors of one rank,
    which broadcast together (static size 1) to a shape B: the result has
    shape B followed by x's dimensions past the k-th. Negative indices count
    from the end; one out of range is a run-time IndexError. Theano's
    AdvancedSubtensor1 is k = 1 with a vector; the frontend composes slices
    and other positions around this form.
  }];
  let arguments = (ins Theano_Tensor:$input,
                       Variadic<RankedTensorOf<[I64]>>:$indices);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $indices `]` attr-dict `:` type($input) `,` type($indices)
    `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_AdvancedIncSubtensorOp : Theano_Op<"advanced_inc_subtensor",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllElementTypesMatch<["input", "value"]>, Theano_Differentiable]> {
  let summary = "`input` with integer-array-indexed parts incremented or set";
  let description = [{
    Theano's AdvancedIncSubtensor: with the indexing of
    theano.advanced_subtensor, each indexed part gets `value`'s part added
    (or, with `set`, written). `value` has the rank of the indexed result
    and broadcasts along its dimensions of static size 1. Repeated indices
    accumulate (`set`: the last one wins). The lowering visits the indices
    one by one, so its time is proportional to the parts written: as a
    shared variable's update it runs in place.
  }];
  let arguments = (ins Theano_Tensor:$input, Theano_Tensor:$value,
                       Variadic<RankedTensorOf<[I64]>>:$indices,
                       UnitAttr:$set);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `[` $indices `]` `,` $value attr-dict `:` type($input) `,`
    type($value) `,` type($indices)
  }];
  let hasVerifier = 1;
}

def Theano_NonzeroOp : Theano_Op<"nonzero", [Pure, Theano_NonDifferentiable]> {
  let summary = "coordinates of the nonzero elements (Theano's Nonzero)";
  let description = [{
    numpy's `nonzero(x)` stacked as Theano's `nonzero(x, return_matrix=True)`:
    an i64 matrix with one row per dimension of `x` and one column per
    nonzero element (NaN is nonzero), in row-major order. The length is
    known only at run time: one pass counts, a second fills. With `sizes`
    (one 0-d i64 per dimension: `x` is a boolean mask of a tensor whose
    indexed dimensions have these sizes), a size that differs from the
    mask's is a run-time IndexError, as numpy's boolean indexing.
  }];
  let arguments = (ins Theano_Tensor:$input,
                       Variadic<Theano_I64Scalar>:$sizes);
  let results = (outs 2DTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $input (`sizes` `(` $sizes^ `:` type($sizes) `)`)? attr-dict `:`
    type($input) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

// Reduces over `axes` (strictly increasing); those dimensions are removed.
class Theano_ReduceOp<string mnemonic, Type inputType, Type resultType,
                      list<Trait> traits = []>
    : Theano_Op<mnemonic, traits # [Pure]> {
  let arguments = (ins inputType:$input, DenseI64ArrayAttr:$axes);
  let results = (outs resultType:$result);
  let assemblyFormat = [{
    $input $axes attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_SumOp : Theano_ReduceOp<"sum", Theano_Tensor, Theano_ArithmeticTensor,
                                [Theano_Differentiable]> {
  let summary = "sum, accumulated in the result's element type";
}
def Theano_ProdOp : Theano_ReduceOp<"prod", Theano_Tensor, Theano_ArithmeticTensor,
                                [Theano_Differentiable]> {
  let summary = "product, accumulated in the result's element type";
}
// max and min: an empty reduction is a run-time error (Theano's and numpy's
// ValueError), unless `empty_is_identity` says it gives the identity (-inf
// for max): what softmax and logsumexp, which reduce empty rows to empty
// results, use inside.
class Theano_ExtremeOp<string mnemonic>
    : Theano_ReduceOp<mnemonic, Theano_Tensor, Theano_Tensor,
                      [Theano_Differentiable]> {
  let arguments = (ins Theano_Tensor:$input, DenseI64ArrayAttr:$axes,
                       UnitAttr:$empty_is_identity);
}
def Theano_MaxOp : Theano_ExtremeOp<"max"> {
  let summary = "maximum over axes";
}
def Theano_MinOp : Theano_ExtremeOp<"min"> {
  let summary = "minimum over axes";
}
def Theano_LogSumExpOp : Theano_ReduceOp<"logsumexp", Theano_FloatTensor,
                                        Theano_FloatTensor, [Theano_Differentiable]> {
  let summary = "log(sum(exp(x))), shifted by the maximum so exp cannot overflow";
  let description = [{
    What `theano-stabilize` makes of log(sum(exp(x))): m + log(sum(exp(x -
    m))), m the maximum over `axes` (0 where it is not finite).
  }];
}
def Theano_ArgMaxOp : Theano_ReduceOp<"argmax", Theano_Tensor,
                                      RankedTensorOf<[I64]>,
                                      [Theano_NonDifferentiable]> {
  let summary = "index of the first maximum, row-major over `axes`";
}
def Theano_ArgMinOp : Theano_ReduceOp<"argmin", Theano_Tensor,
                                      RankedTensorOf<[I64]>,
                                      [Theano_NonDifferentiable]> {
  let summary = "index of the first minimum, row-major over `axes`";
}

//===----------------------------------------------------------------------===//
// Ranges, cumulative sums and products, sorting
//===----------------------------------------------------------------------===//

def Theano_ARangeOp : Theano_Op<"arange",
    [Pure, AllTypesMatch<["start", "stop", "step"]>,
     AllElementTypesMatch<["start", "result"]>, Theano_Differentiable]> {
  let summary = "start, start + step, ... up to stop excluded (Theano's ARange)";
  let description = [{
    numpy's `arange(start, stop, step)` in the operands' type: length
    max(ceil((stop - start) / step), 0), element i is start + i * step. A
    zero step, or a float length that is not finite, is a run-time
    ValueError naming the node. Floats have Theano's gradient: sum(g) for
    start, sum(g * arange(n)) for step, none for stop (which sets only the
    length).
  }];
  let arguments = (ins 0DTensorOf<[Theano_Numeric]>:$start, 0DTensorOf<[Theano_Numeric]>:$stop,
                       0DTensorOf<[Theano_Numeric]>:$step);
  let results = (outs 1DTensorOf<[Theano_Element]>:$result);
  let assemblyFormat = [{
    $start `,` $stop `,` $step attr-dict `:` type($start) `->` type($result)
  }];
}

def Theano_CumulativeOp : Theano_Op<"cumulative",
    [Pure, SameOperandsAndResultType, Theano_Differentiable]> {
  let summary = "cumulative sum or product along an axis (Theano's CumOp)";
  let description = [{
    result[..., i, ...] = x[..., 0, ...] + ... + x[..., i, ...] along
    `axis` (a product with `product`); with `reverse`, from the end:
    x[..., i, ...] + ... + x[..., n-1, ...] (what the gradient of a
    cumulative sum is). Computed in the operand's type.
  }];
  let arguments = (ins Theano_NumericTensor:$input, I64Attr:$axis,
                       UnitAttr:$product, UnitAttr:$reverse);
  let results = (outs Theano_NumericTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Theano_SortOp : Theano_Op<"sort", [Pure, Theano_Differentiable]> {
  let summary = "a stable sort along the last axis (Theano's SortOp, ArgSortOp)";
  let description = [{
    Sorts each row (along the last axis) of `keys` ascending, NaN last as
    numpy, stably (equal keys keep their order). The result is the sorted
    keys, their original positions (with `positions`: an i64 result,
    argsort), or, given `values` (of the keys' shape), the values permuted
    as the keys are. The gradient of the sorted keys (or values)
    is the result's adjoint permuted back: a sort of it by the argsort.
  }];
  let arguments = (ins Theano_Tensor:$keys, Optional<Theano_Tensor>:$values,
                       UnitAttr:$positions);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $keys (`,` $values^ `:` type($values))? attr-dict `:` type($keys) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

def Theano_DotOp : Theano_Op<"dot",
    [Pure, AllElementTypesMatch<["lhs", "rhs", "result"]>, Theano_Differentiable]> {
  let summary = "Theano's dot of vectors and matrices";
  let description = [{
    vector . vector -> scalar, matrix . vector -> vector,
    vector . matrix -> vector, matrix . matrix -> matrix.
  }];
  let arguments = (ins Theano_ArithmeticTensor:$lhs, Theano_ArithmeticTensor:$rhs);
  let results = (outs Theano_ArithmeticTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_GemmOp : Theano_Op<"gemm",
    [Pure, AttrSizedOperandSegments,
     AllElementTypesMatch<["a", "b", "alpha", "result"]>, Theano_Differentiable]> {
  let summary = "beta * c + alpha * dot(a, b) (Theano's Gemm)";
  let description = [{
    A matrix product with its epilogue: `alpha` and `beta` are 0-d tensors,
    `c` (optional; without it the result is alpha * dot(a, b)) has the
    result's rank and broadcasts along its static size-1 dimensions, as in
    an elementwise op. The pass `theano-gemm` forms it, after gradients are
    expanded, from additions, subtractions and scalings of a `theano.dot` of
    matrices; it lowers to one matmul whose accumulator starts as beta * c.
  }];
  let arguments = (ins Optional<Theano_FloatTensor>:$c,
                       Theano_FloatTensor:$a, Theano_FloatTensor:$b,
                       Theano_FloatTensor:$alpha, Optional<Theano_FloatTensor>:$beta);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    (`c` `(` $c^ `:` type($c) `,` $beta `:` type($beta) `)`)?
    $a `,` $b `,` `alpha` `(` $alpha `:` type($alpha) `)`
    attr-dict `:` type($a) `,` type($b) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Neural-network ops (theano.tensor.nnet)
//===----------------------------------------------------------------------===//

class Theano_RowNormalizationOp<string mnemonic>
    : Theano_Op<mnemonic, [Pure, SameOperandsAndResultType, Theano_Differentiable]> {
  let arguments = (ins Theano_FloatTensor:$input);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Theano_SoftmaxOp : Theano_RowNormalizationOp<"softmax"> {
  let summary = "softmax along the last axis (Theano's rows)";
  let description = [{
    exp(x - max) / sum(exp(x - max)) over the last dimension; the shift by
    the row's maximum keeps exp from overflowing.
  }];
}

def Theano_LogSoftmaxOp : Theano_RowNormalizationOp<"log_softmax"> {
  let summary = "log of softmax along the last axis, computed stably";
  let description = [{
    x - max - log(sum(exp(x - max))) over the last dimension: finite where
    log(softmax(x)) would be log(0).
  }];
}

def Theano_TakePerRowOp : Theano_Op<"take_per_row",
    [Pure, AllElementTypesMatch<["input", "result"]>, Theano_Differentiable]> {
  let summary = "element indices[i] of each row i of a matrix";
  let description = [{
    result[i] = input[i, indices[i]] (numpy's
    `input[arange(n), indices]`), as in Theano's categorical cross-entropy
    with integer targets. The lowering checks that there is one index per
    row and that every index is in [0, columns), so no read is out of bounds.
  }];
  let arguments = (ins Theano_Tensor:$input, 1DTensorOf<[I64]>:$indices);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $input `,` $indices attr-dict `:` type($input) `,` type($indices) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Theano_OneHotOp : Theano_Op<"one_hot", [Pure, Theano_NonDifferentiable]> {
  let summary = "one row per index, 1 at the index and 0 elsewhere";
  let description = [{
    result[i, j] = (j == indices[i]) for j < depth; an index outside
    [0, depth) gives a row of zeros (Theano's `to_one_hot`).
  }];
  let arguments = (ins 1DTensorOf<[I64]>:$indices, Theano_I64Scalar:$depth);
  let results = (outs Theano_NumericTensor:$result);
  let assemblyFormat = [{
    $indices `,` $depth attr-dict `:` type($indices) `,` type($depth) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Convolutions (Theano's abstract conv): n spatial dimensions after the
// batch and channel dimensions of the input, (out channels, in channels
// per group, kernel...) for the filters. `strides`, `dilations` and
// `padding` have one entry per spatial dimension; a padding is a size
// (zeros on both sides), -1 for Theano's 'full' (dilation * (k - 1)) or -2
// for 'half' (dilation * (k / 2)). `flip`: a true convolution (the kernel
// flipped, Theano's filter_flip), else a correlation. Each output channel
// group of `groups` reads its input channel group. Shapes that do not
// agree are run-time ValueErrors naming the node.
//===----------------------------------------------------------------------===//

class Theano_ConvOp<string mnemonic, list<Trait> traits = []>
    : Theano_Op<mnemonic, traits # [Pure, Theano_Differentiable]> {
  dag convAttributes = (ins DenseI64ArrayAttr:$strides,
                            DenseI64ArrayAttr:$dilations,
                            DenseI64ArrayAttr:$padding,
                            DefaultValuedAttr<I64Attr, "1">:$groups,
                            UnitAttr:$flip);
  let hasVerifier = 1;
}

def Theano_ConvOp : Theano_ConvOp<"conv",
    [AllElementTypesMatch<["input", "filters", "result"]>]> {
  let summary = "a convolution (Theano's AbstractConv2d, AbstractConv3d)";
  let description = [{
    result[n, o, y...] = sum over c, k... of
    input[n, g * C/groups + c, y * stride + k * dilation - pad] *
    filters[o, c, k'...] (k' = K - 1 - k with `flip`), zeros read outside
    the input; output size floor((S + 2 pad - dilation (K - 1) - 1) /
    stride) + 1.
  }];
  let arguments = !con((ins Theano_FloatTensor:$input,
                            Theano_FloatTensor:$filters), convAttributes);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $filters attr-dict `:` type($input) `,` type($filters) `->`
    type($result)
  }];
}

def Theano_ConvGradInputOp : Theano_ConvOp<"conv_grad_input",
    [AllElementTypesMatch<["filters", "output_grad", "result"]>]> {
  let summary = "the adjoint of a convolution's input (Theano's AbstractConv2d_gradInputs)";
  let description = [{
    The input gradient of the convolution with these attributes whose
    input has the shape `input_shape` (an int64 vector), given the
    filters and the output's gradient: each output gradient element
    spread over the input window it read.
  }];
  let arguments = !con((ins Theano_FloatTensor:$filters,
                            Theano_FloatTensor:$output_grad,
                            Theano_ShapeVector:$input_shape), convAttributes);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $filters `,` $output_grad `,` $input_shape attr-dict `:` type($filters) `,`
    type($output_grad) `,` type($input_shape) `->` type($result)
  }];
}

def Theano_ConvGradFilterOp : Theano_ConvOp<"conv_grad_filter",
    [AllElementTypesMatch<["input", "output_grad", "result"]>]> {
  let summary = "the adjoint of a convolution's filters (Theano's AbstractConv2d_gradWeights)";
  let description = [{
    The filters' gradient of the convolution with these attributes whose
    filters have the shape `filter_shape`, given its input and the
    output's gradient: each filter element's sum over the input elements
    it multiplied of their product with the output gradient.
  }];
  let arguments = !con((ins Theano_FloatTensor:$input,
                            Theano_FloatTensor:$output_grad,
                            Theano_ShapeVector:$filter_shape), convAttributes);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $output_grad `,` $filter_shape attr-dict `:` type($input) `,`
    type($output_grad) `,` type($filter_shape) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling (Theano's Pool): windows over the last n dimensions. `window`,
// `strides` and `padding` have one entry each per pooled dimension; `mode`
// is "max", "sum", "average_inc_pad" or "average_exc_pad". Output size:
// with `ignore_border`, (S + 2 pad - window) / stride + 1 (at least 0);
// without, the windows that start inside the input, the last ones cut at
// its end. Only average_inc_pad counts the padding's zeros; the other
// modes reduce over the input's elements in the window.
//===----------------------------------------------------------------------===//

def Theano_PoolOp : Theano_Op<"pool", [Pure, Theano_Differentiable]> {
  let summary = "max, sum or average over windows (Theano's Pool)";
  let arguments = (ins Theano_FloatTensor:$input, DenseI64ArrayAttr:$window,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding,
                       UnitAttr:$ignore_border, StrAttr:$mode);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($result)";
  let hasVerifier = 1;
}

def Theano_PoolGradOp : Theano_Op<"pool_grad",
    [Pure, AllElementTypesMatch<["input", "output", "output_grad", "result"]>,
     Theano_Differentiable]> {
  let summary = "the input's gradient of a pool (Theano's MaxPoolGrad, AveragePoolGrad)";
  let description = [{
    Each window's output gradient goes to its elements: for "max" to every
    element equal to the window's maximum `output` (Theano's rule at ties),
    for "sum" to each element, for the averages divided by the count the
    average took. Linear in `output_grad`: its adjoint is the transpose,
    `pool_max_grad_grad` for "max", the same pool for the others; `input`
    and `output` get none (the derivative is zero almost everywhere).
  }];
  let arguments = (ins Theano_FloatTensor:$input, Theano_FloatTensor:$output,
                       Theano_FloatTensor:$output_grad,
                       DenseI64ArrayAttr:$window, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$padding, UnitAttr:$ignore_border,
                       StrAttr:$mode);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $output `,` $output_grad attr-dict `:` type($input) `,`
    type($output) `,` type($output_grad) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Theano_PoolMaxGradGradOp : Theano_Op<"pool_max_grad_grad",
    [Pure, AllElementTypesMatch<["input", "output", "input_grad", "result"]>,
     Theano_Differentiable]> {
  let summary = "the transpose of a max pool's gradient (Theano's DownsampleFactorMaxGradGrad)";
  let description = [{
    Of the pool's shape (that of `output`, the max pool of `input`): each
    window's sum of `input_grad` (of the input's shape) over the elements
    equal to the window's maximum, the transpose of `pool_grad` "max" in
    its output gradient (one element where the maximum is unique, as
    Theano's op). The forward derivative of a max pool, and the adjoint of
    pool_grad's output gradient; its own adjoint is pool_grad.
  }];
  let arguments = (ins Theano_FloatTensor:$input, Theano_FloatTensor:$output,
                       Theano_FloatTensor:$input_grad,
                       DenseI64ArrayAttr:$window, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$padding, UnitAttr:$ignore_border);
  let results = (outs Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $input `,` $output `,` $input_grad attr-dict `:` type($input) `,`
    type($output) `,` type($input_grad) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Random numbers
//
// A generator's state is a tensor, read as an operand and returned advanced:
// draws are pure functions of their state (the frontend keeps the state in a
// shared variable and updates it), so a function draws the same numbers in
// every mode, specialization and export.
//===----------------------------------------------------------------------===//

def Theano_MRGUniformOp : Theano_Op<"mrg_uniform",
    [Pure, AllTypesMatch<["state", "new_state"]>, Theano_NonDifferentiable]> {
  let summary = "uniform draws in (0, 1) from MRG31k3p streams (Theano's mrg_uniform)";
  let description = [{
    L'Ecuyer's MRG31k3p generator with Theano 1.0's stream layout: `state`
    holds one stream per row (six int32: x11 x12 x13 x21 x22 x23). Element
    i of the result, in row-major order over the run-time shape `size`,
    is the next draw of stream i mod n_streams, each stream stepping
    through its elements in order. `new_state` is the streams after the
    draws. The draws are Theano's: (x11 - x21 mod M1) * 2^-31 in f64, the
    same integer converted to f32 times 4.6566126e-10f in f32, and for f16
    ((x11 - x21 mod M1) & 0x7fff) + 1 times 3.0458e-05. A negative size,
    or more than 2^31 - 1 elements, is a run-time ValueError.

    ```mlir
    %s, %u = theano.mrg_uniform %state, %size
        : tensor<?x6xi32>, tensor<2xi64> -> tensor<?x?xf32>
    ```
  }];
  let arguments = (ins 2DTensorOf<[I32]>:$state, Theano_ShapeVector:$size);
  let results = (outs 2DTensorOf<[I32]>:$new_state, Theano_FloatTensor:$result);
  let assemblyFormat = [{
    $state `,` $size attr-dict `:` type($state) `,` type($size) `->`
    type($result)
  }];
  let hasVerifier = 1;
}

def Theano_HostCallOp : Theano_Op<"host_call", [Pure, Theano_NonDifferentiable]> {
  let summary = "values the host computes (numpy's random generators), called from the kernel";
  let description = [{
    The kernel calls back into the process that loaded it: the function
    registered under `callee` (a 64-bit key of what it computes, the same in
    every process) reads the operands and gives the results, whose shapes
    it alone knows. It must be a pure function of its operands (a random
    generator's state is an operand and its advanced state a result). Its
    failure, a Python exception, is what the function raises.

    ```mlir
    %state, %draws = theano.host_call 42 (%rng, %size)
        : (tensor<628xui32>, tensor<?xi64>) -> (tensor<628xui32>, tensor<?x?xf64>)
    ```
  }];
  let arguments = (ins I64Attr:$callee, Variadic<Theano_Tensor>:$inputs);
  let results = (outs Variadic<Theano_Tensor>:$results);
  let assemblyFormat = [{
    $callee `(` $inputs `)` attr-dict `:` functional-type($inputs, $results)
  }];
}

//===----------------------------------------------------------------------===//
// Gradients
//===----------------------------------------------------------------------===//

def Theano_GradOp : Theano_Op<"grad",
    [Pure, AttrSizedOperandSegments, Theano_NonDifferentiable]> {
  let summary = "gradients of a scalar cost (Theano's T.grad), symbolic";
  let description = [{
    One result per `wrt` value: the derivative of `cost` (a 0-d float
    tensor, optional) plus the vector-Jacobian products of the `known`
    values with their adjoints `known_grads` (Theano's `known_grads`, and
    `Lop`), with respect to `wrt`, by reverse-mode accumulation over the ops
    that compute `cost` and `known` in this block. Gradients do not flow
    into `constants` (Theano's `consider_constant`). A float `wrt` gets a
    gradient of its own type; an integer one a zero float gradient. The
    pass `theano-autodiff` expands every grad op into ordinary ops, inner
    ones (computed before) first, so grads of grads work.
  }];
  let arguments = (ins Optional<Theano_FloatTensor>:$cost,
                       Variadic<Theano_Tensor>:$wrt,
                       Variadic<Theano_FloatTensor>:$known,
                       Variadic<Theano_FloatTensor>:$known_grads,
                       Variadic<Theano_Tensor>:$constants);
  let results = (outs Variadic<Theano_FloatTensor>:$grads);
  let assemblyFormat = [{
    (`cost` `(` $cost^ `:` type($cost) `)`)?
    `wrt` `(` $wrt `:` type($wrt) `)`
    (`known` `(` $known^ `:` type($known) `=` $known_grads `:` type($known_grads) `)`)?
    (`constants` `(` $constants^ `:` type($constants) `)`)?
    attr-dict `->` type($grads)
  }];
  let hasVerifier = 1;
}

def Theano_JacobianOp : Theano_Op<"jacobian",
    [Pure, AttrSizedOperandSegments, Theano_NonDifferentiable]> {
  let summary = "the Jacobian of a vector, row by row (Theano's T.jacobian)";
  let description = [{
    One result per `wrt` value: row `i` is the gradient of element `i` of
    `expression` (a 1-d float tensor) with respect to `wrt`, so the result
    has shape `[size(expression)] + shape(wrt)` and the element type of the
    gradient (`wrt`'s if float). Gradients do not flow into `constants`.
    The pass `theano-autodiff` expands it into a loop over the rows whose
    body is the vector-Jacobian product with a one-hot seed.
  }];
  let arguments = (ins Theano_FloatTensor:$expression,
                       Variadic<Theano_Tensor>:$wrt,
                       Variadic<Theano_Tensor>:$constants);
  let results = (outs Variadic<Theano_FloatTensor>:$jacobians);
  let assemblyFormat = [{
    $expression `:` type($expression)
    `wrt` `(` $wrt `:` type($wrt) `)`
    (`constants` `(` $constants^ `:` type($constants) `)`)?
    attr-dict `->` type($jacobians)
  }];
  let hasVerifier = 1;
}

def Theano_RopOp : Theano_Op<"rop",
    [Pure, AttrSizedOperandSegments, Theano_NonDifferentiable]> {
  let summary = "Jacobian-vector products, forward mode (Theano's T.Rop)";
  let description = [{
    One result per `outputs` value, of its type: the sum over `wrt` of the
    Jacobian of the output with respect to that value times its tangent
    (the matching `tangents` value, of its shape). The `wrt` values are
    independent: no derivative flows through the ops that compute one from
    another, nor into `constants`. The pass `theano-autodiff` expands it
    by transposing reverse mode twice: the vector-Jacobian products of the
    outputs with zero seeds `u` are linear in `u`, so the gradient with
    respect to `u` of their inner product with the tangents is the
    Jacobian-vector product. Every op with a reverse-mode rule so has a
    forward one, and a Hessian-vector product is the rop of a grad.

    ```mlir
    %jv = theano.rop outputs(%y : tensor<?xf64>)
            wrt(%x : tensor<?xf64>) tangents(%v : tensor<?xf64>)
            -> tensor<?xf64>
    ```
  }];
  let arguments = (ins Variadic<Theano_FloatTensor>:$outputs,
                       Variadic<Theano_FloatTensor>:$wrt,
                       Variadic<Theano_FloatTensor>:$tangents,
                       Variadic<Theano_Tensor>:$constants);
  let results = (outs Variadic<Theano_FloatTensor>:$products);
  let assemblyFormat = [{
    `outputs` `(` $outputs `:` type($outputs) `)`
    `wrt` `(` $wrt `:` type($wrt) `)`
    `tangents` `(` $tangents `:` type($tangents) `)`
    (`constants` `(` $constants^ `:` type($constants) `)`)?
    attr-dict `->` type($products)
  }];
  let hasVerifier = 1;
}

def Theano_StopGradientOp : Theano_Op<"stop_gradient",
    [Pure, SameOperandsAndResultType, Theano_NonDifferentiable]> {
  let summary = "the identity, through which no gradient flows";
  let description = [{
    Theano's `disconnected_grad` and `zero_grad`; lowered to its operand.
  }];
  let arguments = (ins Theano_Tensor:$input);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def Theano_GradClipOp : Theano_Op<"grad_clip",
    [Pure, SameOperandsAndResultType, Theano_Differentiable]> {
  let summary = "the identity, whose gradient is clipped to [lower, upper]";
  let description = [{
    Theano's `theano.gradient.grad_clip`: the value passes through; the
    gradient flowing back is clip(g, lower, upper).
  }];
  let arguments = (ins Theano_Tensor:$input, F64Attr:$lower, F64Attr:$upper);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def Theano_GradScaleOp : Theano_Op<"grad_scale",
    [Pure, SameOperandsAndResultType, Theano_Differentiable]> {
  let summary = "the identity, whose gradient is scaled by `multiplier`";
  let description = [{
    Theano's `theano.gradient.grad_scale`: the value passes through; the
    gradient flowing back is g * multiplier.
  }];
  let arguments = (ins Theano_Tensor:$input, F64Attr:$multiplier);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

//===----------------------------------------------------------------------===//
// Control flow
//===----------------------------------------------------------------------===//

def Theano_IfElseOp : Theano_Op<"ifelse",
    [RecursiveMemoryEffects, NoRegionArguments, Theano_RegionDifferentiated]> {
  let summary = "Theano's lazy ifelse: only the taken branch runs";
  let description = [{
    `then` when the scalar `condition` is nonzero (numpy's truth), else
    `else`. Each region computes its branch (what only that branch needs:
    the frontend moves it there) and yields its values with `theano.yield`;
    the values of the branch not taken are never computed, so its run-time
    checks (an index out of range, a shape mismatch) cannot fail. The
    regions read values from above. Lowered to `scf.if`.
  }];
  let arguments = (ins 0DTensorOf<[Theano_Element]>:$condition);
  let results = (outs Variadic<Theano_Tensor>:$results);
  let regions = (region SizedRegion<1>:$then_region,
                        SizedRegion<1>:$else_region);
  let assemblyFormat = [{
    $condition `:` type($condition) (`->` type($results)^)?
    $then_region `else` $else_region attr-dict
  }];
  let hasVerifier = 1;
}

def Theano_ScanOp : Theano_Op<"scan",
    [RecursiveMemoryEffects, AttrSizedOperandSegments,
     Theano_RegionDifferentiated]> {
  let summary = "Theano's scan: a loop in the kernel";
  let description = [{
    `n_steps` iterations of the body, whose block arguments are, in order,
    each sequence's element of this step (its first dimension indexed: t, or
    n_steps - 1 - t with `reverse`) and each state's value of the previous
    step (first `inits`). The body yields the new states, then the step's
    other outputs. Results: each state's values of every step, stacked
    (n_steps first, in the order the steps run), then each other output's,
    stacked, then each state's value after the last step (its initial value
    after none). The body reads other values (Theano's non_sequences, shared
    variables) from above. Sequences shorter than `n_steps` are Theano's
    ValueError naming the scan when the function runs. With `until`
    (Theano's scan_module.until), the body yields a 0-d condition last and
    the loop stops after the first step where it holds: the stacked results
    then have the steps run (an `scf.while`).

    Lowered to an `scf.for` whose iterations write into the stacked results
    (a state's only where they are used). Its gradient is a `reverse` scan
    over the steps (backpropagation through time), through the last
    `truncate_gradient` steps only when that is positive.
  }];
  let arguments = (ins Theano_I64Scalar:$n_steps,
                       Variadic<Theano_Tensor>:$sequences,
                       Variadic<Theano_Tensor>:$inits, UnitAttr:$reverse,
                       UnitAttr:$until,
                       DefaultValuedAttr<I64Attr, "-1">:$truncate_gradient);
  let results = (outs Variadic<Theano_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $n_steps `:` type($n_steps)
    (`sequences` `(` $sequences^ `:` type($sequences) `)`)?
    (`inits` `(` $inits^ `:` type($inits) `)`)? `->` type($results)
    $body attr-dict
  }];
  let extraClassDeclaration = [{
    /// The results stacking the steps' values (states, then outputs).
    ::mlir::ResultRange getStacked() {
      return getResults().drop_back(getInits().size());
    }
    /// Each state's value after the last step.
    ::mlir::ResultRange getFinals() {
      return getResults().take_back(getInits().size());
    }
  }];
  let hasVerifier = 1;
}

def Theano_YieldOp : Theano_Op<"yield",
    [Pure, Terminator, ParentOneOf<["IfElseOp", "ScanOp"]>,
     Theano_NonDifferentiable]> {
  let summary = "the values of a theano.ifelse branch or a theano.scan step";
  let arguments = (ins Variadic<Theano_Tensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
}

//===----------------------------------------------------------------------===//
// Run-time checks
//===----------------------------------------------------------------------===//

def Theano_KeepChecksOp : Theano_Op<"keep_checks",
    [Pure, AllTypesMatch<["value", "result"]>, Theano_Differentiable]> {
  let summary = "`value`, keeping the run-time checks of computing `checked`";
  let description = [{
    What a rewrite leaves where it drops a computation whose value it no
    longer needs but whose run-time checks it must keep: `x * y / x -> y`
    keeps the checks of `x * y` (the broadcasting of x and y, and those of
    computing x), so bad input is still Theano's error. The lowering
    replaces it by `value`; `checked` is lowered for its checks, and its
    value, unused, is removed. No gradient flows into `checked`.
  }];
  let arguments = (ins Theano_Tensor:$checked, Theano_Tensor:$value);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $checked `,` $value attr-dict `:` type($checked) `,` type($value)
  }];
  let extraClassDefinition = [{
    void $cppClass::buildGradients(::mlir::OpBuilder &,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      out.push_back(::mlir::Value());
      out.push_back(resultGrads[0]);
    }
  }];
}

def Theano_AssertOp : Theano_Op<"assert",
    [AllTypesMatch<["value", "result"]>, Theano_Differentiable]> {
  let summary = "`value`, once each scalar condition is nonzero";
  let description = [{
    Theano's Assert (`theano.tensor.opt.Assert`, SpecifyShape, bincount's
    `assert_nonneg`): a condition that is zero when the function runs is
    Theano's AssertionError, its message `message` naming the node. Not
    pure: it stays, and before what reads its value. The gradient passes to
    `value`; none flows into the conditions.
  }];
  let arguments = (ins Theano_Tensor:$value,
                       Variadic<0DTensorOf<[Theano_Element]>>:$conditions,
                       StrAttr:$message);
  let results = (outs Theano_Tensor:$result);
  let assemblyFormat = [{
    $value `,` $message (`if` $conditions^ `:` type($conditions))? attr-dict
    `:` type($value)
  }];
  let extraClassDefinition = [{
    void $cppClass::buildGradients(::mlir::OpBuilder &,
                                   ::mlir::ValueRange resultGrads,
                                   ::llvm::SmallVectorImpl<::mlir::Value> &out) {
      out.push_back(resultGrads[0]);
      out.append(getConditions().size(), ::mlir::Value());
    }
  }];
}

def Theano_CheckOp : Theano_Op<"check", [MemoryEffects<[MemWrite]>]> {
  let summary = "a run-time condition whose failure is reported, not fatal";
  let description = [{
    Emitted by the lowering for constraints that only inputs can violate
    (shapes that must agree, sizes that must match). The pass
    `theano-checks-to-status` turns each into a branch that returns an error
    status naming `message`, so bad input never aborts the process. The
    message may show `values` as {0}, {1}, ...
  }];
  let arguments = (ins I1:$condition, Variadic<Index>:$values,
                       StrAttr:$message);
  let assemblyFormat = [{
    $condition `,` $message (`(` $values^ `)`)? attr-dict
  }];
  let hasVerifier = 1;
  let hasCanonicalizeMethod = 1;
}

#endif // THEANO_OPS_TD

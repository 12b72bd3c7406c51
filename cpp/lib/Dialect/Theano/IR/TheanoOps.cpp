//===- TheanoOps.cpp - type inference, verifiers, elementwise rules -------===//
//
// The op classes' definitions are generated here, with the derivative rules
// that TheanoOps.td writes beside the elementwise ops.
//
//===----------------------------------------------------------------------===//
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoBuilders.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/SmallBitVector.h"

using namespace mlir;
using namespace mlir::theano;

Type mlir::theano::complexPartElement(TypeRange operandTypes) {
  if (operandTypes.empty())
    return Type();
  if (auto complex =
          dyn_cast<ComplexType>(getElementTypeOrSelf(operandTypes[0])))
    return complex.getElementType();
  return Type();
}

Type mlir::theano::complexOfElement(TypeRange operandTypes) {
  if (operandTypes.empty())
    return Type();
  if (auto real = dyn_cast<FloatType>(getElementTypeOrSelf(operandTypes[0])))
    return ComplexType::get(real);
  return Type();
}

LogicalResult
mlir::theano::inferBroadcastType(std::optional<Location> loc,
                                 TypeRange operandTypes, Type elementType,
                                 SmallVectorImpl<Type> &inferred) {
  if (operandTypes.empty())
    return emitOptionalError(loc, "expects at least one operand");
  SmallVector<int64_t> shape;
  int64_t rank = -1;
  for (auto [index, type] : llvm::enumerate(operandTypes)) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor)
      return emitOptionalError(loc, "operand #", index,
                               " is not a ranked tensor");
    if (rank < 0) {
      rank = tensor.getRank();
      shape.assign(rank, 1);
    } else if (tensor.getRank() != rank) {
      return emitOptionalError(
          loc,
          "operands must have the same rank (broadcast by inserting "
          "dimensions with dimshuffle): operand #0 has rank ",
          rank, ", operand #", index, " has rank ", tensor.getRank());
    }
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = tensor.getDimSize(d);
      if (size == 1)
        continue; // broadcastable
      if (shape[d] == 1 || ShapedType::isDynamic(shape[d])) {
        if (shape[d] == 1 || !ShapedType::isDynamic(size))
          shape[d] = size;
        continue;
      }
      if (!ShapedType::isDynamic(size) && size != shape[d])
        return emitOptionalError(loc,
                                 "operands are not broadcast-compatible "
                                 "in dimension ",
                                 d, ": size ", shape[d], " vs ", size);
    }
  }
  if (!elementType)
    elementType = cast<RankedTensorType>(operandTypes.back()).getElementType();
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

//===----------------------------------------------------------------------===//
// DimShuffleOp
//===----------------------------------------------------------------------===//

LogicalResult DimShuffleOp::verify() {
  auto input = getInput().getType();
  auto result = getResult().getType();
  ArrayRef<int64_t> order = getNewOrder();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result element type must equal the input's");
  if (result.getRank() != static_cast<int64_t>(order.size()))
    return emitOpError("result rank ")
           << result.getRank() << " does not match new_order of size "
           << order.size();
  llvm::SmallBitVector used(input.getRank());
  for (auto [i, entry] : llvm::enumerate(order)) {
    if (entry == -1) {
      if (result.getDimSize(i) != 1)
        return emitOpError("dimension ")
               << i << " is a new broadcastable dimension ('x') and must "
               << "have static size 1";
      continue;
    }
    if (entry < 0 || entry >= input.getRank())
      return emitOpError("new_order entry ")
             << entry << " is not -1 ('x') or an input dimension in [0, "
             << input.getRank() << ")";
    if (used.test(entry))
      return emitOpError("input dimension ")
             << entry << " appears twice in new_order";
    used.set(entry);
    if (result.getDimSize(i) != input.getDimSize(entry))
      return emitOpError("result dimension ")
             << i << " must have the size of input dimension " << entry;
  }
  for (int64_t d = 0; d < input.getRank(); ++d)
    if (!used.test(d) && input.getDimSize(d) != 1)
      return emitOpError("input dimension ")
             << d << " is dropped but is not broadcastable (static size 1)";
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp, ShapeOp, DimOp
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::verify() {
  auto input = getInput().getType();
  auto result = getResult().getType();
  auto shape = getShape().getType();
  if (input.getElementType() != result.getElementType())
    return emitOpError("result element type must equal the input's");
  if (shape.isDynamicDim(0) || shape.getDimSize(0) != result.getRank())
    return emitOpError("shape operand must have static length equal to the "
                       "result rank ")
           << result.getRank();
  if (input.hasStaticShape() && result.hasStaticShape() &&
      input.getNumElements() != result.getNumElements())
    return emitOpError("cannot reshape ")
           << input.getNumElements() << " elements into "
           << result.getNumElements();
  return success();
}

LogicalResult ShapeOp::verify() {
  if (getResult().getType().getDimSize(0) != getInput().getType().getRank())
    return emitOpError("result length must equal the input rank ")
           << getInput().getType().getRank();
  return success();
}

LogicalResult MakeVectorOp::verify() {
  auto result = getResult().getType();
  if (result.isDynamicDim(0) ||
      result.getDimSize(0) != static_cast<int64_t>(getElements().size()))
    return emitOpError("result length must be the number of elements, ")
           << getElements().size();
  for (Value element : getElements())
    if (cast<RankedTensorType>(element.getType()).getElementType() !=
        result.getElementType())
      return emitOpError("elements must have the result's element type");
  return success();
}

LogicalResult DimOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ")
           << getAxis() << " is out of range for rank " << rank;
  return success();
}

//===----------------------------------------------------------------------===//
// Neural-network ops
//===----------------------------------------------------------------------===//

static LogicalResult verifyRowNormalization(Operation *op) {
  if (cast<RankedTensorType>(op->getOperand(0).getType()).getRank() < 1)
    return op->emitOpError("needs at least one dimension (its rows)");
  return success();
}
LogicalResult SoftmaxOp::verify() { return verifyRowNormalization(*this); }
LogicalResult LogSoftmaxOp::verify() { return verifyRowNormalization(*this); }

LogicalResult TakePerRowOp::verify() {
  RankedTensorType input = getInput().getType(), result = getResult().getType();
  if (input.getRank() != 2 || result.getRank() != 1)
    return emitOpError("takes a matrix to a vector");
  if (failed(verifyCompatibleShape({input.getDimSize(0)}, result.getShape())) ||
      failed(verifyCompatibleShape(getIndices().getType().getShape(),
                                   result.getShape())))
    return emitOpError("needs one index per row, one result per row");
  return success();
}

LogicalResult OneHotOp::verify() {
  RankedTensorType result = getResult().getType();
  if (result.getRank() != 2 ||
      failed(verifyCompatibleShape(getIndices().getType().getShape(),
                                   {result.getDimSize(0)})))
    return emitOpError("gives a matrix with one row per index");
  return success();
}

/// The convolution family's shared checks: operands and result of one rank
/// (batch, channels, at least one spatial dimension), one stride, dilation
/// and padding per spatial dimension.
static LogicalResult verifyConv(Operation *op, ArrayRef<Value> tensors,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> dilations,
                                ArrayRef<int64_t> padding, int64_t groups) {
  int64_t rank = cast<RankedTensorType>(op->getResult(0).getType()).getRank();
  if (rank < 3)
    return op->emitOpError("needs a batch, a channel and a spatial dimension");
  for (Value v : tensors)
    if (cast<RankedTensorType>(v.getType()).getRank() != rank)
      return op->emitOpError("needs tensors of one rank");
  size_t spatial = rank - 2;
  if (strides.size() != spatial || dilations.size() != spatial ||
      padding.size() != spatial)
    return op->emitOpError("needs one stride, dilation and padding per "
                           "spatial dimension");
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return op->emitOpError("needs strides and dilations of at least 1");
  if (llvm::any_of(padding, [](int64_t p) { return p < -2; }))
    return op->emitOpError("needs paddings of at least 0 (-1: full, -2: half)");
  if (groups < 1)
    return op->emitOpError("needs at least one group");
  return success();
}

LogicalResult ConvOp::verify() {
  return verifyConv(*this, {getInput(), getFilters()}, getStrides(),
                    getDilations(), getPadding(), getGroups());
}

LogicalResult ConvGradInputOp::verify() {
  return verifyConv(*this, {getFilters(), getOutputGrad()}, getStrides(),
                    getDilations(), getPadding(), getGroups());
}

LogicalResult ConvGradFilterOp::verify() {
  return verifyConv(*this, {getInput(), getOutputGrad()}, getStrides(),
                    getDilations(), getPadding(), getGroups());
}

/// A pool's attributes: one window, stride and padding per pooled
/// dimension (at most the rank), a known mode; padding needs ignore_border
/// and stays below the window (Theano's).
static LogicalResult verifyPool(Operation *op, int64_t rank,
                                ArrayRef<int64_t> window,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> padding, bool ignoreBorder,
                                StringRef mode) {
  if (window.empty() || window.size() > size_t(rank) ||
      strides.size() != window.size() || padding.size() != window.size())
    return op->emitOpError("needs one window size, stride and padding per "
                           "pooled dimension");
  if (llvm::any_of(window, [](int64_t w) { return w < 1; }) ||
      llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return op->emitOpError("needs windows and strides of at least 1");
  for (auto [w, p] : llvm::zip(window, padding))
    if (p < 0 || p >= w)
      return op->emitOpError("needs paddings in [0, window)");
  if (!ignoreBorder && llvm::any_of(padding, [](int64_t p) { return p; }))
    return op->emitOpError("pads only with ignore_border");
  if (!llvm::is_contained(ArrayRef<StringRef>{"max", "sum", "average_inc_pad",
                                              "average_exc_pad"},
                          mode))
    return op->emitOpError("has an unknown mode '") << mode << "'";
  return success();
}

LogicalResult PoolOp::verify() {
  if (getInput().getType().getRank() != getResult().getType().getRank())
    return emitOpError("keeps the rank");
  return verifyPool(*this, getInput().getType().getRank(), getWindow(),
                    getStrides(), getPadding(), getIgnoreBorder(), getMode());
}

LogicalResult PoolGradOp::verify() {
  return verifyPool(*this, getInput().getType().getRank(), getWindow(),
                    getStrides(), getPadding(), getIgnoreBorder(), getMode());
}

LogicalResult PoolMaxGradGradOp::verify() {
  if (getInput().getType().getRank() != getOutput().getType().getRank() ||
      getInput().getType().getRank() != getInputGrad().getType().getRank() ||
      getInput().getType().getRank() != getResult().getType().getRank())
    return emitOpError("keeps the rank");
  return verifyPool(*this, getInput().getType().getRank(), getWindow(),
                    getStrides(), getPadding(), getIgnoreBorder(), "max");
}

LogicalResult MRGUniformOp::verify() {
  if (failed(verifyCompatibleShape(getState().getType().getShape(),
                                   {ShapedType::kDynamic, 6})))
    return emitOpError("needs a state of six int32 per stream (n x 6)");
  int64_t sizeLength = getSize().getType().getDimSize(0);
  if (!ShapedType::isDynamic(sizeLength) &&
      sizeLength != getResult().getType().getRank())
    return emitOpError("needs one size per dimension of the result");
  return success();
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// The shared checks of basic indexing: one entry per named dimension in
/// each attribute, as many `dynamic` operands as kDynamic bounds, indices
/// with neither stop nor step; returns the indexed part's rank.
template <typename OpT>
static FailureOr<int64_t> verifyBasicIndexing(OpT op, RankedTensorType input) {
  ArrayRef<bool> indices = op.getIndices();
  size_t count = indices.size();
  if (op.getStarts().size() != count || op.getStops().size() != count ||
      op.getSteps().size() != count)
    return op.emitOpError("needs one start, stop and step per entry of "
                          "`indices`");
  if (int64_t(count) > input.getRank())
    return op.emitOpError("indexes ")
           << count << " dimensions of a rank-" << input.getRank() << " tensor";
  int64_t dynamic = 0, dropped = 0;
  for (size_t d = 0; d < count; ++d) {
    for (int64_t bound :
         {op.getStarts()[d], op.getStops()[d], op.getSteps()[d]})
      dynamic += bound == OpT::kDynamic;
    if (indices[d]) {
      ++dropped;
      if (op.getStarts()[d] == OpT::kAbsent ||
          op.getStops()[d] != OpT::kAbsent || op.getSteps()[d] != OpT::kAbsent)
        return op.emitOpError("index entry ")
               << d << " needs a start and neither stop nor step";
    } else if (op.getSteps()[d] == 0) {
      return op.emitOpError("slice step cannot be zero");
    }
  }
  if (int64_t(op.getDynamic().size()) != dynamic)
    return op.emitOpError("has ")
           << op.getDynamic().size() << " dynamic operands for " << dynamic
           << " dynamic bounds";
  return input.getRank() - dropped;
}

LogicalResult SubtensorOp::verify() {
  FailureOr<int64_t> rank = verifyBasicIndexing(*this, getInput().getType());
  if (failed(rank))
    return failure();
  if (getResult().getType().getRank() != *rank)
    return emitOpError("result must have rank ") << *rank;
  return success();
}

LogicalResult IncSubtensorOp::verify() {
  FailureOr<int64_t> rank = verifyBasicIndexing(*this, getInput().getType());
  if (failed(rank))
    return failure();
  if (getValue().getType().getRank() != *rank)
    return emitOpError("value must have the indexed part's rank ") << *rank;
  return success();
}

/// Index tensors of one rank, at most the input's rank of them; returns
/// their broadcast shape.
static FailureOr<SmallVector<int64_t>>
verifyAdvancedIndexing(Operation *op, RankedTensorType input,
                       ValueRange indices) {
  if (indices.empty() || int64_t(indices.size()) > input.getRank())
    return op->emitOpError("needs between 1 and ")
           << input.getRank() << " index tensors";
  SmallVector<Type> types(indices.getTypes());
  SmallVector<Type> inferred;
  if (failed(inferBroadcastType(op->getLoc(), types, Type(), inferred)))
    return failure();
  return SmallVector<int64_t>(cast<RankedTensorType>(inferred[0]).getShape());
}

/// The indexed part's shape: the indices' broadcast shape, then the
/// input's dimensions past those indexed.
static SmallVector<int64_t> advancedShape(ArrayRef<int64_t> broadcast,
                                          RankedTensorType input,
                                          size_t indexed) {
  SmallVector<int64_t> shape(broadcast);
  llvm::append_range(shape, input.getShape().drop_front(indexed));
  return shape;
}

LogicalResult AdvancedSubtensorOp::verify() {
  RankedTensorType input = getInput().getType();
  auto broadcast = verifyAdvancedIndexing(*this, input, getIndices());
  if (failed(broadcast))
    return failure();
  SmallVector<int64_t> shape =
      advancedShape(*broadcast, input, getIndices().size());
  if (failed(verifyCompatibleShape(shape, getResult().getType().getShape())))
    return emitOpError("result must have the indices' shape followed by the "
                       "input's dimensions past those indexed");
  return success();
}

LogicalResult AdvancedIncSubtensorOp::verify() {
  RankedTensorType input = getInput().getType();
  auto broadcast = verifyAdvancedIndexing(*this, input, getIndices());
  if (failed(broadcast))
    return failure();
  SmallVector<int64_t> shape =
      advancedShape(*broadcast, input, getIndices().size());
  RankedTensorType value = getValue().getType();
  if (value.getRank() != int64_t(shape.size()))
    return emitOpError("value must have the indexed part's rank ")
           << shape.size();
  for (auto [have, want] : llvm::zip(value.getShape(), shape))
    if (have != 1 && failed(verifyCompatibleShape({have}, {want})))
      return emitOpError("value does not broadcast to the indexed part");
  return success();
}

LogicalResult NonzeroOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (rank < 1)
    return emitOpError("needs an input of rank >= 1 (Theano's Nonzero)");
  if (!getSizes().empty() && int64_t(getSizes().size()) != rank)
    return emitOpError("needs one size per dimension of the mask: ")
           << rank << ", got " << getSizes().size();
  int64_t rows = getResult().getType().getDimSize(0);
  if (rows != ShapedType::kDynamic && rows != rank)
    return emitOpError("the result has one row per dimension: ")
           << rank << ", got " << rows;
  return success();
}

LogicalResult GradClipOp::verify() {
  if (getLower().convertToDouble() > getUpper().convertToDouble())
    return emitOpError("the lower bound ")
           << getLower().convertToDouble() << " exceeds the upper bound "
           << getUpper().convertToDouble();
  return success();
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// Axes strictly increasing and in range; the result is the input without them.
static LogicalResult verifyReduction(Operation *op, RankedTensorType input,
                                     RankedTensorType result,
                                     ArrayRef<int64_t> axes) {
  int64_t previous = -1;
  for (int64_t axis : axes) {
    if (axis <= previous || axis >= input.getRank())
      return op->emitOpError("axes must be strictly increasing and within "
                             "[0, ")
             << input.getRank() << ")";
    previous = axis;
  }
  if (result.getRank() != input.getRank() - static_cast<int64_t>(axes.size()))
    return op->emitOpError("result rank must be the input rank minus the "
                           "number of reduced axes");
  int64_t r = 0;
  for (int64_t d = 0; d < input.getRank(); ++d) {
    if (llvm::is_contained(axes, d))
      continue;
    if (result.getDimSize(r) != input.getDimSize(d))
      return op->emitOpError("result dimension ")
             << r << " must have the size of input dimension " << d;
    ++r;
  }
  return success();
}

template <typename OpTy>
static LogicalResult verifySameElementReduction(OpTy op) {
  if (op.getInput().getType().getElementType() !=
      op.getResult().getType().getElementType())
    return op.emitOpError("result element type must equal the input's");
  return verifyReduction(op, op.getInput().getType(), op.getResult().getType(),
                         op.getAxes());
}

template <typename OpTy>
static LogicalResult verifyAnyElementReduction(OpTy op) {
  return verifyReduction(op, op.getInput().getType(), op.getResult().getType(),
                         op.getAxes());
}

LogicalResult SumOp::verify() { return verifyAnyElementReduction(*this); }
LogicalResult ProdOp::verify() { return verifyAnyElementReduction(*this); }
LogicalResult ArgMaxOp::verify() { return verifyAnyElementReduction(*this); }
LogicalResult ArgMinOp::verify() { return verifyAnyElementReduction(*this); }
LogicalResult MaxOp::verify() { return verifySameElementReduction(*this); }
LogicalResult LogSumExpOp::verify() {
  return verifySameElementReduction(*this);
}
LogicalResult MinOp::verify() { return verifySameElementReduction(*this); }

//===----------------------------------------------------------------------===//
// DotOp
//===----------------------------------------------------------------------===//

static bool compatibleDims(int64_t a, int64_t b) {
  return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
}

LogicalResult DotOp::verify() {
  auto lhs = getLhs().getType();
  auto rhs = getRhs().getType();
  auto result = getResult().getType();
  int64_t lr = lhs.getRank(), rr = rhs.getRank();
  if (lr < 1 || lr > 2 || rr < 1 || rr > 2)
    return emitOpError("operands must be vectors or matrices, got ranks ")
           << lr << " and " << rr;
  int64_t lhsInner = lhs.getDimSize(lr - 1);
  int64_t rhsInner = rhs.getDimSize(0);
  if (!compatibleDims(lhsInner, rhsInner))
    return emitOpError("inner dimensions differ: ")
           << lhsInner << " vs " << rhsInner;
  SmallVector<int64_t> expected;
  if (lr == 2)
    expected.push_back(lhs.getDimSize(0));
  if (rr == 2)
    expected.push_back(rhs.getDimSize(1));
  if (result.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError("result type ")
           << result << " does not match the operands' outer dimensions";
  return success();
}

LogicalResult GemmOp::verify() {
  auto a = getA().getType(), b = getB().getType();
  auto result = getResult().getType();
  if (a.getRank() != 2 || b.getRank() != 2 || result.getRank() != 2)
    return emitOpError("a, b and the result must be matrices");
  if (!compatibleDims(a.getDimSize(1), b.getDimSize(0)))
    return emitOpError("inner dimensions differ: ")
           << a.getDimSize(1) << " vs " << b.getDimSize(0);
  if (!compatibleDims(a.getDimSize(0), result.getDimSize(0)) ||
      !compatibleDims(b.getDimSize(1), result.getDimSize(1)))
    return emitOpError("result type ")
           << result << " does not match the operands' outer dimensions";
  if (getAlpha().getType().getRank() != 0)
    return emitOpError("alpha must be a 0-d tensor");
  if (!getC() != !getBeta())
    return emitOpError("c and beta come together");
  if (!getC())
    return success();
  auto c = getC().getType();
  if (getBeta().getType().getRank() != 0 ||
      getBeta().getType().getElementType() != result.getElementType())
    return emitOpError(
        "beta must be a 0-d tensor of the result's element type");
  if (c.getElementType() != result.getElementType() || c.getRank() != 2)
    return emitOpError("c must be a matrix of the result's element type");
  for (int64_t d = 0; d < 2; ++d)
    if (c.getDimSize(d) != 1 &&
        !compatibleDims(c.getDimSize(d), result.getDimSize(d)))
      return emitOpError("c of type ")
             << c << " does not broadcast to the result type " << result;
  return success();
}

//===----------------------------------------------------------------------===//
// AllocOp, GradOp
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::verify() {
  auto value = getValue().getType();
  auto result = getResult().getType();
  int64_t rank = result.getRank();
  if (value.getRank() != rank || getShape().getType().getDimSize(0) != rank)
    return emitOpError("value, shape and result must have one rank, got ")
           << value.getRank() << ", " << getShape().getType().getDimSize(0)
           << " and " << rank;
  for (int64_t d = 0; d < rank; ++d)
    if (value.getDimSize(d) != 1 &&
        !compatibleDims(value.getDimSize(d), result.getDimSize(d)))
      return emitOpError("value dimension ")
             << d << " neither broadcasts nor matches the result";
  return success();
}

LogicalResult GradOp::verify() {
  if (Value cost = getCost();
      cost && cast<RankedTensorType>(cost.getType()).getRank() != 0)
    return emitOpError("cost must be a scalar (0-d tensor)");
  if (!getCost() && getKnown().empty())
    return emitOpError("needs a cost or known gradients");
  if (getKnown().size() != getKnownGrads().size())
    return emitOpError("needs one known gradient per known value");
  for (auto [known, grad] : llvm::zip(getKnown(), getKnownGrads()))
    if (failed(verifyCompatibleShape(known.getType(), grad.getType())))
      return emitOpError("a known gradient must have its value's shape");
  if (getGrads().size() != getWrt().size())
    return emitOpError("needs one result per wrt value");
  for (auto [wrt, grad] : llvm::zip(getWrt(), getGrads())) {
    auto wrtType = cast<RankedTensorType>(wrt.getType());
    bool isFloat = isa<FloatType>(wrtType.getElementType());
    if (isFloat ? grad.getType() != wrtType
                : failed(verifyCompatibleShape(wrtType, grad.getType())))
      return emitOpError("the gradient of a float has its type, of an "
                         "integer a float type of its shape; got ")
             << grad.getType() << " for " << wrtType;
  }
  return success();
}

LogicalResult JacobianOp::verify() {
  auto exprType = cast<RankedTensorType>(getExpression().getType());
  if (exprType.getRank() != 1)
    return emitOpError("expression must be a vector (1-d tensor)");
  if (getJacobians().size() != getWrt().size())
    return emitOpError("needs one result per wrt value");
  for (auto [wrt, jacobian] : llvm::zip(getWrt(), getJacobians())) {
    auto wrtType = cast<RankedTensorType>(wrt.getType());
    auto type = cast<RankedTensorType>(jacobian.getType());
    SmallVector<int64_t> shape{exprType.getDimSize(0)};
    llvm::append_range(shape, wrtType.getShape());
    bool isFloat = isa<FloatType>(wrtType.getElementType());
    if (type.getShape() != ArrayRef(shape) ||
        (isFloat && type.getElementType() != wrtType.getElementType()))
      return emitOpError("the Jacobian with respect to ")
             << wrtType << " has the expression's size then its shape (and "
             << "its element type if float); got " << type;
  }
  return success();
}

LogicalResult RopOp::verify() {
  if (getProducts().size() != getOutputs().size())
    return emitOpError("needs one result per output");
  if (getTangents().size() != getWrt().size())
    return emitOpError("needs one tangent per wrt value");
  for (auto [output, product] : llvm::zip(getOutputs(), getProducts()))
    if (output.getType() != product.getType())
      return emitOpError("a product has its output's type; got ")
             << product.getType() << " for " << output.getType();
  for (auto [wrt, tangent] : llvm::zip(getWrt(), getTangents())) {
    auto wrtType = cast<RankedTensorType>(wrt.getType());
    auto tangentType = cast<RankedTensorType>(tangent.getType());
    if (wrtType.getElementType() != tangentType.getElementType() ||
        failed(verifyCompatibleShape(wrtType, tangentType)))
      return emitOpError("a tangent has its wrt value's type; got ")
             << tangentType << " for " << wrtType;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// CumulativeOp, SortOp
//===----------------------------------------------------------------------===//

LogicalResult CumulativeOp::verify() {
  int64_t rank = getInput().getType().getRank();
  if (getAxis() < 0 || getAxis() >= rank)
    return emitOpError("axis ")
           << getAxis() << " is out of range for rank " << rank;
  return success();
}

LogicalResult SortOp::verify() {
  RankedTensorType keys = getKeys().getType();
  RankedTensorType result = getResult().getType();
  if (keys.getRank() < 1)
    return emitOpError("sorts along the last axis: keys need rank >= 1");
  if (failed(verifyCompatibleShape(keys.getShape(), result.getShape())))
    return emitOpError("the result has the keys' shape; got ") << result;
  if (Value values = getValues()) {
    if (getPositions())
      return emitOpError("sorts values or gives positions, not both");
    if (values.getType() != result)
      return emitOpError("the result has the values' type");
    if (failed(verifyCompatibleShape(
            keys.getShape(),
            cast<RankedTensorType>(values.getType()).getShape())))
      return emitOpError("the values have the keys' shape");
    return success();
  }
  Type expected = getPositions() ? IntegerType::get(getContext(), 64)
                                 : keys.getElementType();
  if (result.getElementType() != expected)
    return emitOpError("the result holds ")
           << (getPositions() ? "positions (i64)"
                              : "the sorted keys (their type)");
  return success();
}

//===----------------------------------------------------------------------===//
// CheckOp
//===----------------------------------------------------------------------===//

/// A check that holds whatever the inputs is dropped.
LogicalResult CheckOp::canonicalize(CheckOp op, PatternRewriter &rewriter) {
  if (!matchPattern(op.getCondition(), m_One()))
    return failure();
  rewriter.eraseOp(op);
  return success();
}

LogicalResult CheckOp::verify() {
  if (getValues().size() > kMaxCheckValues)
    return emitOpError("can show at most ") << kMaxCheckValues << " values";
  return success();
}

#define GET_OP_CLASSES
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.cpp.inc"

LogicalResult IfElseOp::verify() {
  for (Region *region : {&getThenRegion(), &getElseRegion()}) {
    if (region->front().empty())
      return emitOpError("each branch must end with theano.yield");
    auto yield = dyn_cast<YieldOp>(region->front().back());
    if (!yield)
      return emitOpError("each branch must end with theano.yield");
    if (yield.getValues().getTypes() != getResultTypes())
      return emitOpError("a branch yields ")
             << yield.getValues().getTypes() << " where the results are "
             << getResultTypes();
  }
  return success();
}

LogicalResult ScanOp::verify() {
  Block &body = getBody().front();
  size_t sequences = getSequences().size(), states = getInits().size();
  if (body.getNumArguments() != sequences + states)
    return emitOpError("the body takes one element per sequence and one "
                       "value per state: ")
           << sequences + states << " arguments, not "
           << body.getNumArguments();
  for (auto [sequence, arg] :
       llvm::zip(getSequences(), body.getArguments().take_front(sequences))) {
    auto type = cast<RankedTensorType>(sequence.getType());
    auto element = dyn_cast<RankedTensorType>(arg.getType());
    if (type.getRank() == 0 || !element ||
        element.getElementType() != type.getElementType() ||
        element.getShape() != type.getShape().drop_front())
      return emitOpError("a sequence's element is its first dimension "
                         "indexed: ")
             << arg.getType() << " for " << type;
  }
  for (auto [init, arg] :
       llvm::zip(getInits(), body.getArguments().drop_front(sequences)))
    if (init.getType() != arg.getType())
      return emitOpError("a state's argument has its initial value's type: ")
             << arg.getType() << " for " << init.getType();
  if (body.empty())
    return emitOpError("the body must end with theano.yield");
  auto yield = dyn_cast<YieldOp>(body.back());
  if (getResults().size() < states ||
      getFinals().getTypes() != getInits().getTypes())
    return emitOpError("the last results are the states' final values, of "
                       "their initial values' types");
  size_t conditions = getUntil() ? 1 : 0;
  if (!yield || yield.getValues().size() != getStacked().size() + conditions)
    return emitOpError("the body yields one value per stacked result")
           << (conditions ? ", then the condition to stop" : "");
  if (conditions &&
      cast<RankedTensorType>(yield.getValues().back().getType()).getRank() != 0)
    return emitOpError("the condition to stop is 0-d, not ")
           << yield.getValues().back().getType();
  for (auto [k, value, result] : llvm::enumerate(
           yield.getValues().take_front(getStacked().size()), getStacked())) {
    auto stacked = cast<RankedTensorType>(result.getType());
    auto step = cast<RankedTensorType>(value.getType());
    if (stacked.getRank() != step.getRank() + 1 ||
        stacked.getElementType() != step.getElementType() ||
        (k < states && value.getType() != getInits()[k].getType()))
      return emitOpError("result #")
             << k << " stacks the steps' " << value.getType()
             << " (a state's of its initial value's type), not "
             << result.getType();
  }
  return success();
}

//===- Convolution.cpp - conv, conv_grad_input, conv_grad_filter ---------===//
//
// A convolution as a matrix product: the input, zero-padded, gives the
// patches (c, k..., n, out...) = padded[n, c, out * stride + k * dilation]
// (one linalg.generic with an affine read: im2col, copying rows of the
// input, contiguous for stride 1), and each group's filters (its output
// channels by its channels and kernel positions) multiply its patches
// (channels and kernel positions as rows, batch and output positions as
// columns) in a linalg.matmul, which the matmul schedule then tiles and
// vectorizes along the long output positions. The filters' gradient is the
// output gradient times the same patches, read transposed; the input's
// gradient multiplies the transposed filters by the output gradient into
// patch gradients, which a loop over the kernel positions adds back into the
// padded input's windows (col2im). `flip` reverses the kernel (a gather).
//
//===----------------------------------------------------------------------===//
#include "PopulatePatterns.h"
#include "theano_mlir/Conversion/TheanoToLinalg/LoweringUtils.h"
#include "theano_mlir/Dialect/Theano/IR/TheanoOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::theano;

namespace {

using Indices = IndexArithmetic;

/// The attributes and the sizes of one convolution.
struct Geometry {
  int64_t spatial = 0, groups = 1;
  bool flip = false;
  SmallVector<int64_t> strides, dilations, padding;
  // run-time sizes
  Value batch, channels, outChannels, filterChannels, perGroupOut;
  SmallVector<Value> input, kernel, output, pads;

  template <typename OpT> static Geometry of(OpT op) {
    Geometry g;
    g.strides = llvm::to_vector(op.getStrides());
    g.dilations = llvm::to_vector(op.getDilations());
    g.padding = llvm::to_vector(op.getPadding());
    g.spatial = g.strides.size();
    g.groups = op.getGroups();
    g.flip = op.getFlip();
    return g;
  }

  /// The pads from the kernel sizes, then the output sizes the input's
  /// give (checked: at least one position, the channels grouped evenly).
  void derive(Indices &i, Operation *op, Value channelsPerGroup) {
    filterChannels = channelsPerGroup;
    perGroupOut = i.div(outChannels, groups);
    for (int64_t d = 0; d < spatial; ++d) {
      Value span = i.mul(i.sub(kernel[d], i.c(1)), dilations[d]);
      Value pad = padding[d] >= 0 ? i.c(padding[d])
                  : padding[d] == -1
                      ? span
                      : i.mul(i.div(kernel[d], i.c(2)), dilations[d]);
      pads.push_back(pad);
      Value room = i.sub(i.add(input[d], i.add(pad, pad)), i.add(span, i.c(1)));
      emitCheck(i.b, op, i.le(i.c(0), room),
                "the kernel (" + Twine(d) +
                    ": {0} with its dilation) is larger than the padded "
                    "input ({1})",
                {kernel[d], i.add(input[d], i.add(pad, pad))});
      output.push_back(i.add(i.div(room, i.c(strides[d])), i.c(1)));
    }
    emitCheck(i.b, op, i.eq(channels, i.mul(filterChannels, groups)),
              "the input has {0} channels, the filters read {1} in each of " +
                  Twine(groups) + " groups",
              {channels, filterChannels});
    Value remainder =
        arith::RemSIOp::create(i.b, i.loc, outChannels, i.c(groups));
    emitCheck(i.b, op, i.eq(remainder, i.c(0)),
              "{0} output channels do not split into " + Twine(groups) +
                  " groups",
              {outChannels});
  }

  /// (`channelsHere`, k..., n, out...): the patches' sizes.
  SmallVector<Value> patchSizes(Value channelsHere) const {
    SmallVector<Value> sizes = {channelsHere};
    sizes.append(kernel);
    sizes.push_back(batch);
    sizes.append(output);
    return sizes;
  }

  /// Checks that a given output gradient has the output's sizes.
  void checkOutput(Indices &i, Operation *op, Value outputGrad) {
    emitCheck(i.b, op, i.eq(i.dim(outputGrad, 0), batch),
              "the output gradient's batch is {0}, the input's {1}",
              {i.dim(outputGrad, 0), batch});
    emitCheck(i.b, op, i.eq(i.dim(outputGrad, 1), outChannels),
              "the output gradient has {0} channels, the filters {1}",
              {i.dim(outputGrad, 1), outChannels});
    for (int64_t d = 0; d < spatial; ++d)
      emitCheck(i.b, op, i.eq(i.dim(outputGrad, 2 + d), output[d]),
                "the output gradient's size " + Twine(d) +
                    " is {0}, the convolution's {1}",
                {i.dim(outputGrad, 2 + d), output[d]});
  }
};

RankedTensorType dynamicTensor(int64_t rank, Type element) {
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                               element);
}

Value zeros(OpBuilder &b, Location loc, ArrayRef<Value> sizes, Type element) {
  Value empty = tensor::EmptyOp::create(
      b, loc, getAsOpFoldResult(SmallVector<Value>(sizes)), element);
  Value zero = scalarConstant(b, loc, element, 0);
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// `x` zero-padded by `pads` on both sides of its spatial dimensions.
Value padded(OpBuilder &b, Location loc, Value x, ArrayRef<Value> pads) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<OpFoldResult> sides = {b.getIndexAttr(0), b.getIndexAttr(0)};
  for (Value p : pads)
    sides.push_back(p);
  Value zero = scalarConstant(b, loc, type.getElementType(), 0);
  // the result type inferred: static where the input's and the pads are
  return tensor::PadOp::create(b, loc, Type(), x, sides, sides, zero);
}

/// patches[c, k..., n, o...] = padded[n, c, o * stride + k * dilation]
Value patches(OpBuilder &b, Location loc, Value input, const Geometry &g) {
  int64_t n = g.spatial;
  Type element = cast<RankedTensorType>(input.getType()).getElementType();
  Value init = tensor::EmptyOp::create(
      b, loc, getAsOpFoldResult(g.patchSizes(g.channels)), element);
  MLIRContext *context = b.getContext();
  int64_t loops = 2 + 2 * n;
  SmallVector<AffineExpr> reads = {getAffineDimExpr(n + 1, context),
                                   getAffineDimExpr(0, context)};
  for (int64_t d = 0; d < n; ++d)
    reads.push_back(getAffineDimExpr(n + 2 + d, context) * g.strides[d] +
                    getAffineDimExpr(1 + d, context) * g.dilations[d]);
  SmallVector<AffineMap> maps = {AffineMap::get(loops, 0, reads, context),
                                 b.getMultiDimIdentityMap(loops)};
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{padded(b, loc, input, g.pads)},
             ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(loops,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// The filters with their kernel reversed in every spatial dimension.
Value flipped(OpBuilder &b, Location loc, Value filters) {
  auto type = cast<RankedTensorType>(filters.getType());
  int64_t rank = type.getRank();
  Indices i{b, loc};
  SmallVector<Value> sizes;
  for (int64_t d = 0; d < rank; ++d)
    sizes.push_back(i.dim(filters, d));
  Value init = tensor::EmptyOp::create(b, loc, getAsOpFoldResult(sizes),
                                       type.getElementType());
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{}, ValueRange{init},
             ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)},
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [&](OpBuilder &nb, Location nl, ValueRange) {
               Indices in{nb, nl};
               SmallVector<Value> at;
               for (int64_t d = 0; d < rank; ++d) {
                 Value index = linalg::IndexOp::create(nb, nl, d);
                 at.push_back(d < 2 ? index
                                    : in.sub(in.sub(sizes[d], in.c(1)), index));
               }
               linalg::YieldOp::create(
                   nb, nl,
                   tensor::ExtractOp::create(nb, nl, filters, at).getResult());
             })
      .getResult(0);
}

/// Each run (first, count) of dimensions as one.
SmallVector<ReassociationIndices>
grouping(ArrayRef<std::pair<int64_t, int64_t>> runs) {
  SmallVector<ReassociationIndices> groups;
  for (auto [first, count] : runs) {
    ReassociationIndices group;
    for (int64_t d = first; d < first + count; ++d)
      group.push_back(d);
    groups.push_back(group);
  }
  return groups;
}

Value collapse(OpBuilder &b, Location loc, Value x,
               ArrayRef<std::pair<int64_t, int64_t>> runs) {
  return tensor::CollapseShapeOp::create(b, loc, x, grouping(runs));
}

/// `x` reshaped to `sizes` (tensor.reshape: expand_shape's lowering takes
/// one dynamic size per group only).
Value reshaped(OpBuilder &b, Location loc, Value x, ArrayRef<Value> sizes) {
  auto type = cast<RankedTensorType>(x.getType());
  Value shape = tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({int64_t(sizes.size())}, b.getIndexType()),
      sizes);
  return tensor::ReshapeOp::create(
      b, loc, dynamicTensor(sizes.size(), type.getElementType()), x, shape);
}

/// `x` with its dimensions permuted: a linalg.generic (not a
/// linalg.transpose), which theano-fuse-elementwise fuses with the
/// elementwise ops around it (a convolution's bias and activation read its
/// result in place; the activation's gradient is computed in the
/// gradient's layout), saving a pass over the tensor.
Value transposed(OpBuilder &b, Location loc, Value x,
                 ArrayRef<int64_t> permutation) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  Indices i{b, loc};
  SmallVector<Value> sizes;
  SmallVector<AffineExpr> read(rank);
  for (auto [d, from] : llvm::enumerate(permutation)) {
    sizes.push_back(i.dim(x, from));
    read[from] = b.getAffineDimExpr(d);
  }
  Value init = tensor::EmptyOp::create(b, loc, getAsOpFoldResult(sizes),
                                       type.getElementType());
  SmallVector<AffineMap> maps = {AffineMap::get(rank, 0, read, b.getContext()),
                                 b.getMultiDimIdentityMap(rank)};
  return linalg::GenericOp::create(
             b, loc, init.getType(), ValueRange{x}, ValueRange{init}, maps,
             SmallVector<utils::IteratorType>(rank,
                                              utils::IteratorType::parallel),
             [](OpBuilder &nb, Location nl, ValueRange args) {
               linalg::YieldOp::create(nb, nl, args[0]);
             })
      .getResult(0);
}

/// lhs times rhs, either read transposed.
Value matmul(OpBuilder &b, Location loc, MatmulOperand lhs, MatmulOperand rhs) {
  Type element = cast<RankedTensorType>(lhs.tensor.getType()).getElementType();
  Value init =
      zeros(b, loc, {lhs.size(b, loc, 0), rhs.size(b, loc, 1)}, element);
  return buildMatmul(b, loc, lhs, rhs, init);
}

Value slice(OpBuilder &b, Location loc, Value x, ArrayRef<Value> offsets,
            ArrayRef<Value> sizes) {
  SmallVector<OpFoldResult> ones(sizes.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(
      b, loc, x, getAsOpFoldResult(SmallVector<Value>(offsets)),
      getAsOpFoldResult(SmallVector<Value>(sizes)), ones);
}

/// `part` inserted into `into` at `offsets`, at its own sizes (so that the
/// sizes always agree with its type, however static canonicalization makes
/// it).
Value inserted(OpBuilder &b, Location loc, Value part, Value into,
               ArrayRef<Value> offsets) {
  SmallVector<OpFoldResult> ones(offsets.size(), b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(
      b, loc, part, into, getAsOpFoldResult(SmallVector<Value>(offsets)),
      tensor::getMixedSizes(b, loc, part), ones);
}

/// Runs `body(group, accumulated)` for each group, threading a tensor
/// (no loop for one group).
Value forEachGroup(
    OpBuilder &b, Location loc, int64_t groups, Value init,
    function_ref<Value(OpBuilder &, Location, Value, Value)> body) {
  if (groups == 1)
    return body(b, loc, arith::ConstantIndexOp::create(b, loc, 0), init);
  Indices i{b, loc};
  auto loop = scf::ForOp::create(
      b, loc, i.c(0), i.c(groups), i.c(1), ValueRange{init},
      [&](OpBuilder &lb, Location ll, Value group, ValueRange carried) {
        scf::YieldOp::create(lb, ll, body(lb, ll, group, carried[0]));
      });
  return loop.getResult(0);
}

/// A run of `count` dimensions from `first`, for collapse.
std::pair<int64_t, int64_t> run(int64_t first, int64_t count) {
  return {first, count};
}

/// Group `group`'s patches as (its channels x kernel positions, columns).
Value groupPatches(Indices &gi, const Geometry &g, Value cols, Value group) {
  int64_t n = g.spatial;
  SmallVector<Value> offsets(2 + 2 * n, gi.c(0));
  offsets[0] = gi.mul(group, g.filterChannels);
  return collapse(
      gi.b, gi.loc,
      slice(gi.b, gi.loc, cols, offsets, g.patchSizes(g.filterChannels)),
      {run(0, 1 + n), run(1 + n, 1 + n)});
}

/// Group `group`'s filters as (its out channels, channels x kernel).
Value groupFilters(Indices &gi, const Geometry &g, Value filters, Value group) {
  int64_t n = g.spatial;
  SmallVector<Value> offsets(2 + n, gi.c(0));
  offsets[0] = gi.mul(group, g.perGroupOut);
  SmallVector<Value> sizes = {g.perGroupOut, g.filterChannels};
  sizes.append(g.kernel);
  return collapse(gi.b, gi.loc, slice(gi.b, gi.loc, filters, offsets, sizes),
                  {run(0, 1), run(1, 1 + n)});
}

/// Group `group`'s rows of the output gradient's (out channels, columns).
Value groupGradient(Indices &gi, const Geometry &g, Value columns,
                    Value group) {
  return slice(gi.b, gi.loc, columns, {gi.mul(group, g.perGroupOut), gi.c(0)},
               {g.perGroupOut, gi.dim(columns, 1)});
}

struct ConvLowering : OpConversionPattern<ConvOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Indices i{b, loc};
    Value x = adaptor.getInput(), w = adaptor.getFilters();
    Geometry g = Geometry::of(op);
    int64_t n = g.spatial;
    g.batch = i.dim(x, 0);
    g.channels = i.dim(x, 1);
    g.outChannels = i.dim(w, 0);
    for (int64_t d = 0; d < n; ++d) {
      g.input.push_back(i.dim(x, 2 + d));
      g.kernel.push_back(i.dim(w, 2 + d));
    }
    Value filterChannels = i.dim(w, 1);
    g.derive(i, op, filterChannels);
    Type element = cast<RankedTensorType>(x.getType()).getElementType();

    Value cols = patches(b, loc, x, g);
    if (g.flip)
      w = flipped(b, loc, w);
    Value columns = g.batch;
    for (Value o : g.output)
      columns = i.mul(columns, o);
    Value product = forEachGroup(
        b, loc, g.groups, zeros(b, loc, {g.outChannels, columns}, element),
        [&](OpBuilder &gb, Location gl, Value group, Value into) {
          Indices gi{gb, gl};
          Value part = matmul(gb, gl, {groupFilters(gi, g, w, group), false},
                              {groupPatches(gi, g, cols, group), false});
          return inserted(gb, gl, part, into,
                          {gi.mul(group, g.perGroupOut), gi.c(0)});
        });
    // (out channels, columns) -> (o, n, out...) -> (n, o, out...)
    SmallVector<Value> sizes = {g.outChannels, g.batch};
    sizes.append(g.output);
    Value result = reshaped(b, loc, product, sizes);
    SmallVector<int64_t> order = {1, 0};
    for (int64_t d = 0; d < n; ++d)
      order.push_back(2 + d);
    result = transposed(b, loc, result, order);
    rewriter.replaceOp(op, castIfNeeded(b, loc, result, op.getType()));
    return success();
  }
};

/// The output gradient (n, o, out...) as (o, columns).
Value gradientColumns(OpBuilder &b, Location loc, Value outputGrad, int64_t n) {
  SmallVector<int64_t> order = {1, 0};
  for (int64_t d = 0; d < n; ++d)
    order.push_back(2 + d);
  return collapse(b, loc, transposed(b, loc, outputGrad, order),
                  {run(0, 1), run(1, 1 + n)});
}

struct ConvGradFilterLowering : OpConversionPattern<ConvGradFilterOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvGradFilterOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Indices i{b, loc};
    Value x = adaptor.getInput(), dy = adaptor.getOutputGrad();
    Value shape = adaptor.getFilterShape();
    Geometry g = Geometry::of(op);
    int64_t n = g.spatial;
    g.batch = i.dim(x, 0);
    g.channels = i.dim(x, 1);
    g.outChannels = i.entry(shape, 0);
    Value filterChannels = i.entry(shape, 1);
    for (int64_t d = 0; d < n; ++d) {
      g.input.push_back(i.dim(x, 2 + d));
      g.kernel.push_back(i.entry(shape, 2 + d));
    }
    g.derive(i, op, filterChannels);
    g.checkOutput(i, op, dy);
    Type element = cast<RankedTensorType>(x.getType()).getElementType();

    Value cols = patches(b, loc, x, g);
    Value dyColumns = gradientColumns(b, loc, dy, n);
    Value kernelSize = filterChannels;
    for (Value k : g.kernel)
      kernelSize = i.mul(kernelSize, k);
    Value product = forEachGroup(
        b, loc, g.groups, zeros(b, loc, {g.outChannels, kernelSize}, element),
        [&](OpBuilder &gb, Location gl, Value group, Value into) {
          Indices gi{gb, gl};
          Value part =
              matmul(gb, gl, {groupGradient(gi, g, dyColumns, group), false},
                     {groupPatches(gi, g, cols, group), true});
          return inserted(gb, gl, part, into,
                          {gi.mul(group, g.perGroupOut), gi.c(0)});
        });
    SmallVector<Value> sizes = {g.outChannels, filterChannels};
    sizes.append(g.kernel);
    Value result = reshaped(b, loc, product, sizes);
    if (g.flip)
      result = flipped(b, loc, result);
    rewriter.replaceOp(op, castIfNeeded(b, loc, result, op.getType()));
    return success();
  }
};

struct ConvGradInputLowering : OpConversionPattern<ConvGradInputOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult
  matchAndRewrite(ConvGradInputOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    OpBuilder &b = rewriter;
    Location loc = op.getLoc();
    Indices i{b, loc};
    Value w = adaptor.getFilters(), dy = adaptor.getOutputGrad();
    Value shape = adaptor.getInputShape();
    Geometry g = Geometry::of(op);
    int64_t n = g.spatial;
    g.batch = i.entry(shape, 0);
    g.channels = i.entry(shape, 1);
    g.outChannels = i.dim(w, 0);
    Value filterChannels = i.dim(w, 1);
    for (int64_t d = 0; d < n; ++d) {
      g.input.push_back(i.entry(shape, 2 + d));
      g.kernel.push_back(i.dim(w, 2 + d));
    }
    g.derive(i, op, filterChannels);
    g.checkOutput(i, op, dy);
    Type element = cast<RankedTensorType>(w.getType()).getElementType();
    if (g.flip)
      w = flipped(b, loc, w);

    // The patches' gradient, (c, k..., n, out...)
    Value dyColumns = gradientColumns(b, loc, dy, n);
    Value colGrads = forEachGroup(
        b, loc, g.groups, zeros(b, loc, g.patchSizes(g.channels), element),
        [&](OpBuilder &gb, Location gl, Value group, Value into) {
          Indices gi{gb, gl};
          Value part = matmul(gb, gl, {groupFilters(gi, g, w, group), true},
                              {groupGradient(gi, g, dyColumns, group), false});
          part = reshaped(gb, gl, part, g.patchSizes(g.filterChannels));
          SmallVector<Value> offsets(2 + 2 * n, gi.c(0));
          offsets[0] = gi.mul(group, g.filterChannels);
          return inserted(gb, gl, part, into, offsets);
        });

    // col2im: each kernel position's gradients added into its window of
    // the padded input
    SmallVector<Value> paddedSizes = {g.batch, g.channels};
    for (int64_t d = 0; d < n; ++d)
      paddedSizes.push_back(i.add(g.input[d], i.add(g.pads[d], g.pads[d])));
    Value accumulated = zeros(b, loc, paddedSizes, element);
    SmallVector<Value> lower(n, i.c(0)), steps(n, i.c(1));
    scf::LoopNest nest = scf::buildLoopNest(
        b, loc, lower, g.kernel, steps, ValueRange{accumulated},
        [&](OpBuilder &lb, Location ll, ValueRange position,
            ValueRange carried) -> scf::ValueVector {
          Indices li{lb, ll};
          // (c, n, out...) at this kernel position
          SmallVector<OpFoldResult> offsets(2 + 2 * n, lb.getIndexAttr(0));
          SmallVector<OpFoldResult> sizes = {g.channels};
          for (int64_t d = 0; d < n; ++d) {
            offsets[1 + d] = position[d];
            sizes.push_back(lb.getIndexAttr(1));
          }
          sizes.push_back(g.batch);
          for (Value o : g.output)
            sizes.push_back(o);
          SmallVector<OpFoldResult> unit(2 + 2 * n, lb.getIndexAttr(1));
          // full rank, then the unit kernel dimensions merged into the
          // channels' (a rank-reducing slice is ambiguous where the batch
          // is 1 too)
          Value gradHere = tensor::ExtractSliceOp::create(lb, ll, colGrads,
                                                          offsets, sizes, unit);
          SmallVector<ReassociationIndices> merge;
          ReassociationIndices head;
          for (int64_t d = 0; d < 1 + n; ++d)
            head.push_back(d);
          merge.push_back(head);
          for (int64_t d = 1 + n; d < 2 + 2 * n; ++d)
            merge.push_back({d});
          gradHere = tensor::CollapseShapeOp::create(lb, ll, gradHere, merge);
          // its window: (n, c, out...) read with the strides
          SmallVector<OpFoldResult> wOffsets = {lb.getIndexAttr(0),
                                                lb.getIndexAttr(0)};
          SmallVector<OpFoldResult> wSizes = {g.batch, g.channels};
          SmallVector<OpFoldResult> wStrides = {lb.getIndexAttr(1),
                                                lb.getIndexAttr(1)};
          for (int64_t d = 0; d < n; ++d) {
            wOffsets.push_back(li.mul(position[d], g.dilations[d]));
            wSizes.push_back(g.output[d]);
            wStrides.push_back(lb.getIndexAttr(g.strides[d]));
          }
          Value window = tensor::ExtractSliceOp::create(
              lb, ll, dynamicTensor(2 + n, element), carried[0], wOffsets,
              wSizes, wStrides);
          MLIRContext *context = lb.getContext();
          int64_t rank = 2 + n;
          SmallVector<AffineExpr> read = {getAffineDimExpr(1, context),
                                          getAffineDimExpr(0, context)};
          for (int64_t d = 0; d < n; ++d)
            read.push_back(getAffineDimExpr(2 + d, context));
          SmallVector<AffineMap> maps = {lb.getMultiDimIdentityMap(rank),
                                         AffineMap::get(rank, 0, read, context),
                                         lb.getMultiDimIdentityMap(rank)};
          Value sum =
              linalg::GenericOp::create(
                  lb, ll, window.getType(), ValueRange{window, gradHere},
                  ValueRange{window}, maps,
                  SmallVector<utils::IteratorType>(
                      rank, utils::IteratorType::parallel),
                  [](OpBuilder &nb, Location nl, ValueRange args) {
                    linalg::YieldOp::create(
                        nb, nl,
                        arith::AddFOp::create(nb, nl, args[0], args[1])
                            .getResult());
                  })
                  .getResult(0);
          return {tensor::InsertSliceOp::create(lb, ll, sum, carried[0],
                                                wOffsets, wSizes, wStrides)};
        });
    Value full = nest.results[0];
    SmallVector<Value> offsets = {i.c(0), i.c(0)};
    SmallVector<Value> sizes = {g.batch, g.channels};
    for (int64_t d = 0; d < n; ++d) {
      offsets.push_back(g.pads[d]);
      sizes.push_back(g.input[d]);
    }
    Value result = slice(b, loc, full, offsets, sizes);
    rewriter.replaceOp(op, castIfNeeded(b, loc, result, op.getType()));
    return success();
  }
};

} // namespace

void mlir::theano::populateConvolutionPatterns(const TypeConverter &converter,
                                               RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvGradFilterLowering, ConvGradInputLowering>(
      converter, patterns.getContext());
}

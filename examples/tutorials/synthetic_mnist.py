"""A deterministic stand-in for MNIST, in the tutorials' `mnist.pkl.gz` format.

Real MNIST cannot be downloaded where this project is tested, so the
deeplearning.net tutorials read this file instead; their loading code runs
unchanged. Same shapes and types as the original: train/valid/test of
50000/10000/10000 rows of 784 float32 features in [0, 1] (28x28 images,
row-major; multiples of 1/255, zero background), int64 labels 0..9, pickled
as ((train_x, train_y), (valid_x, valid_y), (test_x, test_y)) in gzip.

Each class is a "glyph" of three quadratic Bezier strokes; classes share
strokes pairwise, so that they differ in one or two strokes only. A sample
moves each control point (Gaussian, `JITTER` of the glyph box), then the
whole glyph (rotation, scale, shear, a shift of up to 3 pixels), may lose a
stroke, gets a pen width of its own and sometimes a stray stroke, and is
drawn by splatting Gaussians along the curves (one batched matmul per
chunk); a few pixels of salt noise follow. Nothing here is linearly easy:
logistic regression stays near 10% error, a tanh MLP does clearly better.

    python examples/tutorials/synthetic_mnist.py OUT.pkl.gz [--n 50000,10000,10000]

Generation is ~10 s for the full size on one core and depends only on
`SEED` and the sizes (numpy's PCG64 streams).
"""

import argparse
import gzip
import io
import os
import pickle
import sys

import numpy as np

SEED = 20130101
VERSION = 1  # bump when the distribution changes (cache keys use it)
SIZES = (50000, 10000, 10000)
SIDE = 28
POINTS = 24  # points per stroke
JITTER = 0.10  # control-point noise, in units of the glyph's half-width
ANGLE = 0.15  # rotation (radians, standard deviation)
SHEAR = 0.10  # shear (standard deviation)
SHIFT = 2.0  # shift (pixels, uniform in [-SHIFT, SHIFT])
STRAY = 0.05  # share of samples with a stray stroke
LOST = 0.03  # share of samples that lose their second or third stroke


def _glyphs(rng):
    """(10, 3, 3, 2): per class, 3 strokes of 3 control points in [-1, 1]^2;
    class c takes its first stroke from a pool shared with class c - 1."""
    pool = rng.uniform(-0.9, 0.9, size=(10, 3, 2))
    own = rng.uniform(-0.9, 0.9, size=(10, 2, 3, 2))
    glyphs = np.empty((10, 3, 3, 2))
    for c in range(10):
        glyphs[c, 0] = pool[c]
        glyphs[c, 1] = pool[(c + 1) % 10] if c % 2 else own[c, 0]
        glyphs[c, 2] = own[c, 1]
    return glyphs


def _render(rng, glyphs, labels):
    n = len(labels)
    ctrl = glyphs[labels] + rng.normal(0, JITTER, size=(n, 3, 3, 2))
    t = np.linspace(0, 1, POINTS)
    basis = np.stack([(1 - t) ** 2, 2 * t * (1 - t), t**2], axis=1)  # (P, 3)
    pts = np.einsum("pk,nskd->nspd", basis, ctrl)  # (n, 3, P, 2)
    # a stray stroke in 15% of the samples, a lost stroke (never the first) in 10%
    stray = rng.uniform(-1, 1, size=(n, 3, 2))
    stray_pts = np.einsum("pk,nkd->npd", basis, stray)[:, None]
    weight = np.ones((n, 4, POINTS))
    weight[:, 3] = (rng.random(n) < STRAY)[:, None] * rng.uniform(0.4, 1.0, size=(n, 1))
    lost = rng.random(n) < LOST
    weight[lost, rng.integers(1, 3, size=n)[lost]] = 0.0
    pts = np.concatenate([pts, stray_pts], axis=1).reshape(n, 4 * POINTS, 2)
    weight = weight.reshape(n, 4 * POINTS)
    # affine: rotation, anisotropic scale, shear, then shift
    angle = rng.normal(0, ANGLE, size=n)
    scale = rng.uniform(0.8, 1.15, size=(n, 2))
    shear = rng.normal(0, SHEAR, size=n)
    cos, sin = np.cos(angle), np.sin(angle)
    a = np.empty((n, 2, 2))
    a[:, 0, 0] = cos * scale[:, 0]
    a[:, 0, 1] = (-sin + shear * cos) * scale[:, 1]
    a[:, 1, 0] = sin * scale[:, 0]
    a[:, 1, 1] = (cos + shear * sin) * scale[:, 1]
    shift = rng.uniform(-SHIFT, SHIFT, size=(n, 1, 2))
    xy = np.einsum("nij,npj->npi", a, pts) * 9.0 + 13.5 + shift  # pixel coordinates
    width = rng.uniform(0.7, 1.3, size=(n, 1, 1))
    grid = np.arange(SIDE, dtype=np.float64)
    gx = np.exp(-((grid - xy[:, :, 0:1]) ** 2) / (2 * width**2)) * weight[:, :, None]
    gy = np.exp(-((grid - xy[:, :, 1:2]) ** 2) / (2 * width**2))
    img = np.matmul(gy.transpose(0, 2, 1), gx)  # (n, rows, cols)
    img = 1.0 - np.exp(-0.9 * img)
    salt = rng.random(img.shape) < 0.01
    img = np.where(salt, np.maximum(img, rng.random(img.shape)), img)
    img = np.round(img * 255.0)
    img[img < 20] = 0.0  # MNIST's background is exactly 0
    return (img / 255.0).astype(np.float32).reshape(n, SIDE * SIDE)


def generate(sizes=SIZES, seed=SEED, chunk=5000):
    """((train_x, train_y), (valid_x, valid_y), (test_x, test_y))."""
    rng = np.random.default_rng(seed)
    glyphs = _glyphs(rng)
    total = sum(sizes)
    labels = rng.integers(0, 10, size=total).astype(np.int64)
    images = np.empty((total, SIDE * SIDE), np.float32)
    for start in range(0, total, chunk):
        images[start : start + chunk] = _render(rng, glyphs, labels[start : start + chunk])
    splits, start = [], 0
    for size in sizes:
        splits.append((images[start : start + size], labels[start : start + size]))
        start += size
    return tuple(splits)


class _Pickler(pickle.Pickler):
    """Arrays as `numpy.ndarray(shape, dtype, bytearray)`: loadable (and
    writable) under numpy 1.x and 2.x alike; numpy 2's own pickles name
    `numpy._core`, which numpy 1.23 (the Theano 1.0.5 baseline) lacks."""

    def reducer_override(self, obj):
        if isinstance(obj, np.ndarray):
            data = np.ascontiguousarray(obj)
            return np.ndarray, (data.shape, data.dtype.str, bytearray(data.tobytes()))
        return NotImplemented


def write(path, sizes=SIZES, seed=SEED):
    """Writes the dataset to `path` (atomically); returns `path`."""
    data = generate(sizes, seed)
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=4).dump(data)
    tmp = f"{path}.tmp{os.getpid()}"
    with gzip.open(tmp, "wb", compresslevel=1) as f:
        f.write(buffer.getbuffer())
    os.replace(tmp, path)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--n", default=",".join(map(str, SIZES)), help="train,valid,test sizes")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write(args.out, tuple(int(s) for s in args.n.split(",")), args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

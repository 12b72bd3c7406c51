"""The benchmark suite: every workload of the CPU performance issue, side by
side with numpy and, where importable, Theano, PyTensor, JAX and PyTorch.
float32; min of many repetitions; thread count as the environment sets it.
Writes benchmarks/results/<date>.json and one PNG bar chart per workload,
and prints a markdown table (the README's). Timings are never test
assertions: machines are shared and noisy.

    .venv/bin/python benchmarks/run.py [--quick] [--only matmul,mlp]
"""

import argparse
import datetime
import importlib
import json
import os
import platform
import subprocess
import sys
import timeit

import numpy as np

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
F32 = "float32"


def _min_seconds(call, repeat, number=1):
    call()  # warm up: JITs compile here, theano_mlir's kernel for these
    call()  # shapes at the second call (in the background: waited for)
    if "theano_mlir" in sys.modules:
        from theano_mlir.lowering import background

        background.wait()
    return min(timeit.repeat(call, number=number, repeat=repeat)) / number


def _threads() -> int:
    """The threads a system may use: OMP_NUM_THREADS (--threads), else every core."""
    return int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count() or 1)


def _theano_like(name):
    """(theano, tensor) for theano_mlir, pytensor or theano; ImportError if absent."""
    return importlib.import_module(name), importlib.import_module(name + ".tensor")


THEANO_LIKE = ("theano_mlir", "pytensor", "theano")


def _systems(theano_like, **others):
    """{system: make} for a workload written once against Theano's API
    (`theano_like(module_name)`), plus the hand-written `others`."""
    systems = {name: (lambda n=name: theano_like(n)) for name in THEANO_LIKE}
    systems.update(others)
    return systems


# Each workload: (title, unit, target text, {system: make() -> zero-argument call}).


def call_overhead():
    def theano_like(name):
        theano, T = _theano_like(name)
        x = T.vector("x", dtype=F32)
        f = theano.function([x], x + 1)
        data = np.ones(1, F32)
        return lambda: f(data)

    systems = _systems(theano_like, numpy=lambda: lambda data=np.ones(1, F32): data + 1)
    return "call overhead f(x)=x+1, 1 element", "us", "<= 1.5 us", systems, 1e6, 20000


def fused_elementwise(size):
    data = np.random.default_rng(0).normal(size=size).astype(F32)

    def theano_like(name):
        theano, T = _theano_like(name)
        x = T.vector("x", dtype=F32)
        f = theano.function([x], T.tanh(x) * 2 + T.exp(-(x**2)))
        return lambda: f(data)

    def jax_make():
        import jax
        import jax.numpy as jnp

        f = jax.jit(lambda v: jnp.tanh(v) * 2 + jnp.exp(-(v**2)))
        device_data = jnp.asarray(data)
        return lambda: f(device_data).block_until_ready()

    def torch_make():
        import torch

        tensor = torch.from_numpy(data)
        return lambda: torch.tanh(tensor) * 2 + torch.exp(-(tensor**2))

    systems = _systems(
        theano_like,
        numpy=lambda: lambda: np.tanh(data) * 2 + np.exp(-(data**2)),
        jax=jax_make,
        torch=torch_make,
        **{"np.copyto (memory bound)": lambda: lambda out=np.empty_like(data): np.copyto(out, data)},
    )
    return f"fused tanh(x)*2 + exp(-x**2), {size:.0e} float32", "ms", "<= 5 ms", systems, 1e3, 1


def matmul(n):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(n, n)).astype(F32), rng.normal(size=(n, n)).astype(F32)

    def theano_like(name):
        theano, T = _theano_like(name)
        x, y = T.matrix("x", dtype=F32), T.matrix("y", dtype=F32)
        f = theano.function([x, y], T.dot(x, y))
        return lambda: f(a, b)

    def torch_make():
        import torch

        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        return lambda: ta @ tb

    systems = _systems(theano_like, numpy=lambda: lambda: a @ b, torch=torch_make)
    return f"matmul {n}x{n} float32", "GFLOP/s", ">= 95% of numpy", systems, 2 * n**3 / 1e9, 1


def _mlp_data(batch, inputs, classes, rng):
    return rng.normal(size=(batch, inputs)).astype(F32), rng.integers(0, classes, batch).astype("int32")


def _logits_gradient(z, labels):
    """d mean(cross-entropy(softmax(z), labels)) / d z, in numpy."""
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def mlp_init(rng, dtype=F32):
    """Initial W1, b1, W2, b2 of the 784-500-10 MLP."""
    return [
        rng.normal(0, 0.01, (784, 500)).astype(dtype),
        np.zeros(500, dtype),
        rng.normal(0, 0.01, (500, 10)).astype(dtype),
        np.zeros(10, dtype),
    ]


def mlp_training_function(theano, T, init, mode=None):
    """The MLP's SGD step (tanh, softmax + cross-entropy, learning rate
    0.1) against Theano's API, with shared parameters starting at `init`:
    (function of (x, y) returning the cost, the shared parameters)."""
    dtype = init[0].dtype
    x, y = T.matrix("x", dtype=str(dtype)), T.ivector("y")
    params = [theano.shared(v.copy(), name) for v, name in zip(init, ("W1", "b1", "W2", "b2"))]
    w1, b1, w2, b2 = params
    h = T.tanh(T.dot(x, w1) + b1)
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w2) + b2), y).mean()
    rate = dtype.type(0.1)
    updates = [(p, p - rate * g) for p, g in zip(params, T.grad(cost, params))]
    return theano.function([x, y], cost, updates=updates, mode=mode), params


def numpy_mlp_step(params, x, y):
    """The same step in numpy, updating `params` in place."""
    w1, b1, w2, b2 = params
    h = np.tanh(x @ w1 + b1)
    dz = _logits_gradient(h @ w2 + b2, y)
    dh = dz @ w2.T * (1 - h * h)
    w1 -= 0.1 * x.T @ dh
    b1 -= 0.1 * dh.sum(0)
    w2 -= 0.1 * h.T @ dz
    b2 -= 0.1 * dz.sum(0)


def jax_mlp_trainer(params):
    """step(x, y) -> cost: one SGD step (rate 0.1) in JAX of the MLP whose
    weights and biases alternate in `params` (tanh hidden layers, softmax +
    cross-entropy), updating its own copy of them; jit-compiled at the
    first step."""
    import jax
    import jax.numpy as jnp

    def cost(params, x, y):
        h = x
        for index in range(0, len(params), 2):
            z = h @ params[index] + params[index + 1]
            h = jax.nn.log_softmax(z) if index == len(params) - 2 else jnp.tanh(z)
        return -jnp.mean(h[jnp.arange(x.shape[0]), y])

    @jax.jit
    def update(params, x, y):
        value, grads = jax.value_and_grad(cost)(params, x, y)
        return value, [p - 0.1 * g for p, g in zip(params, grads)]

    state = [jnp.asarray(p) for p in params]

    def step(x, y):
        nonlocal state
        value, state = update(state, x, y)
        return value.block_until_ready()

    return step


def mlp_step(batch=128):
    rng = np.random.default_rng(0)
    x_data, y_data = _mlp_data(batch, 784, 10, rng)
    init = mlp_init(rng)

    def theano_like(name):
        f, _ = mlp_training_function(*_theano_like(name), init)
        return lambda: f(x_data, y_data)

    def numpy_make():
        params = [v.copy() for v in init]
        return lambda: numpy_mlp_step(params, x_data, y_data)

    def jax_make():
        import jax.numpy as jnp

        step, xs, ys = jax_mlp_trainer(init), jnp.asarray(x_data), jnp.asarray(y_data)
        return lambda: step(xs, ys)

    def torch_make():
        import torch

        torch.set_num_threads(_threads())
        params = [torch.tensor(v, requires_grad=True) for v in init]
        xs, ys = torch.from_numpy(x_data), torch.from_numpy(y_data).long()

        def call():
            w1, b1, w2, b2 = params
            h = torch.tanh(xs @ w1 + b1)
            cost = torch.nn.functional.cross_entropy(h @ w2 + b2, ys)
            grads = torch.autograd.grad(cost, params)
            with torch.no_grad():
                for p, g in zip(params, grads):
                    p -= 0.1 * g

        return call

    systems = _systems(theano_like, numpy=numpy_make, jax=jax_make, torch=torch_make)
    return f"MLP training step 784-500-10, batch {batch}", "ms", "<= 0.8x jax.jit", systems, 1e3, 1


def logistic_step(batch=600):
    rng = np.random.default_rng(0)
    x_data, y_data = _mlp_data(batch, 784, 10, rng)

    def theano_like(name):
        theano, T = _theano_like(name)
        x, y = T.matrix("x", dtype=F32), T.ivector("y")
        w, b = theano.shared(np.zeros((784, 10), F32)), theano.shared(np.zeros(10, F32))
        cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(x, w) + b), y).mean()
        gw, gb = T.grad(cost, [w, b])
        f = theano.function(
            [x, y], cost, updates=[(w, w - np.float32(0.1) * gw), (b, b - np.float32(0.1) * gb)]
        )
        return lambda: f(x_data, y_data)

    def numpy_make():
        w, b = np.zeros((784, 10), F32), np.zeros(10, F32)

        def step():
            dz = _logits_gradient(x_data @ w + b, y_data)
            w[...] -= 0.1 * x_data.T @ dz
            b[...] -= 0.1 * dz.sum(0)

        return step

    systems = _systems(theano_like, numpy=numpy_make)
    return f"logistic regression step 784->10, batch {batch}", "ms", "<= 0.2 ms", systems, 1e3, 1


def nll_idiom(batch=600, classes=10):
    """The tutorials' negative log-likelihood, log(p)[arange(n), y], and its
    gradient with respect to p."""
    rng = np.random.default_rng(0)
    p_data = rng.uniform(0.05, 1.0, size=(batch, classes)).astype(F32)
    p_data /= p_data.sum(1, keepdims=True)
    y_data = rng.integers(0, classes, size=batch).astype("int32")

    def theano_like(name):
        theano, T = _theano_like(name)
        p, y = T.matrix("p", dtype=F32), T.ivector("y")
        nll = -T.mean(T.log(p)[T.arange(y.shape[0]), y])
        f = theano.function([p, y], [nll, T.grad(nll, p)])
        return lambda: f(p_data, y_data)

    def numpy_make():
        rows = np.arange(batch)

        def step():
            nll = -np.mean(np.log(p_data)[rows, y_data])
            grad = np.zeros_like(p_data)
            grad[rows, y_data] = -1.0 / (batch * p_data[rows, y_data])
            return nll, grad

        return step

    def torch_make():
        import torch

        p_tensor = torch.from_numpy(p_data)
        y_tensor = torch.from_numpy(y_data.astype("int64"))
        rows = torch.arange(batch)

        def step():
            p = p_tensor.clone().requires_grad_()
            nll = -torch.log(p)[rows, y_tensor].mean()
            nll.backward()
            return nll, p.grad

        return step

    systems = _systems(theano_like, numpy=numpy_make, torch=torch_make)
    return f"NLL idiom log(p)[arange(n), y] + gradient, {batch} x {classes}", "us", "-", systems, 1e6, 20


def inc_rows(rows, count=64, width=128):
    """The embedding update: inc_subtensor of `count` rows into a shared
    (rows x width) matrix, as its update; its time should not grow with
    `rows`."""
    rng = np.random.default_rng(0)
    idx_data = rng.integers(0, rows, size=count).astype("int64")
    delta_data = rng.normal(size=(count, width)).astype(F32)

    def theano_like(name):
        theano, T = _theano_like(name)
        table = theano.shared(np.zeros((rows, width), F32), name="E")
        idx, delta = T.lvector("idx"), T.matrix("delta", dtype=F32)
        f = theano.function([idx, delta], [], updates=[(table, T.inc_subtensor(table[idx], delta))])
        return lambda: f(idx_data, delta_data)

    def numpy_make():
        table = np.zeros((rows, width), F32)
        return lambda: np.add.at(table, idx_data, delta_data)

    def torch_make():
        import torch

        table = torch.zeros((rows, width))
        idx, delta = torch.from_numpy(idx_data), torch.from_numpy(delta_data)
        return lambda: table.index_add_(0, idx, delta)

    systems = _systems(theano_like, numpy=numpy_make, torch=torch_make)
    return (
        f"inc_subtensor of {count} rows into a {rows} x {width} shared matrix (update)",
        "us",
        "flat in the row count",
        systems,
        1e6,
        100,
    )


def rnn_init(rng, inputs=64, hidden=128, dtype=F32):
    """W_in, W_rec, b of the tanh RNN, and the readout of its last state."""
    return [
        (rng.standard_normal((inputs, hidden)) * 0.1).astype(dtype),
        (rng.standard_normal((hidden, hidden)) * 0.05).astype(dtype),
        np.zeros(hidden, dtype),
    ]


def rnn_training_function(theano, T, init, mode=None):
    """One SGD step of a tanh RNN over a (steps, batch, inputs) sequence:
    h_t = tanh(x_t W_in + h_{t-1} W_rec + b) from zeros, the loss the mean
    squared last state against a target, its gradient through scan
    (backpropagation through time), the updates inside the function."""
    dtype = init[0].dtype
    x, target = T.tensor3("x", dtype=str(dtype)), T.matrix("target", dtype=str(dtype))
    params = [theano.shared(v.copy(), name) for v, name in zip(init, ("W_in", "W_rec", "b"))]
    w_in, w_rec, b = params
    h0 = T.zeros((x.shape[1], w_rec.shape[0]), dtype=str(dtype))
    states, _ = theano.scan(
        lambda x_t, h, w_in, w_rec, b: T.tanh(T.dot(x_t, w_in) + T.dot(h, w_rec) + b),
        sequences=x,
        outputs_info=h0,
        non_sequences=[w_in, w_rec, b],
    )
    loss = ((states[-1] - target) ** 2).mean()
    rate = dtype.type(0.01)
    updates = [(p, p - rate * g) for p, g in zip(params, T.grad(loss, params))]
    return theano.function([x, target], loss, updates=updates, mode=mode), params


def numpy_rnn_step(params, x, target):
    """The same step in numpy (a hand-written BPTT), updating `params`."""
    w_in, w_rec, b = params
    h = np.zeros((x.shape[1], w_rec.shape[0]), x.dtype)
    states = [h]
    for x_t in x:
        h = np.tanh(x_t @ w_in + h @ w_rec + b)
        states.append(h)
    dh = 2 * (h - target) / h.size
    g_in, g_rec, g_b = np.zeros_like(w_in), np.zeros_like(w_rec), np.zeros_like(b)
    for t in range(len(x) - 1, -1, -1):
        dz = dh * (1 - states[t + 1] ** 2)
        g_in += x[t].T @ dz
        g_rec += states[t].T @ dz
        g_b += dz.sum(0)
        dh = dz @ w_rec.T
    for p, g in zip(params, (g_in, g_rec, g_b)):
        p -= np.float32(0.01) * g


def rnn_step(steps=50, batch=32, inputs=64, hidden=128):
    rng = np.random.default_rng(0)
    x_data = rng.standard_normal((steps, batch, inputs)).astype(F32)
    target = rng.standard_normal((batch, hidden)).astype(F32) * 0.5
    init = rnn_init(rng, inputs, hidden)

    def theano_like(name):
        f, _ = rnn_training_function(*_theano_like(name), init)
        return lambda: f(x_data, target)

    def numpy_make():
        params = [v.copy() for v in init]
        return lambda: numpy_rnn_step(params, x_data, target)

    def jax_make():
        import jax
        import jax.numpy as jnp

        def loss(params, x, target):
            w_in, w_rec, b = params

            def step(h, x_t):
                h = jnp.tanh(x_t @ w_in + h @ w_rec + b)
                return h, None

            last, _ = jax.lax.scan(step, jnp.zeros((x.shape[1], w_rec.shape[0]), x.dtype), x)
            return ((last - target) ** 2).mean()

        @jax.jit
        def train(params, x, target):
            value, grads = jax.value_and_grad(loss)(params, x, target)
            return value, [p - 0.01 * g for p, g in zip(params, grads)]

        state = {"params": [jnp.asarray(v) for v in init]}
        xs, ts = jnp.asarray(x_data), jnp.asarray(target)

        def call():
            value, state["params"] = train(state["params"], xs, ts)
            value.block_until_ready()

        return call

    systems = _systems(theano_like, numpy=numpy_make, jax=jax_make)
    title = f"tanh RNN training step (BPTT through scan), seq {steps}, batch {batch}, {inputs} -> {hidden}"
    return title, "ms", "faster than JAX, >= 10x Theano", systems, 1e3, 5


def cnn_init(rng, filters=8, kernel=5, classes=10, dtype=F32):
    pooled = filters * ((28 - kernel + 1) // 2) ** 2
    return [
        (rng.standard_normal((filters, 1, kernel, kernel)) * 0.2).astype(dtype),
        np.zeros(filters, dtype),
        (rng.standard_normal((pooled, classes)) * 0.05).astype(dtype),
        np.zeros(classes, dtype),
    ]


def cnn_training_function(theano, T, init, mode=None):
    """The CNN's SGD step (conv 5x5, relu, 2x2 max pool, dense, softmax +
    cross-entropy, rate 0.1) against Theano's API."""
    conv2d = importlib.import_module(theano.__name__ + ".tensor.nnet").conv2d
    pool = importlib.import_module(theano.__name__ + ".tensor.signal.pool")
    dtype = init[0].dtype
    x, y = T.tensor4("x", dtype=str(dtype)), T.ivector("y")
    params = [theano.shared(v.copy(), name) for v, name in zip(init, ("W", "c", "V", "b"))]
    w, c, v, b = params
    h = T.nnet.relu(conv2d(x, w) + c.dimshuffle("x", 0, "x", "x"))
    p = pool.pool_2d(h, ws=(2, 2), ignore_border=True)
    cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(p.flatten(2), v) + b), y).mean()
    rate = dtype.type(0.1)
    updates = [(q, q - rate * g) for q, g in zip(params, T.grad(cost, params))]
    return theano.function([x, y], cost, updates=updates, mode=mode), params


def cnn_step(batch=32):
    rng = np.random.default_rng(0)
    x_data = rng.standard_normal((batch, 1, 28, 28)).astype(F32)
    y_data = rng.integers(0, 10, batch).astype("int32")
    init = cnn_init(rng)

    def theano_like(name):
        f, _ = cnn_training_function(*_theano_like(name), init)
        return lambda: f(x_data, y_data)

    def torch_make():
        import torch

        torch.set_num_threads(_threads())
        params = [torch.tensor(v, requires_grad=True) for v in init]
        xs, ys = torch.from_numpy(x_data), torch.from_numpy(y_data).long()

        def call():
            w, c, v, b = params
            h = torch.relu(torch.nn.functional.conv2d(xs, w, c))
            p = torch.nn.functional.max_pool2d(h, 2)
            cost = torch.nn.functional.cross_entropy(p.flatten(1) @ v + b, ys)
            grads = torch.autograd.grad(cost, params)
            with torch.no_grad():
                for q, g in zip(params, grads):
                    q -= 0.1 * g
            return float(cost)

        return call

    systems = _systems(theano_like, torch=torch_make)
    title = f"CNN training step {batch}x1x28x28, 8 filters 5x5, relu, 2x2 max pool, dense 10"
    return title, "ms", "<= PyTorch eager (0.89 ms), 2x Theano 1.0.5", systems, 1e3, 5


def mlp_dropout_step(batch=128):
    """The MLP step with dropout (MRG_RandomStreams binomial masks, p=0.5)
    on the inputs and the hidden layer, against the same step without."""
    rng = np.random.default_rng(0)
    x_data, y_data = _mlp_data(batch, 784, 10, rng)
    init = mlp_init(rng)

    def dropout_function(theano, T):
        streams = importlib.import_module(theano.__name__ + ".sandbox.rng_mrg").MRG_RandomStreams(1234)
        x, y = T.matrix("x", dtype=F32), T.ivector("y")
        params = [theano.shared(v.copy(), n) for v, n in zip(init, ("W1", "b1", "W2", "b2"))]
        w1, b1, w2, b2 = params
        x_kept = x * streams.binomial(x.shape, p=0.8, dtype=F32)
        h = T.tanh(T.dot(x_kept, w1) + b1)
        h = h * streams.binomial(h.shape, p=0.5, dtype=F32)
        cost = T.nnet.categorical_crossentropy(T.nnet.softmax(T.dot(h, w2) + b2), y).mean()
        updates = [(p, p - np.float32(0.1) * g) for p, g in zip(params, T.grad(cost, params))]
        return theano.function([x, y], cost, updates=updates)

    def theano_like(name):
        f = dropout_function(*_theano_like(name))
        return lambda: f(x_data, y_data)

    def without(name="theano_mlir"):
        f, _ = mlp_training_function(*_theano_like(name), init)
        return lambda: f(x_data, y_data)

    systems = _systems(theano_like, theano_mlir_without_dropout=without)
    return (
        f"MLP training step 784-500-10 with dropout, batch {batch}",
        "ms",
        "<= 1.2x without dropout",
        systems,
        1e3,
        1,
    )


WORKLOADS = {
    "call": call_overhead,
    "elementwise": lambda: fused_elementwise(10_000_000),
    "matmul1024": lambda: matmul(1024),
    "matmul2048": lambda: matmul(2048),
    "mlp": mlp_step,
    "logistic": logistic_step,
    "nll": nll_idiom,
    "inc_rows_10k": lambda: inc_rows(10_000),
    "inc_rows_100k": lambda: inc_rows(100_000),
    "inc_rows_1m": lambda: inc_rows(1_000_000),
    "rnn": rnn_step,
    "cnn": cnn_step,
    "mlp_dropout": mlp_dropout_step,
}


def measure(key, system, repeat):
    """One system on one workload, in this process: its value in the
    workload's unit, or None where the system is not installed."""
    title, unit, target, systems, scale, number = WORKLOADS[key]()
    try:
        call = systems[system]()
    except ImportError:
        return None
    seconds = _min_seconds(call, repeat, number)
    return scale / seconds if unit == "GFLOP/s" else seconds * scale


#: Each peer runs in its own interpreter where `make peers` made one (they do
#: not install beside theano_mlir: Theano 1.0.5 needs numpy 1.23, PyTensor a
#: newer Python); else in this one, where it is absent unless installed here.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER_VENVS = {
    "jax": ".venv-peers",
    "torch": ".venv-peers",
    "theano": ".venv-theano",
    "pytensor": ".venv-pytensor",
}


def python_for(system) -> str:
    venv = PEER_VENVS.get(system)
    python = os.path.join(ROOT, venv, "bin", "python") if venv else None
    return python if python and os.path.exists(python) else sys.executable


def _environment(system, threads):
    env = dict(os.environ)
    if system == "theano":  # Theano 1.0.5 without a BLAS library to link
        env.setdefault("THEANO_FLAGS", "blas.ldflags=")
    if threads:
        for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env[name] = str(threads)
        # XLA ignores the OpenMP variables: its own flags, and the pinning
        env["XLA_FLAGS"] = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
    return env


def run(names, repeat, rounds=3, threads=None):
    """Every system in a process of its own (its own interpreter, see
    python_for), `rounds` times, rounds interleaved across systems; the
    best round counts. With `threads`, children are pinned to that many
    cores. Thread pools that spin after their work do not slow the next
    system."""
    cores = sorted(os.sched_getaffinity(0))[: threads or None]
    results = {}
    for key in names:
        title, unit, target, systems, _, _ = WORKLOADS[key]()
        measured = {system: [] for system in systems}
        for _ in range(rounds):
            for system in systems:
                if measured[system] is None:
                    continue
                child = subprocess.run(
                    [python_for(system), __file__, "--measure", key, system, str(repeat)],
                    capture_output=True,
                    text=True,
                    env=_environment(system, threads),
                    preexec_fn=(lambda: os.sched_setaffinity(0, cores)) if threads else None,
                )
                if child.returncode != 0:
                    print(f"  {title}: {system} failed:\n{child.stderr[-2000:]}", flush=True)
                    measured[system] = None
                    continue
                value = json.loads(child.stdout.strip().splitlines()[-1])
                measured[system] = None if value is None else measured[system] + [value]
        row = {}
        for system, values in measured.items():
            if values:
                row[system] = (max if unit == "GFLOP/s" else min)(values)
                print(f"  {title}: {system} {row[system]:.4g} {unit}", flush=True)
        results[key] = dict(title=title, unit=unit, target=target, values=row)
    return results


def chart(key, result, directory):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    systems, values = zip(*result["values"].items())
    figure, axes = plt.subplots(figsize=(7, 3))
    bars = axes.bar(
        systems, values, color=["tab:orange" if s == "theano_mlir" else "tab:blue" for s in systems]
    )
    axes.bar_label(bars, fmt="%.3g")
    axes.set_ylabel(result["unit"])
    axes.set_title(f"{result['title']} (target {result['target']})")
    axes.tick_params(axis="x", labelrotation=20)
    figure.tight_layout()
    path = os.path.join(directory, f"{key}.png")
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path


def table(results):
    """Markdown: each workload's figures and theano_mlir's time ratio to the
    best peer (below 1: faster than every peer measured)."""
    lines = [
        "| workload | theano_mlir | numpy | best peer | ratio to the best | target |",
        "|---|---|---|---|---|---|",
    ]
    for result in results.values():
        values, unit = result["values"], result["unit"]
        others = {
            k: v for k, v in values.items() if k not in ("theano_mlir", "numpy") and not k.startswith("np.")
        }
        rate = unit == "GFLOP/s"
        best = (max if rate else min)(others.items(), key=lambda kv: kv[1]) if others else None
        ours = values.get("theano_mlir")
        numpy_value = f"{values['numpy']:.3g} {unit}" if "numpy" in values else "—"
        ours_text = f"{ours:.3g} {unit}" if ours is not None else "—"
        ratio = "—"
        if best and ours:
            ratio = f"{(best[1] / ours) if rate else (ours / best[1]):.2f}x"
        lines.append(
            f"| {result['title']} | {ours_text} | {numpy_value} | "
            + (f"{best[0]} {best[1]:.3g} {unit}" if best else "—")
            + f" | {ratio} | {result['target']} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default=",".join(WORKLOADS), help="comma-separated: " + ",".join(WORKLOADS))
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="3 repetitions, one round (a smoke run)")
    parser.add_argument("--rounds", type=int, default=3, help="processes per system, interleaved")
    parser.add_argument("--threads", type=int, help="pin every system to this many cores (1: one thread)")
    parser.add_argument(
        "--measure", nargs=3, metavar=("WORKLOAD", "SYSTEM", "REPEAT"), help=argparse.SUPPRESS
    )  # the child process of run()
    args = parser.parse_args()
    if args.measure:
        key, system, repeat = args.measure
        print(json.dumps(measure(key, system, int(repeat))))
        return
    names = [n for n in args.only.split(",") if n]
    results = run(names, 3 if args.quick else args.repeat, 1 if args.quick else args.rounds, args.threads)
    stamp = datetime.date.today().isoformat()
    directory = os.path.join(RESULTS, stamp + (f"-{args.threads}thread" if args.threads else ""))
    os.makedirs(directory, exist_ok=True)
    meta = dict(
        date=stamp,
        machine=platform.machine(),
        processor=platform.processor(),
        cpus=os.cpu_count(),
        threads=args.threads or os.environ.get("OMP_NUM_THREADS"),
        interpreters={system: python_for(system) for system in PEER_VENVS},
    )
    # a run of some workloads keeps the day's results of the others
    suffix = f"-{args.threads}thread" if args.threads else ""
    path = os.path.join(RESULTS, f"{stamp}{suffix}.json")
    kept = {}
    if os.path.exists(path):
        with open(path) as earlier:
            kept = json.load(earlier).get("results", {})
    with open(path, "w") as out:
        json.dump(dict(meta=meta, results={**kept, **results}), out, indent=1)
    for key, result in results.items():
        chart(key, result, directory)
    print(table(results))


if __name__ == "__main__":
    main()

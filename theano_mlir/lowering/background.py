"""Kernels compiled in another process while calls go on.

A kernel specialized for the shapes of calls takes from a fraction of a
second to many seconds to compile; the general kernel serves those calls
meanwhile. The compile runs in a worker process (`python -m
theano_mlir.lowering.specialize_worker`), not in a thread of this one:
a crash of LLVM on some kernel (an abort, a failed assertion) ends the
worker, not the user's program, and the compile's Python parts (parsing,
the schedule step's transform builders) do not take turns with the calls
for the GIL (PassManager.run itself was measured to release it). One worker per process, started at the first request and
kept for the next ones; requests run one at a time, in order (on two cores,
one compile beside the program's own work is what the machine has room for).
The first call with shapes that have no kernel in the cache starts the
worker (`prepare`), so that its imports overlap the calls before it is
asked; where the cache has every kernel, no worker runs.

`submit(request, done)`: `request` is a dict the worker understands (see
specialize_worker.py); `done(result)` is called on this module's thread,
with the GIL, with `(meta, code)` or the exception that ended the compile.
"""

import atexit
import os
import pickle
import queue
import struct
import subprocess
import sys
import tempfile
import threading

_HEADER = struct.Struct("<Q")


class CompileWorkerError(RuntimeError):
    """The worker process ended before it answered (a crash), or answered
    with the error a compile raised."""


def write_message(stream, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def read_message(stream):
    """The next message on `stream`, or None at its end."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    size = _HEADER.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


class _Worker:
    def __init__(self):
        self._reset()

    def _reset(self) -> None:
        """A fresh state; also in a forked child (multiprocessing's fork),
        which has neither the parent's thread nor a pipe of its own."""
        self._jobs = queue.Queue()
        self._lock = threading.Lock()
        self._thread = None
        self._process = None
        self._log = None
        self._closing = False

    def submit(self, request: dict, done) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="theano_mlir compile worker", daemon=True
                )
                self._thread.start()
        self._jobs.put((request, done))

    def _serve(self) -> None:
        while True:
            request, done = self._jobs.get()
            if request is None:  # prepare(): start the process, no compile
                try:
                    self._start()
                except OSError:
                    pass  # the first request reports it
                self._jobs.task_done()
                continue
            try:
                result = self._run(request)
            except Exception as error:  # reported to `done`, never raised here
                result = error
            if self._closing:
                return
            try:
                done(result)
            except Exception as error:  # a callback's bug must not end the thread
                print(f"theano_mlir: a background compile's result was lost ({error!r})", file=sys.stderr)
            finally:
                self._jobs.task_done()

    def wait(self) -> None:
        self._jobs.join()

    def _start(self) -> subprocess.Popen:
        if self._process is not None and self._process.poll() is None:
            return self._process
        # The worker's stderr (MLIR's diagnostics, a crash's trace) goes to a
        # file: read back when it ends early, never a pipe left to fill up.
        self._log = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "theano_mlir.lowering.specialize_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, sys.path))),
        )
        return self._process

    def _run(self, request: dict):
        process = self._start()
        try:
            write_message(process.stdin, request)
            reply = read_message(process.stdout)
        except OSError:  # the pipe broke: the worker is gone
            reply = None
        if reply is None:
            process.kill()
            code = process.wait()
            self._log.seek(0)
            tail = self._log.read()[-2000:].decode(errors="replace").strip()
            raise CompileWorkerError(
                f"the compile worker ended (exit status {code}){': ' + tail if tail else ''}"
            )
        status, *payload = reply
        if status != "ok":
            raise CompileWorkerError(payload[0])
        return tuple(payload)

    def close(self) -> None:
        """Ends the worker (at exit: a compile still running is abandoned,
        never waited for)."""
        self._closing = True
        process = self._process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


_worker = _Worker()
atexit.register(_worker.close)
os.register_at_fork(after_in_child=_worker._reset)


def prepare() -> None:
    """Starts the worker process ahead of its first request: it imports
    the compiler (~0.4 s) while the function's first calls run."""
    _worker.submit(None, None)


def submit(request: dict, done) -> None:
    """Compiles `request` in the worker process; `done(result)` follows."""
    _worker.submit(request, done)


def wait() -> None:
    """Returns once every compile asked for so far is done (benchmarks
    measure the steady state with it)."""
    _worker.wait()

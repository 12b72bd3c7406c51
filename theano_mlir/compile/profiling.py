"""theano_mlir.compile.profiling: `function(..., profile=True)`.

As Theano's profiler, a summary per function is printed to stderr when the
process exits (or by `f.profile.summary()`): calls, time in calls, compile
time, and each kernel the function ran (the general one, and those
specialized for shapes) with its share of the time.
"""

import atexit
import sys
import time

_PROFILED = []


class ProfileStats:
    """Times of one function's calls, by kernel."""

    def __init__(self, name):
        self.name = name
        self.compile_time = 0.0
        self.calls = 0
        self.call_time = 0.0
        #: kernel label -> [calls, seconds]
        self.kernels = {}
        #: kernel label -> seconds to compile it
        self.kernel_compile_times = {}
        _PROFILED.append(self)

    def record(self, kernel, seconds):
        self.calls += 1
        self.call_time += seconds
        entry = self.kernels.setdefault(kernel, [0, 0.0])
        entry[0] += 1
        entry[1] += seconds

    def summary(self, file=None):
        file = file or sys.stderr
        print(f"Function profiling\n==================\n  Message: {self.name}", file=file)
        per_call = self.call_time / self.calls if self.calls else 0.0
        print(
            f"  Time in {self.calls} calls to Function.__call__: {self.call_time:.6e}s "
            f"({per_call * 1e6:.3f} us per call)",
            file=file,
        )
        print(f"  Time spent compiling the general kernel: {self.compile_time:.6e}s", file=file)
        print(
            "\nKernels\n-------\n  <% time> <sum %> <time s> <calls> <us/call> <compile s> <kernel>",
            file=file,
        )
        total, running = self.call_time or 1.0, 0.0
        for kernel, (calls, seconds) in sorted(self.kernels.items(), key=lambda kv: -kv[1][1]):
            running += seconds
            compiled = self.kernel_compile_times.get(kernel)
            compiled = f"{compiled:10.3f}" if compiled is not None else "         -"
            print(
                f"  {100 * seconds / total:6.1f}% {100 * running / total:6.1f}% {seconds:9.3e} "
                f"{calls:7d} {1e6 * seconds / calls:9.2f} {compiled} {kernel}",
                file=file,
            )
        print(file=file)


def timed(profile, call, kernel_of):
    """`call` wrapped to record its time in `profile` under the label that
    `kernel_of(args)` gives, with the seconds it says the call spent
    compiling that kernel (at the second call with new shapes) left out."""
    clock = time.perf_counter

    def profiled(*args):
        start = clock()
        try:
            return call(*args)
        finally:
            elapsed = clock() - start
            label, compiling = kernel_of(args)
            profile.record(label, max(0.0, elapsed - compiling))

    return profiled


@atexit.register
def _print_summaries():
    for profile in _PROFILED:
        if profile.calls:
            profile.summary()

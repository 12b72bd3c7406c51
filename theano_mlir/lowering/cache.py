"""The persistent compile cache: compiled kernels on disk, across processes.

An entry is keyed by the `theano` IR of a function as emitted (before any
pass), the options that change its code, the compiler (a fingerprint of this
package's files and MLIR's version) and the host CPU. It holds the shared
object and what the runtime needs to call it (runtime/archive.py's format);
the kernels specialized for shapes have entries of their own.

Directory: config.compiledir (default $XDG_CACHE_HOME/theano_mlir, else
~/.cache/theano_mlir), created 0700. A directory owned by another user, or
one that is not writable, is not used (a warning, then functions compile
without the cache). A damaged entry is removed and compiled again.

Processes share the directory. Readers take no lock: an entry appears
whole, by a rename (runtime/archive.py's `write`), so a reader finds a
complete file or none. Writing an entry and removing a damaged one happen
under the directory's lock file (`.lock`, see `CompileCache.mutating`):
the first process to store an entry keeps it (the others' copies are the
same code), and a process removes an entry only if it is still the file it
found damaged, never one that another process has written since.
"""

import contextlib
import functools
import hashlib
import os
import stat
import warnings

import filelock
from mlir import _mlir_libs

from .._lib import CAPI_LIBRARY
from ..config import config
from ..runtime.archive import Archive, ArchiveError, write
from . import codegen

#: Changes whenever the meaning of an entry's contents changes.
_VERSION = "1"
_SUFFIX = ".kernel"
_LOCK_FILE = ".lock"
#: Seconds to wait for the directory's lock, which is held for a write or a
#: removal (milliseconds), never for a compile; after that the entry is not
#: stored (or the damaged one not removed): that costs only the cache.
_LOCK_TIMEOUT = 30


def default_directory() -> str:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(root, "theano_mlir")


@functools.lru_cache(maxsize=None)
def compiler_fingerprint() -> str:
    """Changes when this package (its Python files or native library) or
    MLIR changes: a cached kernel must come from the compiler that runs."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.sha256()
    # MLIR and LLVM are in the Python C API library of the mlir package
    mlir_library = os.path.join(os.path.dirname(_mlir_libs.__file__), "libMLIRPythonCAPI.so")
    paths = [CAPI_LIBRARY, mlir_library]
    for root, directories, files in os.walk(package):
        directories[:] = sorted(d for d in directories if d != "__pycache__")
        paths += [os.path.join(root, f) for f in sorted(files) if f.endswith(".py")]
    for path in paths:
        try:
            info = os.stat(path)
        except OSError:
            continue
        digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def key(*parts) -> str:
    """The key of an entry for `parts` (strings) on this compiler and host."""
    digest = hashlib.sha256()
    for part in (_VERSION, compiler_fingerprint(), codegen.host_target()) + parts:
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


class CompileCache:
    """Entries in one directory; `usable` is False where it may not be used."""

    def __init__(self, directory):
        self.directory = os.path.abspath(os.path.expanduser(directory))
        self.usable = self._prepare()
        # One lock for the directory, not one per entry: it is held only
        # while a finished entry is written or a damaged one removed, so
        # processes rarely wait on it, and it leaves one file behind, where
        # lock files per entry would double the files and could never be
        # removed safely (a waiter would lock the removed file's inode).
        self._lock, self._lock_pid = None, None
        #: entry key -> identity of the file `load` read for it
        self._read = {}

    def _refuse(self, why):
        warnings.warn(
            f"theano_mlir: not using the compile cache {self.directory}: {why}; functions compile without it",
            RuntimeWarning,
            stacklevel=5,
        )
        return False

    def _prepare(self) -> bool:
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            info = os.stat(self.directory)
        except OSError as error:
            return self._refuse(f"it cannot be created ({error.strerror})")
        if not stat.S_ISDIR(info.st_mode):
            return self._refuse("it is not a directory")
        if info.st_uid != os.geteuid():
            return self._refuse(f"it is owned by another user (uid {info.st_uid})")
        # the mode bits, not access(): root may write anywhere, yet a
        # directory made read-only says not to
        if not info.st_mode & stat.S_IWUSR or not os.access(self.directory, os.W_OK | os.X_OK):
            return self._refuse("it is not writable")
        return True

    def _path(self, entry_key):
        return os.path.join(self.directory, entry_key + _SUFFIX)

    def load(self, entry_key):
        """The entry's Archive, or None. A damaged entry is removed."""
        if not self.usable:
            return None
        path = self._path(entry_key)
        try:
            # before reading: if the file is replaced meanwhile, `discard`
            # finds another identity and leaves the new file alone
            self._read[entry_key] = _identity(path)
            return Archive(path)
        except FileNotFoundError:
            return None
        except (ArchiveError, OSError) as error:
            self.discard(entry_key, str(error))
            return None

    def discard(self, entry_key, why):
        """Removes a damaged entry (it is compiled again), unless another
        process has replaced or removed the file `load` read."""
        read = self._read.pop(entry_key, None)
        path = self._path(entry_key)
        try:
            with self.mutating() as locked:
                if not locked or read is not None and _identity(path) != read:
                    return
                os.unlink(path)
        except OSError:  # removed by another process, or the lock cannot be made
            return
        warnings.warn(
            f"theano_mlir: removed a damaged compile cache entry ({why})", RuntimeWarning, stacklevel=4
        )

    def store(self, entry_key, meta, members) -> None:
        """Writes an entry unless another process has; a failure (disk
        full, permissions) costs only the cache."""
        if not self.usable:
            return
        path = self._path(entry_key)
        try:
            with self.mutating() as locked:
                if locked and not os.path.exists(path):
                    write(path, meta, members)
        except OSError as error:
            self.usable = self._refuse(f"an entry could not be written ({error.strerror})")

    @contextlib.contextmanager
    def mutating(self):
        """Holds the directory's lock while entries are written or removed;
        yields False (and the caller changes nothing) where it could not be
        taken in _LOCK_TIMEOUT seconds."""
        # a lock per process: filelock refuses one inherited across fork
        # (multiprocessing's workers compile too)
        if self._lock_pid != os.getpid():
            self._lock = filelock.FileLock(
                os.path.join(self.directory, _LOCK_FILE), timeout=_LOCK_TIMEOUT, mode=0o600
            )
            self._lock_pid = os.getpid()
        try:
            self._lock.acquire()
        except filelock.Timeout:
            warnings.warn(
                f"theano_mlir: the compile cache's lock {self._lock.lock_file} was "
                f"busy for {_LOCK_TIMEOUT} s; an entry is left as it is",
                RuntimeWarning,
                stacklevel=5,
            )
            yield False
            return
        try:
            yield True
        finally:
            self._lock.release()


def _identity(path):
    """What tells one file at `path` from another written there later (a
    rename gives the path a new inode)."""
    info = os.stat(path)
    return info.st_ino, info.st_size, info.st_mtime_ns


_caches = {}


def current():
    """The cache of config.compiledir (None when config.compile_cache is off)."""
    if not config.compile_cache:
        return None
    directory = config.compiledir or default_directory()
    cache = _caches.get(directory)
    if cache is None:
        cache = _caches[directory] = CompileCache(directory)
    return cache

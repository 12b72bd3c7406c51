"""The file format of compile-cache entries and exported functions.

A zip archive (stored, not compressed, but for text members): `meta.json`
and named binary members (shared objects, arrays in .npy format). zip
checks every member's CRC-32 when it is read and finds truncation through
its central directory at the end, so a damaged file is an ArchiveError,
never code that runs. Files are written to a temporary name in the target
directory and renamed over the target: a reader sees the old file or the
new one, whole.
"""

import io
import json
import os
import tempfile
import zipfile

import numpy as np

#: Written into every archive; a reader refuses any other.
FORMAT = "theano_mlir-archive/1"


class ArchiveError(ValueError):
    """A file that is not a whole, readable archive of this format."""


def write(path, meta: dict, members: dict) -> None:
    """Writes `meta` (JSON-serializable) and `members` (name -> bytes or
    str; str members are compressed) to `path`, atomically, mode 0600."""
    directory = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-", suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as raw, zipfile.ZipFile(raw, "w") as archive:
            archive.writestr(
                "meta.json", json.dumps(dict(meta, format=FORMAT)), compress_type=zipfile.ZIP_DEFLATED
            )
            for name, data in members.items():
                compress = zipfile.ZIP_DEFLATED if isinstance(data, str) else zipfile.ZIP_STORED
                archive.writestr(name, data, compress_type=compress)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


class Archive:
    """An archive read whole from a file: `meta` and `member(name)`."""

    def __init__(self, path):
        try:
            with open(path, "rb") as source:
                data = source.read()
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            self.meta = json.loads(self._zip.read("meta.json"))
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError) as error:
            if isinstance(error, FileNotFoundError):
                raise
            raise ArchiveError(f"{path}: not a readable theano_mlir archive ({error})") from None
        if not isinstance(self.meta, dict) or self.meta.get("format") != FORMAT:
            raise ArchiveError(f"{path}: not a {FORMAT} archive")
        self.path = path

    def has(self, name) -> bool:
        return name in self._zip.NameToInfo

    def member(self, name) -> bytes:
        try:
            return self._zip.read(name)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError) as error:
            raise ArchiveError(f"{self.path}: member {name} is missing or damaged ({error})") from None

    def text(self, name) -> str:
        return self.member(name).decode()

    def array(self, name) -> np.ndarray:
        try:
            return np.load(io.BytesIO(self.member(name)), allow_pickle=False)
        except ValueError as error:
            raise ArchiveError(f"{self.path}: member {name} is not an array ({error})") from None


def array_bytes(array) -> bytes:
    """`array` in .npy format, for a member."""
    out = io.BytesIO()
    np.save(out, np.asarray(array), allow_pickle=False)
    return out.getvalue()

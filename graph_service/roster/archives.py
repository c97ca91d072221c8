"""Opening an uploaded archive (a .zip of CSV files, or an .xlsx, which is a zip too) cheaply
and safely, before anything in it is decompressed.

Everything is decided from the archive's central directory: how many entries, how much they
decompress to and by what ratio. Python's zipfile never yields more bytes from an entry than
its declared size (a lying entry fails its CRC instead), so declared sizes bound what reading
can cost. Names inside an archive are only ever used to name a table, never as paths; names
written without the UTF-8 flag (Windows Explorer, Info-ZIP) are decoded as UTF-8, else GB18030.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

UTF8_FLAG = 0x800  # general purpose bit 11: the entry's name is UTF-8


@dataclass(frozen=True)
class Limits:
    """What an archive may hold. `max_bytes` bounds the decompressed total (and so memory)."""

    max_bytes: int = 2**40  # the command line reads what its user gives it
    max_entries: int = 1_000
    max_ratio: int = 200  # decompressed / compressed, per entry; a zip bomb is ~1,000+
    max_rows: int = 2**62  # data rows over all tables (memory grows with rows, not bytes)

    def describe(self) -> str:
        return f"{self.max_bytes / 2**20:g} MB"


class UnsafeArchive(ValueError):
    """The archive would cost too much to open, or is not an archive: a sentence saying why."""


class RowBudget:
    """How many more data rows may be read; tables stop being read when it runs out."""

    def __init__(self, limits: Limits) -> None:
        self.max_rows = limits.max_rows
        self.left = limits.max_rows

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0

    def refusal(self) -> str:
        return (
            f"holds more than {self.max_rows:,} rows in all, the most this service reads in "
            "one upload: split the roster, or import it with `graph-service import` on the "
            "server"
        )


def member_name(info: zipfile.ZipInfo) -> str:
    """An entry's name as its author wrote it: UTF-8 when flagged; otherwise Python decoded it as
    code page 437, so take the bytes back and try UTF-8, then GB18030 (Chinese Windows)."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def unsafe_name(name: str) -> str | None:
    """Why an entry's name is refused (absolute, climbing out, a drive), or None."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (path.parts and path.parts[0].endswith(":")):
        return "is an absolute path"
    if ".." in path.parts:
        return "climbs out of the archive (..)"
    return None


def open_zip(source: IO[bytes], limits: Limits) -> zipfile.ZipFile:
    """The archive, opened from a seekable binary file after its directory passed `limits`.
    Raises `UnsafeArchive` with a sentence for the user."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnsafeArchive(f"is not a valid .zip file ({error})") from None
    try:
        check(archive.infolist(), limits)
    except UnsafeArchive:
        archive.close()
        raise
    return archive


def check(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(entries) > limits.max_entries:
        raise UnsafeArchive(
            f"holds {len(entries):,} entries; a roster has at most {limits.max_entries:,}"
        )
    total = 0
    for info in entries:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1_000_000 and ratio > limits.max_ratio:
            raise UnsafeArchive(
                f"entry {member_name(info)!r} would expand {ratio:,.0f} times "
                f"(to {info.file_size:,} bytes): refused as a zip bomb"
            )
        if total > limits.max_bytes:
            raise UnsafeArchive(
                f"decompresses to more than {limits.describe()}, the most this service reads "
                "in one upload: split the roster, or import it with `graph-service import` "
                "on the server"
            )

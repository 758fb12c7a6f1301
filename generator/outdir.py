"""The output folder's safety rules: who may write it, what sheetgen owns in it, what is intact.

- **One build at a time.** A build holds an exclusive lock on `<out>/.sheetgen.lock` (flock, so it
  is released when the process ends, however it ends); a second build into the same folder stops
  with one line instead of racing the first.
- **Only its own folders.** Every sheet folder sheetgen writes carries a manifest
  (`.sheetgen-manifest.json`): the inputs digest and a SHA-256 per file it wrote. A folder without
  one, or holding files the manifest does not list, was not (only) made by sheetgen, and is never
  replaced: the build stops and names the path.
- **Trust nothing damaged.** A sheet is up to date only when its manifest's digest matches and
  every listed file is there with its hash; otherwise it is rebuilt.
- **Swap, never destroy.** A staged folder replaces the old one by two renames; an interrupted
  swap is rolled back at the next build.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import shutil
from pathlib import Path

from generator.errors import SheetgenError

LOCK_NAME = ".sheetgen.lock"
MANIFEST = ".sheetgen-manifest.json"
OWN_FOLDERS = (".work", ".cache")


def describe_os_error(err: OSError) -> str:
    """One line for any OSError: what failed, on which path, and a hint where one helps."""
    where = f" {err.filename}" if err.filename else ""
    reason = err.strerror or str(err)
    hint = {
        errno.ENOSPC: "; free some space and build again",
        errno.EACCES: "; choose a folder you may write (--out)",
        errno.EROFS: "; choose a writable folder (--out)",
        errno.ENOTDIR: "; a file stands where a folder is needed",
    }.get(err.errno, "")
    return f"cannot write{where}: {reason}{hint}"


class OutputLock:
    """Context manager: prepares `out` and holds its build lock; one line when either fails."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.handle = None

    def __enter__(self) -> OutputLock:
        _prepare(self.out)
        self.handle = open(self.out / LOCK_NAME, "a")  # noqa: SIM115 (held for the build)
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise SheetgenError(
                f"another sheetgen build is writing to {self.out}; wait until it ends "
                f"or choose another --out"
            ) from None
        return self

    def __exit__(self, *exc) -> bool:
        self.handle.close()
        return False


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SheetgenError(f"--out {out} is a file, not a folder; choose a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SheetgenError(f"--out {out}: {describe_os_error(err)}") from None
    for name in OWN_FOLDERS:
        path = out / name
        if path.exists() and not path.is_dir():
            raise SheetgenError(
                f"{path} is a file, but sheetgen keeps a folder of its own there; move it away"
            )


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below folder (the manifest excluded), by POSIX relative path."""
    return {
        path.relative_to(folder).as_posix(): _sha256(path)
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: Path, inputs: str) -> None:
    """Records the inputs digest and every file the build wrote into folder."""
    manifest = {"inputs": inputs, "files": file_hashes(folder)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def read_manifest(folder: Path) -> dict | None:
    try:
        data = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and isinstance(data.get("files"), dict)
    return data if ok else None


def up_to_date(folder: Path, inputs: str) -> bool:
    """The folder holds exactly what a build with these inputs wrote, byte for byte."""
    manifest = read_manifest(folder)
    if manifest is None or manifest.get("inputs") != inputs:
        return False
    try:
        return all(_sha256(folder / name) == digest for name, digest in manifest["files"].items())
    except OSError:
        return False


def check_replaceable(folder: Path) -> None:
    """Stops the build (one line) when replacing folder would destroy what sheetgen did not make."""
    recover_swap(folder)
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not folder.is_dir():
        raise SheetgenError(f"{folder} is not a folder sheetgen made; move it away or choose another --out")
    manifest = read_manifest(folder)
    if manifest is None:
        raise SheetgenError(
            f"{folder} was not made by sheetgen (no {MANIFEST}); move it away or choose another --out"
        )
    strangers = sorted(set(_files(folder)) - set(manifest["files"]) - {MANIFEST})
    if strangers:
        shown = ", ".join(strangers[:3]) + (f" and {len(strangers) - 3} more" if len(strangers) > 3 else "")
        raise SheetgenError(
            f"{folder} holds files sheetgen did not write ({shown}); move them out and build again"
        )


def _files(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*") if not p.is_dir()]


def _old(folder: Path) -> Path:
    return folder.with_name(f".{folder.name}.old")


def recover_swap(folder: Path) -> None:
    """Completes or rolls back a swap that an interrupt cut between its two renames."""
    old = _old(folder)
    if not old.exists():
        return
    if folder.exists():
        shutil.rmtree(old)
    else:
        old.rename(folder)


def swap_in(staged: Path, folder: Path) -> None:
    """Moves staged to folder; the previous folder (checked replaceable) goes only after that."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    recover_swap(folder)
    old = _old(folder)
    if folder.exists():
        folder.rename(old)
    staged.rename(folder)
    if old.exists():
        shutil.rmtree(old)


"""The writer: the only place that writes generated files into ``docs/``.

It owns the files it wrote last time (listed in ``docs/.annals-generated``), removes the
ones no longer produced, rewrites a file only when its content changed (so that a live
preview rebuilds only what an edit touched), and refuses any path outside ``docs/`` or
any hand-written file.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

MANIFEST = ".annals-generated"


class WriteError(Exception):
    """A generated path that may not be written."""


def check_path(docs_dir: Path, rel: str) -> Path:
    """Resolve ``rel`` inside ``docs_dir``; refuse absolute paths, ``..`` and escapes."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel != pure.as_posix():
        raise WriteError(f"refusing to write {rel!r}: generated paths must be relative paths inside docs/")
    target = (docs_dir / pure).resolve()
    if not target.is_relative_to(docs_dir.resolve()):
        raise WriteError(f"refusing to write {rel!r}: it resolves outside {docs_dir}")
    return target


def read_manifest(docs_dir: Path) -> set[str]:
    path = docs_dir / MANIFEST
    if not path.exists():
        return set()
    return {line for line in path.read_text(encoding="utf-8").splitlines() if line}


def write_docs(docs_dir: str | os.PathLike, files: dict[str, str]) -> tuple[int, int]:
    """Make ``docs_dir`` hold exactly ``files`` plus its hand-written pages.

    Returns (files written, files removed).  Raises WriteError before writing anything if
    a path is unsafe or would overwrite a hand-written file.
    """
    docs = Path(docs_dir)
    docs.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(docs)
    targets = {rel: check_path(docs, rel) for rel in files}
    clashes = sorted(rel for rel, path in targets.items() if rel not in owned and path.exists())
    if clashes:
        raise WriteError(f"refusing to overwrite hand-written file(s) in {docs}: {', '.join(clashes)}; "
                         "move them, or rename the generated page")
    removed = 0
    for rel in sorted(owned - set(files)):
        path = check_path(docs, rel)
        if path.exists():
            path.unlink()
            removed += 1
            parent = path.parent
            while parent != docs.resolve() and parent.is_dir() and not any(parent.iterdir()):
                parent.rmdir()
                parent = parent.parent
    written = 0
    for rel in sorted(files):
        written += _write_if_changed(targets[rel], files[rel])
    (docs / MANIFEST).write_text("".join(f"{rel}\n" for rel in sorted(files)), encoding="utf-8")
    return written, removed


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` (UTF-8) at ``path`` unless the file already holds it; True if written.  An unchanged
    file keeps its modification time, so MkDocs' dirty build and live reload leave its page alone."""
    data = text.encode("utf-8")
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def write_owned(docs_dir: str | os.PathLike, files: dict[str, str]) -> tuple[int, list[str]]:
    """Rewrite, among ``files``, those that ``docs_dir`` already holds as generated files (listed in the
    manifest) and whose content changed; leave everything else as it is, the manifest included.

    Returns (files written, paths left out because the last build did not generate them): a new page
    waits for ``write_docs``, which alone may add to the manifest.  For ``annals serve``'s first step.
    """
    docs = Path(docs_dir)
    owned = read_manifest(docs)
    written, left = 0, []
    for rel in sorted(files):
        if rel not in owned:
            left.append(rel)
            continue
        written += _write_if_changed(check_path(docs, rel), files[rel])
    return written, left

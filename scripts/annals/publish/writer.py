"""The writer: the only place that writes generated files into ``docs/``.

It owns the files it wrote last time (listed in ``docs/.annals-generated``, the *manifest*), removes
the ones no longer produced, rewrites a file only when its content changed (an unchanged file keeps
its inode and modification time, so the site build and the live preview leave its page alone), and
refuses any path outside ``docs/`` or any hand-written file.

:class:`DocsWriter` writes one file at a time, as the pages are rendered, into either

* a staging copy of ``docs/`` made of hard links (``annals build``, :class:`annals.publish.output.Staging`):
  a changed file is unlinked and written anew, never truncated through its link, and the manifest is
  written into the staging folder with the files, so that the swap brings both in at once; or
* the live folder itself (``annals serve``, ``in_place=True``): a file not yet in the manifest is first
  added to it, so that a preview killed half-way leaves no generated file the next build would take
  for a hand-written one.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from annals.publish.output import replace_file

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
        raise WriteError(f"refusing to write {rel!r}: it resolves outside docs")
    return target


def read_manifest(docs_dir: Path) -> set[str]:
    path = docs_dir / MANIFEST
    if not path.exists():
        return set()
    return {line for line in path.read_text(encoding="utf-8").splitlines() if line}


def same_content(path: Path, data: bytes) -> bool:
    """Whether the file at ``path`` holds exactly ``data`` (its size is compared before its bytes)."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


class DocsWriter:
    """Generated files into ``folder`` one at a time (see the module's doc); :meth:`finish` removes the
    files of the last build that this one did not produce and writes the manifest."""

    def __init__(self, folder: str | os.PathLike, in_place: bool = False, label: str | None = None):
        self.folder = Path(folder)
        self.label = label or str(folder)
        """The folder as messages name it (the target, not its staging copy)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self.in_place = in_place
        self.owned = read_manifest(self.folder)
        self.produced: set[str] = set()
        self.written = 0
        self.removed = 0
        self.changed: set[str] = set()
        """Paths whose content this writer changed (written anew or removed)."""
        self._root = self.folder.resolve()
        self._safe_dirs: set[str] = set()
        """Folders (relative) already found to resolve inside the folder: a path in one of them is checked
        with one ``lstat`` of its last part instead of a resolution of every part (:meth:`_path`)."""

    def _path(self, rel: str) -> Path:
        """:func:`check_path`, resolving each folder once per writer: the same answers (a path whose last part
        is a symbolic link is resolved whole, as before), a fraction of the system calls."""
        pure = PurePosixPath(rel)
        if pure.is_absolute() or ".." in pure.parts or not pure.parts or rel != pure.as_posix():
            raise WriteError(f"refusing to write {rel!r}: generated paths must be relative paths inside docs/")
        parent = pure.parent.as_posix()
        target = self.folder / pure
        if parent not in self._safe_dirs or os.path.islink(target):
            resolved = check_path(self.folder, rel)
            folder = self.folder / pure.parent
            if folder.is_dir() and folder.resolve().is_relative_to(self._root):
                self._safe_dirs.add(parent)
            return resolved
        return target

    def put(self, rel: str, text: str | bytes, replace: bool = False) -> Path:
        """Write the generated file ``rel`` (unless it already holds ``text``).  A path produced twice is
        an error unless ``replace`` (a later stage rewriting a page: the registry's alias anchors)."""
        target = self._path(rel)
        if rel in self.produced and not replace:
            raise WriteError(f"two renderers claim docs/{rel}")
        if rel not in self.owned and rel not in self.produced and (target.exists() or target.is_symlink()):
            raise WriteError(f"refusing to overwrite hand-written file(s) in {self.label}: {rel}; "
                             "move them, or rename the generated page")
        if self.in_place and rel not in self.owned:
            with open(self.folder / MANIFEST, "a", encoding="utf-8") as manifest:
                manifest.write(rel + "\n")  # owned before it exists: a kill now leaves nothing unowned
            self.owned.add(rel)
        self.produced.add(rel)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not same_content(target, data):
            replace_file(target, data)
            self.written += 1
            self.changed.add(rel)
        return target

    def can_keep(self, rel: str) -> bool:
        """Whether :meth:`keep` would keep ``rel`` (it changes nothing)."""
        target = self._path(rel)
        return rel in self.owned and rel not in self.produced and target.is_file()

    def keep(self, rel: str) -> bool:
        """Count the generated file ``rel``, which the folder already holds from the last build, as produced by
        this one without writing it (its inputs did not change).  False, keeping nothing, if the last build
        did not generate it or it is gone: the caller writes it instead."""
        if not self.can_keep(rel):
            return False
        self.produced.add(rel)
        return True

    def hand_written_pages(self) -> frozenset[str]:
        """Site-absolute URLs of the folder's ``.md`` files that this build does not generate (the hand-written
        pages): a redirect may not hide them (``registry.plan``)."""
        from annals.render.html import page_url

        out = set()
        for path in self.folder.rglob("*.md"):
            rel = path.relative_to(self.folder).as_posix()
            if rel not in self.produced and rel not in self.owned:
                out.add("/" + page_url(rel))
        return frozenset(out)

    def finish(self) -> tuple[int, int]:
        """Remove what the last build generated and this one did not, write the manifest; returns
        (files written, files removed)."""
        root = self.folder.resolve()
        for rel in sorted(self.owned - self.produced):
            path = check_path(self.folder, rel)
            if path.exists():
                path.unlink()
                self.removed += 1
                self.changed.add(rel)
                parent = path.parent
                while parent != root and parent.is_dir() and not any(parent.iterdir()):
                    parent.rmdir()
                    parent = parent.parent
        text = "".join(f"{rel}\n" for rel in sorted(self.produced)).encode("utf-8")
        if not same_content(self.folder / MANIFEST, text):
            replace_file(self.folder / MANIFEST, text)
        self.owned = set(self.produced)
        return self.written, self.removed


def write_docs(docs_dir: str | os.PathLike, files: dict[str, str]) -> tuple[int, int]:
    """Make ``docs_dir`` hold exactly ``files`` plus its hand-written pages, in place.

    Returns (files written, files removed).  Raises WriteError before writing anything if
    a path is unsafe or would overwrite a hand-written file.
    """
    docs = Path(docs_dir)
    docs.mkdir(parents=True, exist_ok=True)
    owned = read_manifest(docs)
    for rel in owned:
        check_path(docs, rel)  # a tampered manifest cannot make the writer delete outside docs/
    targets = {rel: check_path(docs, rel) for rel in files}
    clashes = sorted(rel for rel, path in targets.items() if rel not in owned and path.exists())
    if clashes:
        raise WriteError(f"refusing to overwrite hand-written file(s) in {docs}: {', '.join(clashes)}; "
                         "move them, or rename the generated page")
    writer = DocsWriter(docs, in_place=True)
    for rel in sorted(files):
        writer.put(rel, files[rel])
    return writer.finish()


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
        target = check_path(docs, rel)
        data = files[rel].encode("utf-8")
        if not same_content(target, data):
            replace_file(target, data)
            written += 1
    return written, left

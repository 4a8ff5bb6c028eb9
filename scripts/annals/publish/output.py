"""The output folders (``docs/``, ``site/``): checked before anything is written, locked while a build
writes them, built in staging folders beside them and swapped in whole.

* :func:`check_folders` refuses output folders that are, contain or lie inside the archive, that are
  or contain the project (the folder of ``mkdocs.yml``), the cache, or each other, and folders that
  cannot be written (a missing or read-only parent, a file in the way), with an :class:`OutputError`
  that says which and why, before anything is written.
* :class:`OutputLock` holds an ``fcntl`` lock (``flock``) on the folder that holds each output folder
  for the whole build; a second ``annals build`` or ``annals serve`` on the same folders waits, saying
  which process holds them.  The kernel drops the lock when its holder dies, even by ``kill -9``: a
  lock is never stale.
* :class:`Staging` builds a folder's next version in ``.<name>.annals-new`` beside it, starting
  either empty or as a copy of the current version made of hard links (no bytes copied).  A file
  that changes is unlinked in the staging copy and written anew, never opened for writing through a
  link (that would change the live copy too).  :meth:`Staging.commit` swaps the staging folder and
  the target with one ``renameat2(RENAME_EXCHANGE)``, so that at every moment the target is either
  the old complete folder or the new one; a build that dies before leaves the target untouched, and
  the next build removes the leftover staging folder.  Where the file system cannot exchange two
  names, the swap is two renames with a marker file, and the next build finishes a swap that a
  crash interrupted (:func:`recover`).

The guarantee is against a build that dies (a crash, ``kill -9``), not against a power cut: files are
not synced to disk one by one (that would cost a disk flush per file).

Incremental and atomic builds are the same mechanism: an incremental build stages a hard-linked
copy of the previous output and rewrites only what changed; a full build stages an empty folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


class OutputError(Exception):
    """An output folder that may not or cannot be written; the message says which and why."""


# ---- which folders may be written -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Folders:
    """The resolved output folders of a build (``site`` None: no site is built)."""

    docs: Path
    site: Path | None


def _describe(label: str, given: str | os.PathLike, path: Path) -> str:
    shown = str(given)
    return f"{label} {shown}" if Path(shown).resolve() == path and shown == str(path) else f"{label} {shown} ({path})"


def _relation(a: Path, b: Path) -> str | None:
    """How ``a`` stands to ``b``: "is", "is inside", "contains", or None when they are apart."""
    if a == b:
        return "is"
    if a.is_relative_to(b):
        return "is inside"
    if b.is_relative_to(a):
        return "contains"
    return None


def check_folders(docs_dir: str | os.PathLike, site_dir: str | os.PathLike | None, *,
                  archive_dir: str | os.PathLike, project_dir: str | os.PathLike,
                  cache_dir: str | os.PathLike | None = None) -> Folders:
    """Refuse dangerous or unwritable output folders before anything is written (raises OutputError).

    An output folder (``docs_dir``, ``site_dir``) may not be, contain or lie inside the archive or the
    cache, may not be or contain the project folder (the folder of ``mkdocs.yml``; inside it is where
    output belongs), and the two may not be, contain or lie inside each other: each is replaced whole
    by the build.  Its parent must be an existing, writable folder (the staging folder is made there),
    and the folder itself, when it exists, a folder."""
    outputs = [("--docs-dir", docs_dir, Path(docs_dir).resolve())]
    if site_dir is not None:
        outputs.append(("--site-dir", site_dir, Path(site_dir).resolve()))
    archive = Path(archive_dir).resolve()
    project = Path(project_dir).resolve()
    guarded = [("the project folder (where mkdocs.yml is)", project, ("is", "contains")),
               ("the archive", archive, ("is", "is inside", "contains"))]
    if cache_dir is not None:
        guarded.append(("the cache", Path(cache_dir).resolve(), ("is", "is inside", "contains")))
    for label, given, path in outputs:
        if path == Path(path.anchor):
            raise OutputError(f"{label} {given} is the root of the file system; choose a folder of its own")
        for what, other, refused in guarded:
            how = _relation(path, other)
            if how in refused:
                raise OutputError(f"{_describe(label, given, path)} {how} {what} ({other}); the build replaces "
                                  "that folder whole: choose a folder of its own")
    if len(outputs) == 2:
        (l1, g1, p1), (l2, g2, p2) = outputs
        how = _relation(p1, p2)
        if how:
            raise OutputError(f"{_describe(l1, g1, p1)} {how} {_describe(l2, g2, p2)}; each is replaced whole "
                              "by the build: give them separate folders")
    for label, given, path in outputs:
        parent = path.parent
        if not parent.exists():
            raise OutputError(f"{_describe(label, given, path)}: its parent folder {parent} does not exist; "
                              "create it, or choose another folder")
        if not parent.is_dir():
            raise OutputError(f"{_describe(label, given, path)}: {parent} is not a folder")
        if path.exists() and not path.is_dir():
            raise OutputError(f"{_describe(label, given, path)} is a file, not a folder; move it away, or "
                              "choose another folder")
        problem = _unwritable(parent)
        if problem:
            raise OutputError(f"{_describe(label, given, path)}: cannot write in {parent} ({problem}); the build "
                              "writes its new output beside the old one there: make it writable, or choose "
                              "another folder")
    return Folders(outputs[0][2], outputs[1][2] if len(outputs) == 2 else None)


def _unwritable(folder: Path) -> str | None:
    """Why nothing can be created in ``folder`` (tried, since root passes every permission check), or None."""
    probe = folder / f".annals-probe-{os.getpid()}"
    try:
        probe.mkdir()
    except FileExistsError:
        pass
    except OSError as err:
        return err.strerror or str(err)
    with contextlib.suppress(OSError):
        probe.rmdir()
    return None


def disk_error(err: OSError, what: str) -> OutputError:
    """An OSError met while writing output, as one clear line."""
    where = f" ({err.filename})" if err.filename else ""
    return OutputError(f"cannot write {what}: {err.strerror or err}{where}; nothing was changed in it")


# ---- one build at a time ----------------------------------------------------------------------------

class OutputLock:
    """Exclusive ``fcntl`` locks (``flock``) on the folders that hold the output folders, taken in a fixed
    order (no deadlock between two processes locking the same pair), held until :meth:`release`.

    The lock is on the parent folder, which the build never replaces (the output folder itself is
    swapped for a new one), so no lock file is left beside the output.  ``wait(message)`` is called
    once, when another process holds a lock, with a sentence naming that process (read from
    ``/proc/locks``); then the lock is waited for.  With ``blocking=False`` an OutputError is raised
    instead."""

    def __init__(self, targets: Iterable[Path], wait: Callable[[str], None] | None = None, blocking: bool = True):
        self._fds: list[int] = []
        try:
            for parent in sorted({Path(t).parent for t in targets}):
                self._fds.append(self._take(parent, sorted(str(t) for t in targets if Path(t).parent == parent),
                                            wait, blocking))
        except BaseException:
            self.release()
            raise

    @staticmethod
    def _take(parent: Path, names: list[str], wait, blocking: bool) -> int:
        try:
            fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        except OSError as err:
            raise OutputError(f"cannot open {parent}: {err.strerror}") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                what = " and ".join(names)
                message = (f"{what} {'is' if len(names) == 1 else 'are'} being written by another annals process "
                           f"({holder(parent)})")
                if not blocking:
                    raise OutputError(message + "; try again when it has finished") from None
                if wait is not None:
                    wait(message + "; waiting for it to finish")
                fcntl.flock(fd, fcntl.LOCK_EX)
            return fd
        except BaseException:
            os.close(fd)
            raise

    def release(self) -> None:
        for fd in reversed(self._fds):
            os.close(fd)  # closing drops the lock
        self._fds = []

    def __enter__(self) -> "OutputLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def holder(folder: Path) -> str:
    """Which process holds a ``flock`` on ``folder``: its pid and command line (Linux ``/proc/locks``)."""
    try:
        st = os.stat(folder)
        wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return "process unknown"
    for line in lines:
        parts = line.split()
        if "->" in parts or len(parts) < 6 or parts[1] != "FLOCK" or parts[5] != wanted:
            continue
        pid = parts[4]
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                command = " ".join(a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a)
        except OSError:
            command = ""
        return f"pid {pid}" + (f": {_short(command)}" if command else "")
    return "process unknown"


def _short(command: str) -> str:
    """``/path/to/python -m annals build --x`` -> ``annals build --x``."""
    at = command.find("annals ")
    return command[at:] if at >= 0 else command


# ---- staging and the swap ---------------------------------------------------------------------------

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2``); False where that is not supported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def staging_path(target: Path) -> Path:
    return target.parent / f".{target.name}.annals-new"


def old_path(target: Path) -> Path:
    return target.parent / f".{target.name}.annals-old"


def marker_path(target: Path) -> Path:
    return target.parent / f".{target.name}.annals-swapping"


def recover(target: Path) -> None:
    """Finish or undo a two-rename swap that a crash interrupted (only where ``renameat2`` is missing),
    then remove leftover staging and old folders.  Call with the folder's lock held."""
    marker, new, old = marker_path(target), staging_path(target), old_path(target)
    if marker.exists():
        if not target.exists():
            if new.is_dir():
                new.rename(target)  # the new output was complete: the swap had begun
            elif old.is_dir():
                old.rename(target)
        marker.unlink()
    elif not target.exists() and old.is_dir():
        old.rename(target)
    for leftover in (new, old):
        if leftover.exists() or leftover.is_symlink():
            _remove(leftover)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def link_tree(src: Path, dst: Path, skip: Callable[[str], bool] | None = None) -> set[str]:
    """Make ``dst`` a copy of the folder ``src`` made of hard links (symbolic links copied as links);
    return the relative paths of the files linked.  ``skip(rel)`` leaves out a path (and, for a
    folder, everything inside it)."""
    linked: set[str] = set()
    dst.mkdir()

    def walk(folder: Path, into: Path, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if skip is not None and skip(rel):
                    continue
                target = into / entry.name
                if entry.is_dir(follow_symlinks=False):
                    target.mkdir()
                    walk(Path(entry.path), target, rel + "/")
                elif entry.is_symlink():
                    os.symlink(os.readlink(entry.path), target)
                else:
                    os.link(entry.path, target)
                    linked.add(rel)

    walk(src, dst, "")
    return linked


def sync_tree(src: Path, dst: Path, skip: Callable[[str], bool] | None = None) -> set[str]:
    """Make the existing folder ``dst`` the same as :func:`link_tree` would make it: a copy of ``src`` made of
    hard links, whatever ``dst`` held before (a spare: an earlier version of ``src``, perhaps half-synced by
    a build that died).  A file of ``dst`` that already is the same file as ``src``'s (same inode: a link made
    by an earlier build) is left as it is; anything else that differs is unlinked (or removed, for a folder)
    and linked or made anew; nothing is ever opened for writing.  Walking two trees costs far less than
    creating one: making a folder is the dearest step of :func:`link_tree` (at 10,000 articles tens of
    thousands of folders).  Returns the relative paths of the files, as :func:`link_tree` does."""
    linked: set[str] = set()
    device = os.stat(src).st_dev
    if os.stat(dst).st_dev != device:
        raise OSError(errno.EXDEV, "a spare copy on another file system", str(dst))

    def walk(folder: str, into: str, prefix: str) -> None:
        with os.scandir(into) as entries:
            have = {e.name: e for e in entries}
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                rel = prefix + entry.name
                if skip is not None and skip(rel):
                    continue
                target = os.path.join(into, entry.name)
                old = have.pop(entry.name, None)
                if entry.is_dir(follow_symlinks=False):
                    if old is not None and not old.is_dir(follow_symlinks=False):
                        os.unlink(target)
                        old = None
                    if old is None:
                        os.mkdir(target)
                    walk(entry.path, target, rel + "/")
                elif entry.is_symlink():
                    link = os.readlink(entry.path)
                    if old is not None and old.is_symlink() and os.readlink(target) == link:
                        continue
                    if old is not None:
                        _remove(Path(target))
                    os.symlink(link, target)
                else:
                    linked.add(rel)
                    if (old is not None and not old.is_symlink() and old.is_file(follow_symlinks=False)
                            and old.inode() == entry.inode()):
                        continue  # the same file already (the same device: checked above)
                    if old is not None:
                        _remove(Path(target))
                    os.link(entry.path, target)
        for name, gone in sorted(have.items()):  # in the spare, not in the source (or left out by ``skip``)
            _remove(Path(gone.path))

    walk(str(src), str(dst), "")
    return linked


class Staging:
    """The next version of ``target``, built in ``.<name>.annals-new`` beside it (see the module's doc).

    ``begin(link=True)`` starts from a hard-linked copy of ``target`` (``files`` then holds the relative
    paths linked), ``begin(link=False)`` from an empty folder.  Write into ``path`` only through
    :func:`replace_file` (or into files that are not links), then :meth:`commit` or :meth:`abort`.

    ``spare``: a folder (in the build cache, on the same file system) where the version that a commit
    replaces is kept instead of being deleted, and from which the next ``begin(link=True)`` starts, bringing
    it up to date with :func:`sync_tree` instead of making every folder and link anew (a spare that cannot
    be used is removed, and the copy made from nothing).  The spare is never live: nothing reads it but the
    next build, which syncs it whole, so a build that dies while using it costs the next one only time."""

    def __init__(self, target: Path, spare: Path | None = None):
        self.target = target
        self.path = staging_path(target)
        self.files: set[str] = set()
        self.linked = False
        self.spare = spare

    def begin(self, link: bool = True, skip: Callable[[str], bool] | None = None) -> "Staging":
        recover(self.target)
        try:
            if link and self.target.is_dir():
                if self._from_spare():
                    try:
                        self.files = sync_tree(self.target, self.path, skip)
                    except OSError:
                        _remove(self.path)  # e.g. a spare on another device: copy from nothing
                        self.files = link_tree(self.target, self.path, skip)
                else:
                    self.files = link_tree(self.target, self.path, skip)
                self.linked = True
            else:
                self.path.mkdir()
        except BaseException:
            self.abort()
            raise
        return self

    def _from_spare(self) -> bool:
        """Move the spare into the staging folder's place; False when there is none (or it cannot move)."""
        if self.spare is None or not self.spare.is_dir() or self.spare.is_symlink():
            return False
        try:
            self.spare.rename(self.path)
        except OSError:
            return False
        return True

    def commit(self) -> None:
        """Swap the staging folder in as ``target``, then remove the old version (or keep it as the spare)."""
        if not self.target.exists():
            self.path.rename(self.target)
        elif _exchange(self.path, self.target):
            pass  # the old version now sits at self.path
        else:
            marker, old = marker_path(self.target), old_path(self.target)
            marker.touch()
            self.target.rename(old)
            self.path.rename(self.target)
            marker.unlink()
            self.path = old
        if self.path.exists():
            self._retire(self.path, newest=True)

    def abort(self) -> None:
        """Remove the staging folder (the target is untouched; with a spare, the folder becomes the spare)."""
        if self.path.exists():
            self._retire(self.path, ignore_errors=True)

    def _retire(self, folder: Path, ignore_errors: bool = False, newest: bool = False) -> None:
        """Keep ``folder`` as the spare (``newest``: in place of an older spare, which a build that did not start
        from it left), else remove it."""
        if self.spare is not None and newest and (self.spare.exists() or self.spare.is_symlink()):
            with contextlib.suppress(OSError):
                _remove(self.spare)
        if self.spare is not None and not (self.spare.exists() or self.spare.is_symlink()):
            try:
                self.spare.parent.mkdir(parents=True, exist_ok=True)
                folder.rename(self.spare)
                return
            except OSError:
                pass
        shutil.rmtree(folder, ignore_errors=ignore_errors)


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` as a new file at ``path``: an existing file (perhaps a hard link shared with the
    live output) is unlinked first, never truncated."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as f:
        f.write(data)


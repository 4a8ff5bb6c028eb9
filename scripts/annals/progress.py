"""Progress of long builds: a tqdm bar on a terminal, plain lines otherwise (CI logs).

The library is silent by default (``Progress(None)``); the CLI passes ``sys.stderr``.
Stages with fewer than ``min_items`` items print nothing, so small builds stay quiet.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from typing import TextIO


class Progress:
    """Reports each stage's name, count and time to ``stream`` (None: report nothing)."""

    def __init__(self, stream: TextIO | None = None, min_items: int = 500, tty: bool | None = None):
        self.stream = stream
        self.min_items = min_items
        self.tty = (stream is not None and stream.isatty()) if tty is None else tty

    @contextlib.contextmanager
    def stage(self, name: str, total: int) -> Iterator[Callable[[int], None]]:
        """Yields ``advance(n)``; reports ``name  done/total`` as it goes and the time at the end."""
        if self.stream is None or total < self.min_items:
            yield lambda n=1: None
            return
        start = time.perf_counter()
        if self.tty:
            from tqdm import tqdm

            with tqdm(total=total, desc=name, unit="item", file=self.stream, leave=True, dynamic_ncols=True) as bar:
                yield bar.update
            return
        done = 0
        step = max(1, total // 10)
        next_report = step
        print(f"{name}: 0/{total}", file=self.stream, flush=True)

        def advance(n: int = 1) -> None:
            nonlocal done, next_report
            done += n
            if done >= next_report and done < total:
                print(f"{name}: {done}/{total}", file=self.stream, flush=True)
                next_report = (done // step + 1) * step

        yield advance
        print(f"{name}: {total}/{total} in {time.perf_counter() - start:.1f} s", file=self.stream, flush=True)

    def note(self, message: str) -> None:
        """One plain line (for a stage without a count, such as MkDocs), only in a large build."""
        if self.stream is not None:
            print(message, file=self.stream, flush=True)

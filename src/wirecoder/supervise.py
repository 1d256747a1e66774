"""Coding in worker processes under a watchdog.

An article that takes longer than its time budget, or that makes its worker use more memory
than allowed, or crash (in native code, say), cannot be stopped from inside the process
that codes it. :class:`Supervisor` codes in child processes it can kill: such an article
gets an error record (``E011`` for time, ``E012`` for memory or a crash), a fresh worker
takes over, and the batch goes on. Records come back in input order.

Articles go to a worker a few at a time (the parser works faster on batches). When a batch
fails, its articles not yet coded are tried again one by one, so that only the article that
fails alone is given up, and only after its own full budget.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, NoReturn

from wirecoder.errors import Codes, ModelError, WirecoderError, message
from wirecoder.model import Article, ArticleRecord
from wirecoder.pipeline import Config, Pipeline, make_holdable

CHUNK = 8
# How often the watchdog looks at the clock and the workers' memory, in seconds.
TICK = 0.25
DEFAULT_TIME_BUDGET = 120.0  # seconds per article
DEFAULT_MEMORY_LIMIT = 2048  # MiB per worker


def _child(config: Config, conn: Connection) -> None:
    """A worker: build the pipeline, then code the batches it is sent until told to stop."""
    # Ctrl-C reaches the whole process group: the supervisor stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        pipeline = Pipeline(config)
    except WirecoderError as exc:
        conn.send(("failed", (type(exc).__name__, exc.args[0] if exc.args else str(exc))))
        return
    conn.send(("ready", None))
    while True:
        task = conn.recv()
        if task is None:
            return
        seqs, articles = task
        for seq, record in zip(seqs, pipeline.pipe(articles), strict=True):
            conn.send(("record", (seq, record)))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    batch: dict[int, Article] = field(default_factory=dict)  # sent and not yet coded
    deadline: float = 0.0


class Supervisor:
    """Worker processes that code articles, each under a time budget (seconds per article,
    ``None`` for none) and a memory limit (MiB per worker, ``None`` for none; Linux only).
    Use as a context manager, or call :meth:`close`."""

    def __init__(self, config: Config, processes: int = 1,
                 time_budget: float | None = DEFAULT_TIME_BUDGET,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT) -> None:
        self.config = config
        self.time_budget = time_budget
        self.memory_limit = memory_limit
        self.context = multiprocessing.get_context("spawn")
        self.workers: list[_Worker] = []
        try:
            for _ in range(processes):
                self.workers.append(self._start())
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=_child, args=(self.config, child), daemon=True)
        process.start()
        child.close()
        try:
            kind, detail = parent.recv()
        except EOFError:
            process.join()
            raise ModelError(Codes.E100, stage="starting a worker",
                             detail=f"exit code {process.exitcode}") from None
        if kind == "failed":
            process.join()
            _reraise(detail)
        return _Worker(process, parent)

    def close(self) -> None:
        """Stop the workers."""
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers = []

    def pipe(self, articles: Iterable[Article]) -> Iterator[dict[str, Any]]:
        """Yield one record per article, in input order."""
        source = iter(enumerate(articles))
        retry: deque[tuple[int, Article]] = deque()  # articles to try one at a time
        done: dict[int, dict[str, Any]] = {}
        next_out = 0
        exhausted = False
        while True:
            for worker in self.workers:
                if worker.batch:
                    continue
                batch = [retry.popleft()] if retry else []
                if not batch and not exhausted:
                    batch = [item for _, item in zip(range(CHUNK), source, strict=False)]
                    exhausted = len(batch) < CHUNK
                if batch:
                    self._send(worker, batch)
            busy = [w for w in self.workers if w.batch]
            if not busy:
                break
            for conn in wait([w.conn for w in busy], timeout=TICK):
                worker = next(w for w in busy if w.conn is conn)
                self._receive(worker, done, retry)
            for worker in busy:
                if worker.batch:
                    self._watch(worker, done, retry)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1

    def _send(self, worker: _Worker, batch: list[tuple[int, Article]]) -> None:
        worker.batch = dict(batch)
        worker.deadline = self._deadline()
        worker.conn.send(([seq for seq, _ in batch], [a for _, a in batch]))

    def _deadline(self) -> float:
        return time.monotonic() + self.time_budget if self.time_budget else float("inf")

    def _receive(self, worker: _Worker, done: dict[int, dict[str, Any]],
                 retry: deque[tuple[int, Article]]) -> None:
        try:
            while worker.conn.poll():
                kind, value = worker.conn.recv()
                if kind == "record":
                    seq, record = value
                    done[seq] = record
                    worker.batch.pop(seq, None)
                    worker.deadline = self._deadline()  # each article has its own budget
        except (EOFError, OSError):
            code = worker.process.exitcode
            self._fail(worker, done, retry, Codes.E012,
                       detail=f"exit code {code}" if code is not None else "it stopped")

    def _watch(self, worker: _Worker, done: dict[int, dict[str, Any]],
               retry: deque[tuple[int, Article]]) -> None:
        if time.monotonic() > worker.deadline:
            self._fail(worker, done, retry, Codes.E011, seconds=self.time_budget)
            return
        if not worker.process.is_alive():
            self._fail(worker, done, retry, Codes.E012,
                       detail=f"exit code {worker.process.exitcode}")
            return
        used = _resident_mib(worker.process.pid)
        if self.memory_limit and used is not None and used > self.memory_limit:
            self._fail(worker, done, retry, Codes.E012,
                       detail=f"it used {used:,} MiB, over the limit of "
                              f"{self.memory_limit:,} MiB (--memory-limit)")

    def _fail(self, worker: _Worker, done: dict[int, dict[str, Any]],
              retry: deque[tuple[int, Article]], code: tuple[str, str],
              **values: object) -> None:
        """Replace a worker that failed; give up its article if it was coding one alone,
        else try its articles again one at a time."""
        left = sorted(worker.batch.items())
        worker.batch = {}
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        fresh = self._start()
        worker.process, worker.conn = fresh.process, fresh.conn
        if len(left) == 1:
            seq, article = left[0]
            make_holdable(article)
            record = ArticleRecord(article)
            record.errors.append(message(code, **values))
            done[seq] = record.to_dict()
        else:
            retry.extendleft(reversed(left))


def _reraise(detail: tuple[str, str]) -> NoReturn:
    """Raise here the exception a worker failed to start with (a missing model, say)."""
    import wirecoder.errors as errors

    kind, text = detail
    cls = getattr(errors, kind, WirecoderError)
    error = cls.__new__(cls)
    Exception.__init__(error, text)
    error.code = text.split(":", 1)[0]
    raise error


def _resident_mib(pid: int) -> int | None:
    """Resident memory of process ``pid`` in MiB, where /proc tells it."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") // (1 << 20)


def supervised_pipe(articles: Iterable[Article], config: Config, processes: int = 1,
                    time_budget: float | None = DEFAULT_TIME_BUDGET,
                    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
                    ) -> Iterator[dict[str, Any]]:
    """Records for ``articles``, in order, coded by ``processes`` supervised workers."""
    with Supervisor(config, processes, time_budget, memory_limit) as supervisor:
        yield from supervisor.pipe(articles)

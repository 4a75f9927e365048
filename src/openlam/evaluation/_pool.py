"""Episodes on a local process pool: one session (browser, server, model) per worker process."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import util

from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSession,
    EpisodeSpec,
    error_record,
    get_suite,
)
from openlam.exceptions import OpenlamError

_session: EpisodeSession | None = None
_agent: AgentSpec | None = None
_setup_error: str | None = None


def _start_worker(suite: str, agent: AgentSpec) -> None:
    """Open this worker's session once; it is closed when the worker exits."""
    global _session, _agent, _setup_error  # noqa: PLW0603 - one session per worker process
    _agent = agent
    try:
        _session = get_suite(suite).open(agent)
    except OpenlamError as exc:  # reported with the first episode, then the run stops
        _setup_error = str(exc)
        return
    # multiprocessing skips atexit in its children but runs its own finalizers
    util.Finalize(None, _session.close, exitpriority=10)


def _run_episode(episode: EpisodeSpec) -> EpisodeRecord:
    from openlam.evaluation._harness import run_safely, setup_failure

    if _session is None or _agent is None:
        agent = _agent or AgentSpec(policy="scripted")
        return setup_failure(episode, agent, _setup_error or "the worker session did not open")
    return run_safely(_session, episode, _agent)


def run_in_pool(
    suite: str, agent: AgentSpec, episodes: list[EpisodeSpec], workers: int
) -> Iterator[EpisodeRecord]:
    """Run ``episodes`` on ``workers`` processes, yielding records as they finish.

    At most ``workers`` episodes are in flight, so when a worker process dies (a crash in a
    browser or model library) only those episodes are recorded as errors; the pool is then
    restarted and the evaluation goes on.
    """
    queue = list(reversed(episodes))
    # spawn, not fork: Playwright and llama.cpp keep threads a forked child cannot inherit
    context = multiprocessing.get_context("spawn")
    while queue:
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(suite, agent),
        )
        in_flight: dict[Future[EpisodeRecord], EpisodeSpec] = {}
        broken = False
        try:
            while queue or in_flight:
                while queue and len(in_flight) < workers and not broken:
                    episode = queue.pop()
                    in_flight[pool.submit(_run_episode, episode)] = episode
                if not in_flight:
                    break
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in finished:
                    episode = in_flight.pop(future)
                    try:
                        record = future.result()
                    except BrokenProcessPool:
                        broken = True
                        yield error_record(episode, agent, "the worker process died")
                        continue
                    yield record
                if broken and not in_flight:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

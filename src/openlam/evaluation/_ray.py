"""Episodes as Ray tasks on actors (``--ray``): one session per actor, like one per worker.

Joins a running cluster when ``RAY_ADDRESS`` is set, otherwise starts a local Ray instance.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from openlam.evaluation._suite import (
    AgentSpec,
    EpisodeRecord,
    EpisodeSession,
    EpisodeSpec,
    error_record,
)
from openlam.exceptions import OpenlamError, UserError


class _EpisodeWorker:
    """A Ray actor holding one suite session."""

    def __init__(self, suite: str, agent: AgentSpec) -> None:
        from openlam.evaluation._suite import get_suite

        self._agent = agent
        self._session: EpisodeSession | None = None
        self._error = ""
        try:
            self._session = get_suite(suite).open(agent)
        except OpenlamError as exc:  # answered with the first episode; the run then stops
            self._error = str(exc)

    def run(self, episode: EpisodeSpec) -> EpisodeRecord:
        from openlam.evaluation._harness import run_safely, setup_failure

        if self._session is None:
            return setup_failure(episode, self._agent, self._error)
        return run_safely(self._session, episode, self._agent)

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UserError(
            "--ray needs Ray: pip install 'openlam[ray]' (or run without --ray for a local "
            "process pool)"
        ) from None
    return ray


def run_on_ray(
    suite: str, agent: AgentSpec, episodes: list[EpisodeSpec], workers: int
) -> Iterator[EpisodeRecord]:
    """Run ``episodes`` on ``workers`` Ray actors, yielding records as they finish.

    An actor that dies (its process crashed) fails only the episode it was running, which is
    recorded as an error; a fresh actor takes its place.
    """
    ray = _ray()
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(
            address=os.environ.get("RAY_ADDRESS"),
            num_cpus=None if os.environ.get("RAY_ADDRESS") else workers,
            include_dashboard=False,
            log_to_driver=False,
            configure_logging=False,
        )
    remote = ray.remote(num_cpus=1, max_restarts=0)(_EpisodeWorker)
    actors = [remote.remote(suite, agent) for _ in range(workers)]
    queue = list(reversed(episodes))
    in_flight: dict[Any, tuple[Any, EpisodeSpec]] = {}
    try:
        while queue or in_flight:
            for actor in [a for a in actors if all(a is not b for b, _ in in_flight.values())]:
                if not queue:
                    break
                episode = queue.pop()
                in_flight[actor.run.remote(episode)] = (actor, episode)
            ready, _ = ray.wait(list(in_flight), num_returns=1)
            actor, episode = in_flight.pop(ready[0])
            try:
                yield ray.get(ready[0])
            except ray.exceptions.RayActorError as exc:
                yield error_record(episode, agent, f"the Ray worker died: {_first_line(exc)}")
                actors.remove(actor)
                actors.append(remote.remote(suite, agent))
            except ray.exceptions.RayTaskError as exc:
                yield error_record(episode, agent, f"Ray task failed: {_first_line(exc)}")
    finally:
        for actor in actors:
            with contextlib.suppress(ray.exceptions.RayError):  # close browsers before the kill
                ray.get(actor.close.remote(), timeout=30)
            ray.kill(actor)
        if started_here:
            ray.shutdown()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

"""The sandbox web server: every app's GUI and JSON API, plus reset and state endpoints."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import uvicorn
from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from openlam.sandbox._html import e, page
from openlam.sandbox._world import Layout, Snapshot, World


class ResetRequest(BaseModel):
    """Body of ``POST /_sandbox/reset``."""

    seed: int = Field(ge=0)
    layout: Layout = "a"


def create_app(world: World | None = None) -> FastAPI:
    """The sandbox as one ASGI app: ``/APP/...`` GUIs, ``/api/APP/...`` JSON APIs (each with
    its own ``openapi.json``), ``/_sandbox/reset`` and ``/_sandbox/state``."""
    from openlam.sandbox.apps import MODULES

    world = world or World([m.SPEC for m in MODULES])
    app = FastAPI(title="openlam sandbox", docs_url=None, redoc_url=None)
    app.state.world = world

    @app.get("/", response_class=HTMLResponse)
    def home() -> str:
        cards = "".join(
            f'<div class=card><a href="/{e(m.SPEC.name)}/"><b>{e(m.SPEC.title)}</b></a>'
            f" <span class=muted>/{e(m.SPEC.name)}/ · API /api/{e(m.SPEC.name)}/</span></div>"
            for m in MODULES
        )
        return page(
            app_title="Sandbox",
            title="Apps",
            body=f"<h1>Apps</h1>{cards}",
            layout=world.layout,
            nav=[("Apps", "/")],
        )

    @app.post("/_sandbox/reset")
    def reset(request: ResetRequest) -> dict[str, Any]:
        world.reset(request.seed, request.layout)
        return {"seed": world.seed, "layout": world.layout}

    @app.get("/_sandbox/state")
    def state() -> Snapshot:
        return world.snapshot()

    @app.get("/_sandbox/state/{name}")
    def app_state(name: str) -> dict[str, Any]:
        if name not in world.dbs:
            raise HTTPException(404, f"no app {name!r}: apps are {', '.join(world.dbs)}")
        return world.db(name).tables()

    for module in MODULES:
        app.include_router(module.gui(world), prefix=f"/{module.SPEC.name}")
        app.mount(f"/api/{module.SPEC.name}", module.api(world))
    return app


class SandboxServer:
    """The sandbox served by uvicorn in a background thread (for tests, runs and evaluation)."""

    def __init__(self, world: World | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = create_app(world)
        self.world: World = self.app.state.world
        self.host = host
        self.port = port or _free_port(host)
        config = uvicorn.Config(
            self.app, host=host, port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8765``."""
        return f"http://{self.host}:{self.port}"

    def start(self, timeout_s: float = 10) -> SandboxServer:
        """Start serving and wait until the port answers."""
        self._thread.start()
        deadline = time.monotonic() + timeout_s
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the sandbox server did not start on {self.url}")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port

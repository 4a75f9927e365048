"""The sandbox world: one in-memory SQLite database per app, rebuilt from a seed on reset."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

Layout = Literal["a", "b"]
LAYOUTS: tuple[Layout, ...] = ("a", "b")

Row = dict[str, Any]
Snapshot = dict[str, dict[str, list[Row]]]
"""Every app's tables as rows: ``snapshot[app][table] -> [row, ...]`` (what checks read)."""


class AppDB:
    """One app's database: an in-memory SQLite connection guarded by a lock."""

    def __init__(self, schema: str) -> None:
        self._schema = schema
        self._lock = threading.RLock()
        self._conn = self._fresh()

    def _fresh(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        conn.executescript(self._schema)
        return conn

    def reset(self) -> None:
        """Drop everything and recreate the empty schema."""
        with self._lock:
            self._conn.close()
            self._conn = self._fresh()

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[Row]:
        """Rows of a SELECT as dicts."""
        with self._lock:
            return [dict(r) for r in self._conn.execute(sql, params).fetchall()]

    def one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Row | None:
        """The first row of a SELECT, or None."""
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> int:
        """Run one statement; returns the last inserted row id."""
        with self._lock:
            return self._conn.execute(sql, params).lastrowid or 0

    def insert(self, table: str, row: Mapping[str, Any]) -> int:
        """Insert a row given as a mapping; returns its id."""
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        return self.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))

    @contextmanager
    def transaction(self) -> Iterator[AppDB]:
        """All-or-nothing changes: a failed request leaves the state untouched."""
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def tables(self) -> dict[str, list[Row]]:
        """Every table's rows, ordered by rowid."""
        names = [
            r["name"]
            for r in self.query(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: self.query(f"SELECT * FROM {name} ORDER BY rowid") for name in names}


@dataclass(frozen=True)
class AppSpec:
    """What an app brings to the world: its schema and how to fill it from a seed."""

    name: str
    title: str
    schema: str
    seed: Callable[[AppDB, random.Random], None]


class World:
    """All apps' state, reset together from one seed so that cross-app tasks line up."""

    def __init__(self, apps: Sequence[AppSpec]) -> None:
        self.apps = {app.name: app for app in apps}
        self.dbs = {app.name: AppDB(app.schema) for app in apps}
        self.seed = 0
        self.layout: Layout = "a"
        self.reset(0, "a")

    def reset(self, seed: int, layout: Layout = "a") -> None:
        """Rebuild every app's data from ``seed``; nothing of the previous episode remains."""
        if layout not in LAYOUTS:
            raise ValueError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
        self.seed, self.layout = seed, layout
        for name, db in self.dbs.items():
            db.reset()
            with db.transaction():
                self.apps[name].seed(db, random.Random(f"{name}:{seed}"))

    def db(self, app: str) -> AppDB:
        """One app's database."""
        return self.dbs[app]

    def snapshot(self) -> Snapshot:
        """The whole state as plain data."""
        return {name: db.tables() for name, db in self.dbs.items()}

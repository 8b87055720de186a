"""An on-disk cache of model responses, so a resumed or repeated run does not pay twice.

Keyed by everything that determines a reply: endpoint, model, messages (or prompt), sampling
parameters, seed and extra request fields. SQLite in WAL mode makes it safe to share between
threads and processes (concurrent problems, Ray workers on one machine).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.isolation import cache_dir


def default_path() -> Path:
    return cache_dir() / "responses.sqlite"


def request_key(request: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(request, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@dataclass(frozen=True)
class CacheStats:
    path: Path
    entries: int
    bytes: int
    models: dict[str, int]


class ResponseCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, "
                "model TEXT, created REAL, response TEXT)"
            )

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=60)
            self._local.db = db
        return db

    def get(self, request: dict[str, Any]) -> Any | None:
        row = (
            self._db()
            .execute("SELECT response FROM responses WHERE key = ?", (request_key(request),))
            .fetchone()
        )
        return json.loads(row[0]) if row else None

    def put(self, request: dict[str, Any], response: Any) -> None:
        with self._db() as db:
            db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                (
                    request_key(request),
                    str(request.get("model", "")),
                    time.time(),
                    json.dumps(response, ensure_ascii=False),
                ),
            )

    def stats(self) -> CacheStats:
        db = self._db()
        entries = db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
        models = dict(db.execute("SELECT model, COUNT(*) FROM responses GROUP BY model"))
        size = sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*"))
        return CacheStats(self.path, entries, size, models)

    def clear(self) -> int:
        with self._db() as db:
            n = db.execute("DELETE FROM responses").rowcount
        self._db().execute("VACUUM")
        return n

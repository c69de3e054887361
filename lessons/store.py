"""Objects kept on the server for links that cannot carry them: a state too large for an address bar.

A link carries the state itself while it fits (lessons.state.to_url, up to MAX_URL_CHARS); a larger
one (16 hidden units with 8 inputs and long sequences) is kept here, addressed by the SHA-256 of
its bytes, and the link carries that short reference instead. Equal states give equal references,
so a learner stepping back and forth stores nothing new.

The embedded store is one SQLite file (Python's own sqlite3: nothing to install or start), shared
by every process on the machine that opens the same path, and kept across server restarts. Every
object has a time to live, renewed when it is read, and the file is bounded in bytes: past the
bound the objects read longest ago go first.
"""

import contextlib
import hashlib
import os
import pathlib
import re
import sqlite3
import tempfile
import threading
import time

DEFAULT_TTL = 30 * 24 * 3600  # a month: a teacher prepares a link a few weeks before the lesson
DEFAULT_MAX_BYTES = 512 * 10**6
MAX_OBJECT_BYTES = 1_000_000
KEY = re.compile(r"[0-9a-f]{32}")  # 128 bits of SHA-256: unguessable, and short in a link


class StoreError(RuntimeError):
    """The store could not keep or read an object (a full disk, a read-only directory...)."""


def default_path():
    """Where `streamlit run app.py` keeps its store: GRU_VIZ_STORE, else a file in the temp directory."""
    given = os.environ.get("GRU_VIZ_STORE")
    return pathlib.Path(given) if given else pathlib.Path(tempfile.gettempdir()) / "gru-gate-explorer.sqlite3"


def key_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class EmbeddedStore:
    """put(bytes) -> key and get(key) -> bytes or None, in one SQLite file."""

    def __init__(self, path=None, ttl=DEFAULT_TTL, max_bytes=DEFAULT_MAX_BYTES, clock=time.time):
        self.path, self.ttl, self.max_bytes, self.clock = pathlib.Path(path or default_path()), ttl, max_bytes, clock
        self._lock = threading.Lock()  # one connection, used by the server's threads in turn
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=5)
            self._db.execute("PRAGMA journal_mode=WAL")  # readers in other processes never wait for a writer
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS objects (key TEXT PRIMARY KEY, data BLOB NOT NULL, expires REAL NOT NULL)"
            )
            # Every put drops the expired objects and, past the bound, the oldest: by this index, not a scan.
            self._db.execute("CREATE INDEX IF NOT EXISTS objects_by_expiry ON objects (expires)")
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"the store at {self.path.name} cannot be opened ({type(exc).__name__})") from None

    def put(self, data: bytes) -> str:
        """Keep `data` and return its key (the same bytes always give the same key)."""
        if len(data) > MAX_OBJECT_BYTES:
            raise StoreError(f"an object of {len(data):,} bytes is larger than the store keeps")
        key = key_of(data)
        with self._lock, _sqlite_errors():
            self._db.execute(
                "INSERT INTO objects VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET expires = excluded.expires",
                (key, data, self.clock() + self.ttl),
            )
            self._trim()
            self._db.commit()
        return key

    def get(self, key: str):
        """The bytes kept under `key`, or None when there are none (never kept, or expired)."""
        if not isinstance(key, str) or not KEY.fullmatch(key):
            return None
        now = self.clock()
        with self._lock, _sqlite_errors():
            row = self._db.execute("SELECT data, expires FROM objects WHERE key = ?", (key,)).fetchone()
            if row is None or row[1] < now:
                return None
            self._db.execute("UPDATE objects SET expires = ? WHERE key = ?", (now + self.ttl, key))
            self._db.commit()
        return bytes(row[0])

    def _trim(self):
        """Drop expired objects, then the ones read longest ago while the store is over its bound."""
        self._db.execute("DELETE FROM objects WHERE expires < ?", (self.clock(),))
        total = self._db.execute("SELECT COALESCE(SUM(LENGTH(data)), 0) FROM objects").fetchone()[0]
        while total > self.max_bytes:
            key, size = self._db.execute("SELECT key, LENGTH(data) FROM objects ORDER BY expires LIMIT 1").fetchone()
            self._db.execute("DELETE FROM objects WHERE key = ?", (key,))
            total -= size


@contextlib.contextmanager
def _sqlite_errors():
    """sqlite3's errors as StoreError, so callers handle one kind of failure."""
    try:
        yield
    except sqlite3.Error as exc:
        raise StoreError(f"the store failed ({type(exc).__name__})") from None

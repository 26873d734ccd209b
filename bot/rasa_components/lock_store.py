"""Lock stores whose every change is one atomic step, for several Rasa servers or workers.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it in Python and writes it back in
separate steps. Two servers given messages of one conversation at the same moment can both read
"no lock", both take the first ticket and both go ahead: each answers from the same conversation
state, and the events of one are lost from the tracker store (tests/e2e/test_two_rasa_servers.py
shows it). Here each read-change-write is one transaction, done again if another server changed the
lock in between, and finishing a ticket removes the lock in the same step only when nobody else holds one.

- `AtomicRedisLockStore`: Redis (WATCH/MULTI/EXEC), for servers on several machines.
- `SQLiteLockStore`: a SQLite file (BEGIN IMMEDIATE), for the Rasa workers of one machine with no
  Redis: the embedded default (`meeting-prep serve` runs two).

Runs inside Rasa (.venv-rasa). Rasa loads them by module path:
`lock_store: {type: bot.rasa_components.lock_store.AtomicRedisLockStore, url: ..., port: ...}` (the
settings of `redis`), or `{type: bot.rasa_components.lock_store.SQLiteLockStore, path: .../rasa-locks.db}`.
"""
from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore, RedisLockStore

Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicChanges:
    """Rasa's ticket-lock steps, each made by `_change`: one atomic read-change-write of the lock."""

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        self._change(conversation_id, _without(ticket_number, keep_empty=True))

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish this ticket; the lock goes, in the same step, when nobody else is waiting."""
        self._change(conversation_id, _without(ticket_number, keep_empty=False))

    def _change(self, conversation_id: Text, change: Change) -> Any:
        raise NotImplementedError


class AtomicRedisLockStore(AtomicChanges, RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **settings: Any) -> None:
        if endpoint_config is not None:  # how Rasa makes a lock store named by module path
            settings = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**settings)

    def _change(self, conversation_id: Text, change: Change) -> Any:
        key = self.key_prefix + conversation_id

        def transaction(pipe: Any) -> Any:
            stored = pipe.get(key)  # watched: EXEC fails, and this runs again, if another server writes it
            lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, lock.dumps())
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)


class SQLiteLockStore(AtomicChanges, LockStore):
    """Locks in a SQLite file that every Rasa worker on this machine opens. BEGIN IMMEDIATE takes the
    file's write lock before reading, so a read-change-write never interleaves with another worker's."""

    def __init__(self, endpoint_config: Any = None, path: Optional[Text] = None) -> None:
        self.path = path or endpoint_config.kwargs.get("path")
        if not self.path:
            raise ValueError("SQLiteLockStore needs the path of its file (`path:` in endpoints.yml)")
        self._connection: Optional[sqlite3.Connection] = None
        self._pid = 0
        with closing(sqlite3.connect(self.path, timeout=30)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")  # kept in the file: readers never wait for a writer
            connection.execute("CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, lock TEXT NOT NULL)")
            connection.commit()
        super().__init__()

    def _connect(self) -> sqlite3.Connection:
        """This process's connection (a forked Sanic worker opens its own). Autocommit, so BEGIN is ours.
        Locks live a minute at most, so a commit need not wait for the disk (synchronous=OFF)."""
        if self._connection is None or self._pid != os.getpid():
            self._connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            self._connection.execute("PRAGMA synchronous=OFF")
            self._pid = os.getpid()
        return self._connection

    def get_lock(self, conversation_id: Text) -> Optional[TicketLock]:
        row = self._connect().execute("SELECT lock FROM locks WHERE conversation_id = ?", (conversation_id,)).fetchone()
        return TicketLock.from_dict(json.loads(row[0])) if row else None

    def delete_lock(self, conversation_id: Text) -> None:
        self._change(conversation_id, lambda lock: (None, None))

    def save_lock(self, lock: TicketLock) -> None:
        self._change(lock.conversation_id, lambda _: (lock, None))

    def _change(self, conversation_id: Text, change: Change) -> Any:
        connection = self._connect()
        try:
            connection.execute("BEGIN IMMEDIATE")
            row = connection.execute("SELECT lock FROM locks WHERE conversation_id = ?", (conversation_id,)).fetchone()
            lock, result = change(TicketLock.from_dict(json.loads(row[0])) if row else None)
            if lock is None:
                connection.execute("DELETE FROM locks WHERE conversation_id = ?", (conversation_id,))
            else:
                connection.execute("INSERT OR REPLACE INTO locks (conversation_id, lock) VALUES (?, ?)",
                                   (conversation_id, lock.dumps()))
            connection.execute("COMMIT")
            return result
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise


def _without(ticket_number: int, keep_empty: bool) -> Change:
    def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        return (lock if keep_empty or lock.is_someone_waiting() else None), None

    return change

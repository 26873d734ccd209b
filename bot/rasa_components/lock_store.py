"""A Redis lock store whose every change is one atomic step, for several Rasa servers.

Rasa 3.6's RedisLockStore reads a conversation's lock, changes it in Python and writes it back in
separate steps. Two servers given messages of one conversation at the same moment can both read
"no lock", both take the first ticket and both go ahead: each answers from the same conversation
state, and the events of one are lost from the tracker store (tests/e2e/test_two_rasa_servers.py
shows it). Here each read-change-write is a Redis transaction (WATCH/MULTI/EXEC), done again if
another server changed the lock in between, and finishing a ticket removes the lock in the same
step only when nobody else holds one.

Runs inside Rasa (.venv-rasa). Rasa loads it by module path, with the same settings as `redis`:
`lock_store: {type: bot.rasa_components.lock_store.AtomicRedisLockStore, url: ..., port: ...}`.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **settings: Any) -> None:
        if endpoint_config is not None:  # how Rasa makes a lock store named by module path
            settings = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs}
        super().__init__(**settings)

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


def _without(ticket_number: int, keep_empty: bool) -> Change:
    def change(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        return (lock if keep_empty or lock.is_someone_waiting() else None), None

    return change

"""The rollout journal as JSON: its document, and its bytes encoded a piece at a time.

A rollout rewrites its journal after every step, and a step changes one batch of one scale set
(and adds an event). :class:`JournalEncoder` keeps the compact JSON of every scale set plan,
batch and event it last encoded, by the identity of the immutable record (a journal made from
another shares its unchanged records), so a write encodes only the records that changed and
joins the rest. The bytes are exactly those of
``json.dumps(document, separators=(",", ":")) + "\\n"``; the cache holds only the records of
the journal written last.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from ._journal_records import BatchRecord, JournalEvent, ScaleSetRecord
from ._rollout_plan import ScaleSetPlan

_SEPARATORS = (",", ":")
_Key = TypeVar("_Key")


def encode_fragment(value: object) -> bytes:
    """The JSON of one plan, batch or event: :class:`JournalEncoder` calls it only for what
    it has not kept (tests count the calls)."""
    return _dumps(value)


def _dumps(value: object) -> bytes:
    return json.dumps(value, separators=_SEPARATORS).encode()


def scale_set_json(record: ScaleSetRecord) -> dict[str, Any]:
    """A scale set's plan and batches as a JSON-ready object."""
    return {**plan_json(record.plan), "batches": [batch_json(b) for b in record.batches]}


def plan_json(plan: ScaleSetPlan) -> dict[str, Any]:
    """A scale set's plan, every field but its batches (which :func:`batch_json` gives)."""
    return {
        "subscription_id": plan.subscription_id,
        "resource_group_name": plan.resource_group_name,
        "vm_scale_set_name": plan.vm_scale_set_name,
        "orchestration_mode": plan.orchestration_mode,
        "instance_count": plan.instance_count,
        "max_unavailable": plan.max_unavailable,
        "skipped": [
            {"instance_id": s.instance_id, "state": s.state, "update_domain": s.update_domain}
            for s in plan.skipped
        ],
    }


def batch_json(record: BatchRecord) -> dict[str, Any]:
    """A planned batch with its progress as a JSON-ready object."""
    batch = record.batch
    return {
        "index": batch.index,
        "instance_ids": list(batch.instance_ids),
        "update_domain": batch.update_domain,
        "calls": [
            {
                "operation_id": c.operation_id,
                "subscription_id": c.subscription_id,
                "resource_group_name": c.resource_group_name,
                "resource_name": c.resource_name,
                "instance_ids": None if c.instance_ids is None else list(c.instance_ids),
            }
            for c in batch.calls
        ],
        "state": str(record.state),
        "tokens": list(record.tokens),
        "outcomes": [
            {"instance_id": o.instance_id, "outcome": o.outcome, "detail": o.detail}
            for o in record.outcomes
        ],
        "started_at": record.started_at.isoformat() if record.started_at else None,
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
        "error": record.error,
    }


def event_json(event: JournalEvent) -> dict[str, Any]:
    """An event as a JSON-ready object."""
    return {
        "at": event.at.isoformat(),
        "kind": event.kind,
        "message": event.message,
        "scale_set": event.scale_set,
        "batch": event.batch,
    }


class _Fragments(Generic[_Key]):
    """The encoded JSON of immutable values, by identity (``id``); an entry holds its value, so
    no other object can have that id while the entry lives."""

    def __init__(self) -> None:
        self._entries: dict[int, tuple[_Key, bytes]] = {}

    def encode_all(self, values: Sequence[_Key], to_json: Callable[[_Key], object]) -> bytes:
        """``values`` as the items of a JSON array, encoding only those not kept; then keeps
        ``values`` only."""
        kept: dict[int, tuple[_Key, bytes]] = {}
        fragments = []
        for value in values:
            entry = self._entries.get(id(value))
            fragment = encode_fragment(to_json(value)) if entry is None else entry[1]
            kept[id(value)] = (value, fragment)
            fragments.append(fragment)
        # One assignment: a reader in another thread sees the old entries or the new ones.
        self._entries = kept
        return b",".join(fragments)


class _ScaleSetFragments:
    """One scale set's encoded plan and batches, and the whole scale set once assembled."""

    def __init__(self, plan: ScaleSetPlan) -> None:
        self.plan = plan
        # The plan's object without its closing brace: the batches follow it.
        self.head = encode_fragment(plan_json(plan))[:-1] + b',"batches":['
        self.batches: _Fragments[BatchRecord] = _Fragments()
        self.last: tuple[ScaleSetRecord, bytes] | None = None

    def encode(self, record: ScaleSetRecord) -> bytes:
        last = self.last
        if last is not None and last[0] is record:
            return last[1]
        batches = self.batches.encode_all(record.batches, batch_json)
        whole = b"".join((self.head, batches, b"]}"))
        self.last = (record, whole)
        return whole


class JournalEncoder:
    """Encodes journals, reusing the JSON of every scale set, batch and event that is the same
    object as in the journal it encoded last; see the module doc.

    Shared by a journal and the journals made from it; safe to use from several threads (an
    entry is used only for the very object it was made from, so a race costs a re-encoding,
    never a wrong byte).
    """

    def __init__(self) -> None:
        self._scale_sets: dict[int, _ScaleSetFragments] = {}
        self._events: _Fragments[JournalEvent] = _Fragments()

    def encode(
        self,
        head: dict[str, Any],
        scale_sets: Sequence[ScaleSetRecord],
        events: Sequence[JournalEvent],
        events_dropped: int,
    ) -> bytes:
        """The bytes of ``json.dumps({**head, "scale_sets": [...], "events": [...],
        "events_dropped": events_dropped}, separators=(",", ":")) + "\\n"``; ``head`` must
        not be empty."""
        # The head's object without its closing brace: the rest of the document follows it.
        return b"".join(
            (
                _dumps(head)[:-1],
                b',"scale_sets":[',
                self._encode_scale_sets(scale_sets),
                b'],"events":[',
                self._events.encode_all(events, event_json),
                b'],"events_dropped":',
                _dumps(events_dropped),
                b"}\n",
            )
        )

    def _encode_scale_sets(self, records: Sequence[ScaleSetRecord]) -> bytes:
        kept: dict[int, _ScaleSetFragments] = {}
        fragments = []
        for record in records:
            plan = record.plan
            known = self._scale_sets.get(id(plan)) or _ScaleSetFragments(plan)
            kept[id(plan)] = known
            fragments.append(known.encode(record))
        self._scale_sets = kept
        return b",".join(fragments)

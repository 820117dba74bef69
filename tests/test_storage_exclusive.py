"""One resident's turns are served one at a time, even by two servers on one PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from storage import Store, conversations


@pytest.mark.parametrize("store", ["postgresql"], indirect=True)
async def test_two_servers_take_turns_on_one_conversation(store: Store, pg_url: str) -> None:
    other_server = Store.from_url(pg_url)
    order: list[str] = []

    async def turn(server: Store, name: str, hold: float, key: str = "tg:42") -> None:
        async with conversations.exclusive(server, key=key):
            order.append(f"{name} in")
            await asyncio.sleep(hold)
            order.append(f"{name} out")

    try:
        first = asyncio.create_task(turn(store, "a", 0.3))
        await asyncio.sleep(0.05)
        await asyncio.gather(first, turn(other_server, "b", 0.0), turn(other_server, "c", 0.0))
        # Nobody enters while another holds the conversation.
        assert order[:2] == ["a in", "a out"]
        assert [o for o in order if o.endswith("in")] == ["a in", order[2], order[4]]
        # Another resident is never held up by it.
        async with conversations.exclusive(store, key="tg:42"):
            await asyncio.wait_for(turn(other_server, "d", 0.0, key="tg:43"), timeout=2)
    finally:
        await other_server.close()


async def test_the_lock_is_released_after_an_error(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with conversations.exclusive(store, key="sms:+8613900000000"):
            raise RuntimeError("a turn that failed")
    async with asyncio.timeout(2), conversations.exclusive(store, key="sms:+8613900000000"):
        pass

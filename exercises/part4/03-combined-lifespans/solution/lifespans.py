"""One lifespan made of several."""

from collections.abc import AsyncIterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from part4.app import App, Lifespan

# What one lifespan gives when called with the app.
Context = AbstractAsyncContextManager[Mapping[str, Any] | None]


def combine_lifespans(*lifespans: Lifespan) -> Lifespan:
    """A lifespan that runs every one of lifespans: their start-ups in
    order, their shut-downs in reverse, and their states merged.

    `App(lifespan=combine_lifespans(database, cache))` opens the database,
    then the cache, and closes the cache, then the database. Every
    shut-down runs, whatever fails: a start-up that fails closes what is
    already open, and a shut-down that fails does not stop the others.
    A key yielded by two lifespans fails the start-up.
    """

    @asynccontextmanager
    async def combined(app: App) -> AsyncIterator[dict[str, Any]]:
        opened: list[Context] = []
        state: dict[str, Any] = {}
        owners: dict[str, str] = {}  # the lifespan that yielded each key
        errors: list[Exception] = []
        try:
            for lifespan in lifespans:
                context = lifespan(app)
                yielded = await context.__aenter__()
                opened.append(context)
                for key, value in (yielded or {}).items():
                    if key in owners:
                        raise ValueError(
                            f"{key!r} is yielded by both {owners[key]} "
                            f"and {_name(lifespan)}"
                        )
                    owners[key] = _name(lifespan)
                    state[key] = value
        except Exception as exc:  # close what is open, then fail
            errors = [exc, *await _close(opened)]
        if errors:
            raise _failure(errors)
        try:
            yield state
        finally:
            if errors := await _close(opened):
                raise _failure(errors)

    return combined


async def _close(opened: list[Context]) -> list[Exception]:
    """Run the shut-down of every context, the last opened first, even when
    one fails, and return what failed.

    Each is left as if all went well: a lifespan written with
    @asynccontextmanager that gets an exception sees it raised at its
    `yield`, and skips the code after it, which is its shut-down.
    """
    errors = []
    for context in reversed(opened):
        try:
            await context.__aexit__(None, None, None)
        except Exception as exc:
            errors.append(exc)
    return errors


def _failure(errors: list[Exception]) -> Exception:
    """The exception to raise for errors: the one, or a group of several."""
    if len(errors) == 1:
        return errors[0]
    return ExceptionGroup("several lifespans failed", errors)


def _name(lifespan: Lifespan) -> str:
    return str(getattr(lifespan, "__qualname__", repr(lifespan)))

"""One lifespan made of several. Edit this file."""

from part4.app import Lifespan


def combine_lifespans(*lifespans: Lifespan) -> Lifespan:
    """A lifespan that runs every one of lifespans: their start-ups in
    order, their shut-downs in reverse, and their states merged."""
    raise NotImplementedError("enter them in order, leave them in reverse")

"""Hypothesis profiles for the reliability tests.

`make test` uses "ci": derandomized (a fixed seed), no example database and no
deadline, so every run tries the same examples and a failure reproduces.
`make fuzz` sets HYPOTHESIS_PROFILE=fuzz: many more examples, from a fresh seed.
The reliability tests apply the profile themselves (see `PROFILE`), so other
test folders keep hypothesis's defaults.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,  # for the Part 3 probe; the samples get a share (targets.py)
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=5000,
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

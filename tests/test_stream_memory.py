"""SPEC 8's Part 7 memory target, under a real server: a 100 MB streamed response keeps
uvicorn's resident memory flat (it grows by less than 16 MB), by
benchmarks/stream_memory.py, which also runs a control (a body rendered whole) to show
that the measure sees a body held in memory. No timing is asserted.

`python -m benchmarks.stream_memory` prints the same figures as a table; here its main()
runs in the test process, and the uvicorn it measures in its own, as always.
"""

import json

import pytest

from benchmarks import stream_memory

MB = 1_000_000
MIB = 1024 * 1024

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process


def test_a_100_mb_stream_keeps_the_servers_memory_flat(capsys) -> None:
    assert stream_memory.main(["--mb", "100", "--whole-mb", "32", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    stream, whole = results["stream"], results["whole"]
    assert (stream["status"], stream["received"], stream["chunked"]) == (200, 100 * MB, True)
    assert stream["growth"] < 16 * MIB  # 100 MB sent, one piece at a time
    assert stream["reads"] > 1  # it arrived in pieces
    # The control: a body rendered whole shows in the peak, so the measure would
    # have seen a stream that kept its pieces.
    assert (whole["status"], whole["received"], whole["chunked"]) == (200, 32 * MB, False)
    assert whole["growth"] > 16 * MIB
    assert "Traceback" not in results["server_output"]
    assert "server peak growth" in stream_memory.report(results)

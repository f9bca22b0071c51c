"""Smoke test of benchmarks/upload_memory.py at a small size: it runs, and what it
measures holds (no timing is asserted).

`python -m benchmarks.upload_memory` runs the full 200 MB upload; here its main()
runs in the test process, and the uvicorn it measures in its own, as always.
"""

import json

import pytest

from benchmarks import upload_memory

MB = 1_000_000
SIZE_MB = 24

pytestmark = [pytest.mark.live, pytest.mark.no_cover]  # the server is another process


def test_a_streamed_upload_keeps_nothing_and_get_body_refuses_the_rest(capsys) -> None:
    assert upload_memory.main(["--mb", str(SIZE_MB), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    stream, declared, chunked = results["stream"], results["declared"], results["chunked"]
    assert (stream["status"], stream["answer"]) == (200, {"bytes": SIZE_MB * MB})
    # Keeping the chunks would add the whole 24 MB; streaming adds about one chunk.
    assert stream["growth"] < SIZE_MB * MB / 2
    assert (declared["status"], declared["sent_before_answer"]) == (413, 0)
    # Refused once past 1 MiB: the client stops long before the end (socket
    # buffers hold a few MB at most), and the server never buffers the rest.
    assert chunked["status"] == 413
    assert chunked["sent_before_answer"] < SIZE_MB * MB
    assert chunked["growth"] < SIZE_MB * MB / 2
    assert "Traceback" not in results["server_output"]
    assert "server peak growth" in upload_memory.report(results)

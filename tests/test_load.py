"""A short run of bench/load.py: gunicorn on loopback, a Celery worker, the bounded client.

No timing is asserted (machines differ); what must hold under load is that nothing fails and
every posted document ends cross-checked. The full run (2,000 documents, concurrency 32) is
`python bench/load.py`; its figures are in the README.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

from tests.conftest import REPO, RedisServer

pytestmark = pytest.mark.worker

DOCUMENTS = 100


def test_a_short_load_run_loses_nothing_and_answers_every_request(own_redis: RedisServer):
    database = f"factcheck_load_{uuid.uuid4().hex[:8]}"
    done = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--documents",
            str(DOCUMENTS),
            "--concurrency",
            "8",
            "--web-workers",
            "2",
            "--database",
            database,
            "--redis-url",
            own_redis.url,
            "--timeout",
            "240",
            "--json",
        ],
        cwd=REPO,
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=420,
        check=False,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0, result["error_samples"]
    assert result["states"]["checked"] == DOCUMENTS, result["states"]
    assert result["states"]["failed"] == 0
    assert result["post_ms"]["n"] == DOCUMENTS
    assert result["get_claim_ms"]["n"] > 0, f"no claim was read during the load: {result}"

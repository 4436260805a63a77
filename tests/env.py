"""Test defaults, set before Django reads its settings: the real local PostgreSQL and Redis.

Override with DATABASE_URL and FACTCHECK_TEST_REDIS_URL to test against other servers.
"""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
# Tasks run in-process unless a test starts a real worker (tests/test_worker.py).
os.environ["CELERY_BROKER_URL"] = ""

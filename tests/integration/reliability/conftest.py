"""Fixtures of the reliability integration tests: the fake SP-API server and a real redis-server."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.reliability.fake_spapi import FakeSpApi

REDIS_SERVER = Path("/usr/bin/redis-server")


def free_port() -> int:
    """Return a loopback port nobody listens on (right now)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def fake() -> Iterator[FakeSpApi]:
    """A fake SP-API on a free loopback port, stopped after the test."""
    with FakeSpApi(stall_seconds=2.0) as server:
        yield server


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A real redis-server on a free loopback port, for this test only."""
    binary = REDIS_SERVER if REDIS_SERVER.exists() else shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it)")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 (a fixed binary and arguments)
        [
            str(binary),
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("redis-server did not start")
                time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)

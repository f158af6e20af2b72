"""The Redis backend is optional: without the redis package it says how to install it."""

from __future__ import annotations

import importlib
import sys

import pytest
from seller_central.backends.redis import RedisBackend
from seller_central.errors import ConfigurationError


def test_a_missing_redis_package_is_a_configuration_error(monkeypatch):
    """RedisBackend without redis-py raises ConfigurationError naming the extra to install."""
    monkeypatch.setitem(sys.modules, "redis", None)  # what an environment without redis-py looks like

    with pytest.raises(ConfigurationError, match=r"seller-central\[redis\]"):
        RedisBackend("redis://127.0.0.1:6379/0")


def test_the_module_imports_without_touching_redis(monkeypatch):
    """Importing seller_central.backends.redis does not need redis-py; only building the backend does."""
    monkeypatch.setitem(sys.modules, "redis", None)
    monkeypatch.delitem(sys.modules, "seller_central.backends.redis")

    module = importlib.import_module("seller_central.backends.redis")

    assert module.RedisBackend.__name__ == "RedisBackend"

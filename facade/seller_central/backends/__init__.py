"""Where shared state lives: rate-limit buckets and cached tokens.

``MemoryBackend`` (the default) keeps them in the process. ``RedisBackend`` (``pip install
'seller-central[redis]'``) keeps them in Redis so that many processes, on one machine or many, share one
bucket per seller and operation and one access token per credential.
"""

from seller_central.backends.base import Backend, StoredToken

__all__ = ["Backend", "StoredToken"]

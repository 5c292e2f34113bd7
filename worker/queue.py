"""Where the worker finds its queue: ACERVO_REDIS_URL, or the embedded server `acervo serve` started."""

from __future__ import annotations

from arq.connections import RedisSettings

from models.settings import Settings


def queue_url(settings: Settings) -> str:
    if settings.redis_url:
        return settings.redis_url
    if settings.queue_url_file.is_file():
        return settings.queue_url_file.read_text().strip()
    raise SystemExit(
        "no queue: set ACERVO_REDIS_URL, or start `acervo serve` (it runs an embedded queue) with the same "
        f"ACERVO_DATA_DIR ({settings.data_dir})"
    )


def redis_settings(url: str) -> RedisSettings:
    return RedisSettings.from_dsn(url)

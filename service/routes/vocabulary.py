"""The shared vocabularies (models.vocabulary) with their Spanish labels, for the staff page and clients."""

from __future__ import annotations

from fastapi import APIRouter

from models import vocabulary

router = APIRouter(tags=["vocabulary"])


@router.get("/vocabulary")
def get_vocabulary() -> dict[str, list[dict[str, str]]]:
    """Document types, agreement statuses (with what each means), webhook events and key scopes."""
    return vocabulary.as_dict()

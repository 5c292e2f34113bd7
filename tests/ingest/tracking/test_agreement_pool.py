"""The agreements a document is matched against are read once per document as plain rows; what its own
mentions change in them (an origin found, new dates) holds for its later mentions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from ingest.extract.schema import AgreementMention
from ingest.tracking.agreements import AgreementLinker
from ingest.tracking.people import PeopleLinker
from models import tables
from models.store import Store

# (institution, body, the follow-up's wording, the session's two decisions worded like it)
CONVENTIONS = {
    "mexican-cabildo": (
        "Ayuntamiento de San Bartolo del Monte",
        "Cabildo",
        "Rehabilitación del mercado municipal de la colonia Centro y sus locales de abasto",
        "Se aprueba la rehabilitación del mercado municipal de la colonia Centro y sus locales de abasto.",
    ),
    "spanish-pleno": (
        "Ayuntamiento de Villanueva del Arroyo",
        "Pleno",
        "Reurbanización de la plaza mayor y sus calles peatonales del casco antiguo",
        "El Pleno acuerda aprobar la reurbanización de la plaza mayor y sus calles peatonales del casco antiguo.",
    ),
}


def _document(db, name: str, institution: str, body: str, when: date) -> tuple[tables.Document, tables.BoardSession]:
    document = tables.Document(
        content_hash=name.ljust(64, "0"),
        file_name=f"{name}.md",
        format="md",
        size_bytes=1,
        text="-",
        institution=institution,
        body=body,
        date=when,
        ingested_at=datetime.now(UTC),
    )
    session = tables.BoardSession(document=document, institution=institution, body=body, date=when)
    db.add_all([document, session])
    db.flush()
    return document, session


def _link(db, document, session, mentions: list[AgreementMention]) -> None:
    AgreementLinker(db, document, session, PeopleLinker(db, document.institution)).link(mentions)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_an_origin_found_by_one_mention_is_seen_by_the_next(tmp_path, convention) -> None:
    institution, body, followed, decided = CONVENTIONS[convention]
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    with store.session() as db:
        # A later report follows up an agreement whose session is not in the archive yet.
        report, report_session = _document(db, "informe", institution, body, date(2025, 6, 10))
        _link(db, report, report_session, [AgreementMention(text=followed, kind="follow_up", status="En proceso")])
    with store.session() as db:
        # The session arrives, and two of its decisions are worded like that agreement.
        acta, acta_session = _document(db, "acta", institution, body, date(2025, 3, 4))
        _link(db, acta, acta_session, [AgreementMention(text=decided), AgreementMention(text=decided + " Segundo.")])
    with store.session() as db:
        agreements = db.scalars(select(tables.Agreement).order_by(tables.Agreement.id)).all()
        # The first decision is the followed-up agreement's origin; the second, an agreement of its own, not a
        # second origin of the same one.
        assert len(agreements) == 2
        followed_up, second = agreements
        assert followed_up.origin_session is not None and followed_up.origin_session.date == date(2025, 3, 4)
        assert sorted(e.kind for e in followed_up.events) == ["follow_up", "taken"]
        assert second.document.file_name == "acta.md" and [e.kind for e in second.events] == ["taken"]
    store.dispose()


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_agreements_of_another_body_are_not_candidates(tmp_path, convention) -> None:
    institution, body, followed, decided = CONVENTIONS[convention]
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    with store.session() as db:
        report, report_session = _document(db, "informe", institution, "Comisión de Hacienda", date(2025, 6, 10))
        _link(db, report, report_session, [AgreementMention(text=followed, kind="follow_up")])
    with store.session() as db:
        acta, acta_session = _document(db, "acta", institution, body, date(2025, 3, 4))
        _link(db, acta, acta_session, [AgreementMention(text=decided)])
    with store.session() as db:
        agreements = db.scalars(select(tables.Agreement)).all()
        assert len(agreements) == 2 and all(len(a.events) == 1 for a in agreements)
    store.dispose()


# (institution, body, a report's short wording, the decision's fuller wording, a later mention of the new words)
REWORDINGS = {
    "mexican-cabildo": (
        "Ayuntamiento de Santa Rita de los Llanos",
        "Cabildo",
        "Rehabilitación del mercado municipal de la colonia Centro",
        "Se aprueba la rehabilitación del mercado municipal de la colonia Centro con techumbre nueva, drenaje"
        " pluvial y alumbrado LED.",
        "Techumbre nueva, drenaje pluvial y alumbrado LED del mercado",
    ),
    "spanish-pleno": (
        "Ayuntamiento de Fuentecilla de la Vega",
        "Pleno",
        "Reurbanización de la plaza mayor del casco antiguo",
        "El Pleno acuerda la reurbanización de la plaza mayor del casco antiguo con pavimento granítico, bancos"
        " de madera y arbolado autóctono.",
        "Pavimento granítico, bancos de madera y arbolado autóctono de la plaza",
    ),
}


@pytest.mark.parametrize("convention", REWORDINGS)
def test_a_later_mention_matches_the_wording_an_earlier_one_gave(tmp_path, convention) -> None:
    institution, body, reported, decided, later = REWORDINGS[convention]
    store = Store.open(f"sqlite:///{tmp_path / 'acervo.db'}")
    with store.session() as db:
        report, report_session = _document(db, "informe", institution, body, date(2025, 6, 10))
        _link(db, report, report_session, [AgreementMention(text=reported, kind="follow_up")])
    with store.session() as db:
        # The decision links to the reported agreement and rewrites its wording; the next mention shares words
        # with that new wording only.
        acta, acta_session = _document(db, "acta", institution, body, date(2025, 3, 4))
        _link(db, acta, acta_session, [
            AgreementMention(text=decided),
            AgreementMention(text=later, kind="follow_up", status="En proceso"),
        ])
    with store.session() as db:
        agreements = db.scalars(select(tables.Agreement)).all()
        assert len(agreements) == 1
        assert sorted(e.kind for e in agreements[0].events) == ["follow_up", "follow_up", "taken"]
    store.dispose()

"""An id list as one statement parameter (`models.ids`), on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings

from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select

from models.ids import in_ids
from models.store import Store, run_for_ids

ROWS = Table("ids_probe", MetaData(), Column("id", Integer, primary_key=True), Column("label", String(20)))
# Built once, as the search's statements are; run with several id lists.
LABELS = select(ROWS.c.id, ROWS.c.label).where(in_ids(ROWS.c.id)).order_by(ROWS.c.id)


def test_a_statement_built_once_runs_for_any_id_list(settings) -> None:
    store = Store.open(settings.store_url)
    ROWS.create(store.engine)
    with store.engine.begin() as conn:
        conn.execute(insert(ROWS), [{"id": i, "label": f"acta {i}"} for i in range(1, 40_001)])
    with warnings.catch_warnings(), store.session() as db:
        warnings.simplefilter("error")  # a statement SQLAlchemy cannot cache warns
        assert run_for_ids(db, LABELS, [3, 1, 3]).all() == [(1, "acta 1"), (3, "acta 3")]
        assert run_for_ids(db, LABELS, []).all() == []
        assert run_for_ids(db, LABELS, [0, 50_000]).all() == []
        # more ids than SQLite takes as separate parameters (32,766)
        assert len(run_for_ids(db, LABELS, range(1, 40_001)).all()) == 40_000
    store.dispose()

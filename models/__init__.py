"""Models: the shared vocabulary of Acervo and its store.

Tables for documents, sessions, people, participations, agreements, agreement
events, programs and chunks (SQLAlchemy 2, Alembic migrations), and the `Store`
that reads and writes them. The bottom layer: it imports no other Acervo package.
"""

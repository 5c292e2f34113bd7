"""corrections: staff corrections, their audit and the overrides re-applied after extraction and relink;
confirmed_at on people, programs and agreements; status_note on agreements

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=256), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("target_type", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=600), nullable=False),
        sa.Column("label", sa.Text(), nullable=True),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    for column in ("created_at", "action", "target_type", "target"):
        op.create_index(f"ix_corrections_{column}", "corrections", [column])
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("status_note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        batch.drop_column("status_note")
        batch.drop_column("confirmed_at")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("confirmed_at")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("confirmed_at")
    for column in ("created_at", "action", "target_type", "target"):
        op.drop_index(f"ix_corrections_{column}", table_name="corrections")
    op.drop_table("corrections")

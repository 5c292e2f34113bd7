"""Agreement tracking, name variants of people and programs, webhooks

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "person_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=256), nullable=False),
        sa.Column("sounds", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_person_names_person_id", "person_names", ["person_id"])
    op.create_index("ix_person_names_sounds", "person_names", ["sounds"])
    op.create_table(
        "program_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_index("ix_program_names_program_id", "program_names", ["program_id"])
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("institution", sa.String(length=256), nullable=True))
        batch.create_index("ix_programs_institution", ["institution"])
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("code_key", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("responsible_person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("status", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("status_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("progress", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("first_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("last_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("overdue_notified_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key(
            "fk_agreements_responsible_person_id_people", "people", ["responsible_person_id"], ["id"],
            ondelete="SET NULL",
        )
        for column in ("code_key", "institution", "body", "due", "status", "first_date", "last_date"):
            batch.create_index(f"ix_agreements_{column}", [column])
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.String(length=128), nullable=False),
        sa.Column("events", sa.JSON(), nullable=False),
        sa.Column("search", sa.JSON(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["webhook_id"], ["webhooks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_webhook_deliveries_webhook_id", "webhook_deliveries", ["webhook_id"])
    op.create_index("ix_webhook_deliveries_state", "webhook_deliveries", ["state"])
    op.create_index("ix_webhook_deliveries_next_attempt_at", "webhook_deliveries", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("webhook_deliveries")
    op.drop_table("webhooks")
    with op.batch_alter_table("agreements") as batch:
        for column in ("code_key", "institution", "body", "due", "status", "first_date", "last_date"):
            batch.drop_index(f"ix_agreements_{column}")
        batch.drop_constraint("fk_agreements_responsible_person_id_people", type_="foreignkey")
        for column in ("overdue_notified_at", "last_date", "first_date", "progress", "status_text", "status",
                       "responsible_person_id", "code_key"):
            batch.drop_column(column)
    with op.batch_alter_table("programs") as batch:
        batch.drop_index("ix_programs_institution")
        batch.drop_column("institution")
    op.drop_table("program_names")
    op.drop_table("person_names")

"""Corrections as overrides: record one (who, when, before, after) and re-apply them all after extraction,
linking and relink, so what staff fixed stays fixed.

Every correction names its target by what survives re-extraction and relink (row ids do not: relink
recreates people, programs and agreements):

- a document by its content hash;
- a person by the key of one of its written names (`PersonName.key`);
- a program by the key of one of its names (`ProgramName.key`, institution-scoped);
- an agreement by an anchor of one of its events: `content hash:span start:span end` of the passage.

Applying is idempotent: re-applying a correction already in force changes nothing. Applying in id order
replays staff's intent (a rename after a merge names the merged row).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ingest.tracking.agreements import summarise
from ingest.tracking.names import parse_name
from ingest.tracking.programs import core_words, place_words
from models import tables
from models.keys import program_key
from models.text import fold_key
from models.vocabulary import DOCUMENT_FIELDS, AgreementStatus, CorrectionAction, DocType

A = CorrectionAction


class CurationError(ValueError):
    """A correction that cannot be made; `code` is stable, `message` is in Spanish for staff."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _now() -> datetime:
    return datetime.now(UTC)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- targets -------------------------------------------------------------------------------------------


def person_anchor(person: tables.Person) -> str:
    keys = sorted(n.key for n in person.names)
    if person.key in keys:
        return person.key
    return keys[0] if keys else person.key


def find_person(db: Session, key: str) -> tables.Person | None:
    row = db.scalar(select(tables.PersonName).where(tables.PersonName.key == key))
    if row is not None:
        return row.person
    return db.scalar(select(tables.Person).where(tables.Person.key == key))


def program_anchor(program: tables.Program) -> str:
    keys = sorted(n.key for n in program.names)
    if program.key in keys:
        return program.key
    return keys[0] if keys else program.key


def find_program(db: Session, key: str) -> tables.Program | None:
    row = db.scalar(select(tables.ProgramName).where(tables.ProgramName.key == key))
    if row is not None:
        return row.program
    return db.scalar(select(tables.Program).where(tables.Program.key == key))


def agreement_anchor(agreement: tables.Agreement) -> str:
    events = sorted(agreement.events, key=lambda e: (0 if e.kind == "taken" else 1, e.date or date.min, e.id or 0))
    if not events:
        return f"{agreement.document.content_hash}::"
    event = events[0]
    start = "" if event.span_start is None else event.span_start
    end = "" if event.span_end is None else event.span_end
    return f"{event.document.content_hash}:{start}:{end}"


def find_agreement(db: Session, anchor: str) -> tables.Agreement | None:
    digest, _, rest = anchor.partition(":")
    start, _, end = rest.partition(":")
    E, D = tables.AgreementEvent, tables.Document
    query = select(E.agreement_id).join(D, D.id == E.document_id).where(D.content_hash == digest)
    query = query.where(E.span_start.is_(None) if start == "" else E.span_start == int(start))
    query = query.where(E.span_end.is_(None) if end == "" else E.span_end == int(end))
    agreement_id = db.scalars(query.limit(1)).first()
    return db.get(tables.Agreement, agreement_id) if agreement_id is not None else None


def person_anchors(person: tables.Person) -> list[str]:
    return [n.key for n in person.names]


def program_anchors(program: tables.Program) -> list[str]:
    return [n.key for n in program.names]


def agreement_anchors(agreement: tables.Agreement) -> list[str]:
    out = []
    for event in agreement.events:
        start = "" if event.span_start is None else event.span_start
        end = "" if event.span_end is None else event.span_end
        out.append(f"{event.document.content_hash}:{start}:{end}")
    return out


def _target(db: Session, row: tables.Correction, find):
    """The row a correction names: by its target, else by any other anchor it had when it was made (a
    dismissed agreement's follow-ups, a merged person's other spellings)."""
    for anchor in [row.target, *((row.before or {}).get("anchors") or [])]:
        found = find(db, anchor)
        if found is not None:
            return found
    return None


def _get(db: Session, table: type, row_id: int, what: str):
    row = db.get(table, row_id) if 1 <= row_id <= tables.MAX_ID else None
    if row is None:
        raise CurationError("not_found", f"No existe {what} con id {row_id}.")
    return row


# --- recording ---------------------------------------------------------------------------------------


def _record(
    db: Session,
    actor: str,
    action: CorrectionAction,
    target_type: str,
    target: str,
    label: str | None,
    before: dict,
    after: dict,
    note: str | None = None,
    anchors: Iterable[str] = (),
) -> tables.Correction:
    if anchors:
        before = {**before, "anchors": sorted(set(anchors) - {target})}
    row = tables.Correction(
        created_at=_now(),
        actor=actor or "desconocido",
        action=action.value,
        target_type=target_type,
        target=target,
        label=label,
        before=before,
        after=after,
        note=(note or "").strip() or None,
    )
    db.add(row)
    db.flush()
    apply_one(db, row)
    db.flush()
    return row


def _clean_fields(changes: dict) -> dict:
    unknown = sorted(set(changes) - set(DOCUMENT_FIELDS))
    if unknown:
        raise CurationError("invalid_field", "Campos que no se pueden corregir: " + ", ".join(unknown) + ".")
    if not changes:
        raise CurationError("nothing_to_change", "Indique al menos un dato que corregir.")
    out: dict = {}
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or None
        if field == "date" and value is not None:
            try:
                value = date.fromisoformat(str(value)).isoformat()
            except ValueError:
                raise CurationError("invalid_date", f"«{value}» no es una fecha como 2024-03-15.") from None
        if field == "doc_type" and value is not None and value not in {t.value for t in DocType}:
            raise CurationError("invalid_doc_type", f"«{value}» no es un tipo de documento conocido.")
        if field == "doc_type" and value is None:
            value = DocType.other.value
        out[field] = value
    return out


def _document_values(document: tables.Document) -> dict:
    return {
        "title": document.title,
        "date": _iso(document.date),
        "doc_type": document.doc_type,
        "institution": document.institution,
        "body": document.body,
    }


def edit_document(db: Session, document_id: int, changes: dict, actor: str, note: str | None = None):
    """Correct a document's title, date, type, institution or body (and its session's)."""
    document = _get(db, tables.Document, document_id, "un documento")
    after = _clean_fields(changes)
    current = _document_values(document)
    before = {k: current[k] for k in after}
    if before == after:
        raise CurationError("nothing_to_change", "Los datos ya tienen esos valores.")
    return _record(
        db, actor, A.document_edit, "document", document.content_hash, document.file_name, before, after, note
    )


def delete_document(db: Session, document_id: int, actor: str, note: str | None = None) -> tables.Correction:
    """Record a document's deletion and delete its rows; the caller relinks, drops its index points and
    its stored file (see `ingest.curation.Curator.delete_document`)."""
    document = _get(db, tables.Document, document_id, "un documento")
    before = {"id": document.id, "file_name": document.file_name, **_document_values(document)}
    return _record(
        db, actor, A.document_delete, "document", document.content_hash, document.file_name, before, {}, note
    )


def deletion_of(db: Session, content_hash: str) -> tables.Correction | None:
    """The correction that deleted these bytes, if staff deleted them: they are not ingested again."""
    C = tables.Correction
    query = select(C).where(C.action == A.document_delete.value, C.target == content_hash).order_by(C.id.desc())
    return db.scalars(query.limit(1)).first()


def rename_person(db: Session, person_id: int, name: str, actor: str, note: str | None = None):
    person = _get(db, tables.Person, person_id, "una persona")
    name = " ".join((name or "").split())
    if not name:
        raise CurationError("invalid_name", "Escriba el nombre.")
    return _record(
        db, actor, A.person_rename, "person", person_anchor(person), person.name, {"name": person.name},
        {"name": name}, note, person_anchors(person),
    )


def merge_people(db: Session, person_id: int, into_id: int, actor: str, note: str | None = None):
    """Make `person_id` part of `into_id`: its names, sessions and agreements move; the row goes."""
    if person_id == into_id:
        raise CurationError("same_row", "Elija dos personas distintas.")
    person = _get(db, tables.Person, person_id, "una persona")
    into = _get(db, tables.Person, into_id, "una persona")
    return _record(
        db, actor, A.person_merge, "person", person_anchor(person), f"{person.name} → {into.name}",
        {"id": person.id, "name": person.name, "names": sorted(n.name for n in person.names)},
        {"into": person_anchor(into), "into_id": into.id, "into_name": into.name}, note, person_anchors(person),
    )


def split_person(db: Session, person_id: int, name_ids: list[int], actor: str, note: str | None = None):
    """Move some written forms of a person (with the sessions where they were written) to a new person."""
    person = _get(db, tables.Person, person_id, "una persona")
    chosen = [n for n in person.names if n.id in set(name_ids)]
    if not chosen or len(chosen) == len(person.names):
        raise CurationError(
            "invalid_split", "Elija una parte de las formas escritas del nombre (no ninguna ni todas)."
        )
    keys = sorted(n.key for n in chosen)
    return _record(
        db, actor, A.person_split, "person", person_anchor(person), person.name,
        {"names": sorted(n.name for n in person.names)},
        {"keys": keys, "names": sorted(n.name for n in chosen)}, note,
    )


def mark_person(db: Session, person_id: int, confirm: bool, actor: str, note: str | None = None):
    person = _get(db, tables.Person, person_id, "una persona")
    action = A.person_confirm if confirm else A.person_dismiss
    before = {"name": person.name, "sessions": len(person.participations)}
    return _record(
        db, actor, action, "person", person_anchor(person), person.name, before, {}, note, person_anchors(person)
    )


def rename_program(db: Session, program_id: int, name: str, actor: str, note: str | None = None):
    program = _get(db, tables.Program, program_id, "un programa")
    name = " ".join((name or "").split())
    if not name:
        raise CurationError("invalid_name", "Escriba el nombre.")
    return _record(
        db, actor, A.program_rename, "program", program_anchor(program), program.name, {"name": program.name},
        {"name": name}, note, program_anchors(program),
    )


def merge_programs(db: Session, program_id: int, into_id: int, actor: str, note: str | None = None):
    if program_id == into_id:
        raise CurationError("same_row", "Elija dos programas distintos.")
    program = _get(db, tables.Program, program_id, "un programa")
    into = _get(db, tables.Program, into_id, "un programa")
    return _record(
        db, actor, A.program_merge, "program", program_anchor(program), f"{program.name} → {into.name}",
        {"id": program.id, "name": program.name, "aliases": list(program.aliases or [])},
        {"into": program_anchor(into), "into_id": into.id, "into_name": into.name}, note, program_anchors(program),
    )


def split_program(db: Session, program_id: int, names: list[str], actor: str, note: str | None = None):
    """Move the mentions written as one of `names` (its name or aliases) to a new program."""
    program = _get(db, tables.Program, program_id, "un programa")
    written = {m.name_as_written for m in program.mentions} | {program.name, *(program.aliases or [])}
    chosen = sorted({n for n in names if n in written})
    if not chosen or set(chosen) >= written:
        raise CurationError("invalid_split", "Elija una parte de los nombres del programa (no ninguno ni todos).")
    return _record(
        db, actor, A.program_split, "program", program_anchor(program), program.name,
        {"names": sorted(written)}, {"names": chosen}, note,
    )


def mark_program(db: Session, program_id: int, confirm: bool, actor: str, note: str | None = None):
    program = _get(db, tables.Program, program_id, "un programa")
    action = A.program_confirm if confirm else A.program_dismiss
    before = {"name": program.name, "mentions": len(program.mentions)}
    return _record(
        db, actor, action, "program", program_anchor(program), program.name, before, {}, note,
        program_anchors(program),
    )


def mark_agreement(db: Session, agreement_id: int, confirm: bool, actor: str, note: str | None = None):
    agreement = _get(db, tables.Agreement, agreement_id, "un acuerdo")
    action = A.agreement_confirm if confirm else A.agreement_dismiss
    before = {"code": agreement.code, "text": agreement.text[:300], "status": agreement.status}
    label = agreement.code or agreement.text[:80]
    return _record(
        db, actor, action, "agreement", agreement_anchor(agreement), label, before, {}, note,
        agreement_anchors(agreement),
    )


def set_agreement_status(
    db: Session, agreement_id: int, status: str, note: str | None, actor: str
) -> tables.Correction:
    agreement = _get(db, tables.Agreement, agreement_id, "un acuerdo")
    if status not in {s.value for s in AgreementStatus}:
        raise CurationError("invalid_status", f"«{status}» no es un estado de acuerdo conocido.")
    if not (note or "").strip():
        raise CurationError("note_required", "Escriba una nota que explique el cambio de estado.")
    label = agreement.code or agreement.text[:80]
    before = {"status": agreement.status, "status_text": agreement.status_text, "progress": agreement.progress}
    after = {"status": status, "note": note.strip()}
    return _record(
        db, actor, A.agreement_status, "agreement", agreement_anchor(agreement), label, before, after, note,
        agreement_anchors(agreement),
    )


# --- applying ----------------------------------------------------------------------------------------


def apply_document_fields(document: tables.Document, fields: dict) -> bool:
    """Set corrected fields on a document (stored or about to be) and its session; whether anything the
    search index filters on changed."""
    changed = False
    for field, value in fields.items():
        if field == "date":
            value = date.fromisoformat(value) if value else None
        if getattr(document, field) != value:
            setattr(document, field, value)
            changed = True
        for session in document.sessions:
            if field in ("date", "institution", "body") and getattr(session, field) != value:
                setattr(session, field, value)
    return changed


def corrections_for(db: Session, content_hash: str) -> dict:
    """The corrected fields of the document with these bytes, latest correction winning."""
    C = tables.Correction
    fields: dict = {}
    query = select(C).where(C.action == A.document_edit.value, C.target == content_hash).order_by(C.id)
    for row in db.scalars(query):
        fields.update(row.after or {})
    return fields


def _apply_document_edit(db: Session, row: tables.Correction) -> int | None:
    document = db.scalar(select(tables.Document).where(tables.Document.content_hash == row.target))
    if document is None:
        return None
    changed = apply_document_fields(document, row.after or {})
    if changed and "date" in (row.after or {}):
        db.flush()
        events = db.scalars(select(tables.AgreementEvent).where(tables.AgreementEvent.document_id == document.id))
        touched = set()
        for event in events:
            event.date = document.date
            touched.add(event.agreement)
        for agreement in touched:
            summarise(agreement)
    if changed:
        # The index carries these fields in each point's payload: the follower re-indexes the document.
        document.indexed_at = None
        return document.id
    return None


def _apply_document_delete(db: Session, row: tables.Correction) -> int | None:
    document = db.scalar(select(tables.Document).where(tables.Document.content_hash == row.target))
    if document is None:
        return None
    document_id = document.id
    agreements = select(tables.Agreement.id).where(tables.Agreement.document_id == document_id)
    db.execute(delete(tables.AgreementEvent).where(tables.AgreementEvent.agreement_id.in_(agreements)))
    db.execute(delete(tables.AgreementEvent).where(tables.AgreementEvent.document_id == document_id))
    db.execute(delete(tables.Agreement).where(tables.Agreement.document_id == document_id))
    db.flush()
    db.expire_all()
    db.delete(db.get(tables.Document, document_id))
    db.flush()
    return document_id


def _move_person(db: Session, person: tables.Person, into: tables.Person) -> None:
    db.execute(
        update(tables.Participation).where(tables.Participation.person_id == person.id).values(person_id=into.id)
    )
    db.execute(
        update(tables.Agreement)
        .where(tables.Agreement.responsible_person_id == person.id)
        .values(responsible_person_id=into.id)
    )
    db.execute(update(tables.PersonName).where(tables.PersonName.person_id == person.id).values(person_id=into.id))
    db.flush()
    db.expire_all()
    db.delete(db.get(tables.Person, person.id))
    db.flush()


def _apply_person(db: Session, row: tables.Correction) -> None:
    person = _target(db, row, find_person)
    if person is None:
        return
    after = row.after or {}
    action = A(row.action)
    if action is A.person_rename:
        person.name = after["name"]
    elif action is A.person_confirm:
        person.confirmed_at = person.confirmed_at or row.created_at
    elif action is A.person_dismiss:
        db.execute(update(tables.Agreement).where(tables.Agreement.responsible_person_id == person.id)
                   .values(responsible_person_id=None))
        db.execute(delete(tables.Participation).where(tables.Participation.person_id == person.id))
        db.flush()
        db.expire_all()
        db.delete(db.get(tables.Person, person.id))
        db.flush()
    elif action is A.person_merge:
        into = find_person(db, after["into"])
        if into is not None and into.id != person.id:
            _move_person(db, person, into)
    elif action is A.person_split:
        keys = set(after["keys"])
        moving = [n for n in person.names if n.key in keys]
        if not moving or len(moving) == len(person.names):
            return  # already apart, or nothing else left
        staying = [n for n in person.names if n.key not in keys]
        if person.key in keys:
            person.key = staying[0].key
            db.flush()
        new = tables.Person(key=moving[0].key, name=moving[0].name)
        db.add(new)
        db.flush()
        for name in moving:
            name.person_id = new.id
        for participation in list(person.participations):
            if parse_name(participation.name_as_written).key in keys:
                participation.person_id = new.id
        db.flush()
        db.expire_all()


def _mention_keys(mention: tables.ProgramMention, program: tables.Program) -> set[str]:
    scope = fold_key(program.institution or "") + "|"
    key = program_key(mention.name_as_written)
    core = " ".join(core_words(mention.name_as_written, place_words(program.institution)))
    return {scope + key, scope + core} if core else {scope + key}


def _apply_program(db: Session, row: tables.Correction) -> None:
    program = _target(db, row, find_program)
    if program is None:
        return
    after = row.after or {}
    action = A(row.action)
    if action is A.program_rename:
        program.name = after["name"]
    elif action is A.program_confirm:
        program.confirmed_at = program.confirmed_at or row.created_at
    elif action is A.program_dismiss:
        db.execute(delete(tables.ProgramMention).where(tables.ProgramMention.program_id == program.id))
        db.flush()
        db.expire_all()
        db.delete(db.get(tables.Program, program.id))
        db.flush()
    elif action is A.program_merge:
        into = find_program(db, after["into"])
        if into is None or into.id == program.id:
            return
        aliases = [a for a in [program.name, *(program.aliases or [])] if a != into.name]
        into.aliases = list(dict.fromkeys([*(into.aliases or []), *aliases]))
        P, PN, PM = tables.Program, tables.ProgramName, tables.ProgramMention
        db.execute(update(PM).where(PM.program_id == program.id).values(program_id=into.id))
        db.execute(update(PN).where(PN.program_id == program.id).values(program_id=into.id))
        db.flush()
        db.expire_all()
        db.delete(db.get(P, program.id))
        db.flush()
    elif action is A.program_split:
        names = set(after["names"])
        moving = [m for m in program.mentions if m.name_as_written in names]
        if not moving or len(moving) == len(program.mentions):
            return
        keys = set().union(*(_mention_keys(m, program) for m in moving))
        staying = set().union(*(_mention_keys(m, program) for m in program.mentions if m not in moving))
        keys -= staying  # a name both sides share stays where it was
        first = sorted(names)[0]
        new_key = next((k for k in sorted(keys)), None) or fold_key(program.institution or "") + "|" + first
        if program.key == new_key:
            remaining = sorted(n.key for n in program.names if n.key not in keys) or sorted(staying)
            program.key = remaining[0]
            db.flush()
        new = tables.Program(
            key=new_key, name=first, acronym=None, aliases=sorted(names - {first}), institution=program.institution
        )
        db.add(new)
        db.flush()
        for name in list(program.names):
            if name.key in keys:
                name.program_id = new.id
        for mention in moving:
            mention.program_id = new.id
        program.aliases = [a for a in (program.aliases or []) if a not in names]
        if program.name in names:
            program.name = sorted({m.name_as_written for m in program.mentions if m not in moving})[0]
        db.flush()
        db.expire_all()


def _apply_agreement(db: Session, row: tables.Correction) -> None:
    agreement = _target(db, row, find_agreement)
    if agreement is None:
        return
    action = A(row.action)
    if action is A.agreement_confirm:
        agreement.confirmed_at = agreement.confirmed_at or row.created_at
    elif action is A.agreement_dismiss:
        db.execute(delete(tables.AgreementEvent).where(tables.AgreementEvent.agreement_id == agreement.id))
        db.flush()
        db.expire_all()
        db.delete(db.get(tables.Agreement, agreement.id))
        db.flush()
    elif action is A.agreement_status:
        after = row.after or {}
        agreement.status = after["status"]
        agreement.status_note = after.get("note")
        if after["status"] == AgreementStatus.cumplido:
            agreement.progress = 100


def apply_one(db: Session, row: tables.Correction) -> int | None:
    """Apply one correction; the id of a document whose index points must change, if any."""
    if row.action == A.document_edit:
        return _apply_document_edit(db, row)
    if row.action == A.document_delete:
        return _apply_document_delete(db, row)
    if row.target_type == "person":
        _apply_person(db, row)
    elif row.target_type == "program":
        _apply_program(db, row)
    elif row.target_type == "agreement":
        _apply_agreement(db, row)
    return None


def apply_corrections(db: Session, actions: Iterable[str] | None = None) -> set[int]:
    """Re-apply every correction in the order staff made them (after linking a new document, and after a
    relink); the documents whose index points must change."""
    C = tables.Correction
    query = select(C).order_by(C.id)
    if actions is not None:
        query = query.where(C.action.in_(list(actions)))
    touched = set()
    for row in list(db.scalars(query)):
        document_id = apply_one(db, row)
        if document_id is not None:
            touched.add(document_id)
    db.flush()
    return touched


def list_corrections(
    db: Session, *, target_type: str | None = None, action: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[int, list[tables.Correction]]:
    from sqlalchemy import func

    C = tables.Correction
    query = select(C)
    if target_type:
        query = query.where(C.target_type == target_type)
    if action:
        query = query.where(C.action == action)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    return total, list(db.scalars(query.order_by(C.id.desc()).limit(limit).offset(offset)))

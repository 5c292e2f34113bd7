"""The shared vocabularies, one copy each: document types, agreement statuses, webhook events, key scopes,
corrections.

Models, routes, the CLI and OpenAPI use these enums; the staff page reads them from `GET /api/vocabulary`
(labels in Spanish included), so a value added here reaches every layer. Values are what the store and
the API carry; they never change meaning.
"""

from __future__ import annotations

from enum import StrEnum


class DocType(StrEnum):
    """What kind of document a file is (the extraction schema's `doc_type`)."""

    acta = "acta"
    orden_del_dia = "orden_del_dia"
    informe = "informe"
    plan = "plan"
    comunicado = "comunicado"
    convocatoria = "convocatoria"
    other = "other"


DOC_TYPE_LABELS = {
    DocType.acta: "Acta",
    DocType.orden_del_dia: "Orden del día",
    DocType.informe: "Informe",
    DocType.plan: "Plan",
    DocType.comunicado: "Comunicado",
    DocType.convocatoria: "Convocatoria",
    DocType.other: "Otro",
}

# Documents that record or announce a session of a body (they count when deciding whether an agreement
# has gone quiet).
SESSION_DOC_TYPES = (DocType.acta, DocType.orden_del_dia)


class AgreementStatus(StrEnum):
    """An agreement's normalised status: for a decision, what the session did with it (aprobado, rechazado,
    retirado, diferido); for a commitment to act later, how far it has got, read from the follow-ups."""

    pendiente = "pendiente"
    en_proceso = "en proceso"
    cumplido = "cumplido"
    cancelado = "cancelado"
    aprobado = "aprobado"
    rechazado = "rechazado"
    retirado = "retirado"
    diferido = "diferido"
    sin_informacion = "sin información"


STATUS_MEANINGS = {
    AgreementStatus.pendiente: "Compromiso tomado (una instrucción, un plazo) y aún sin avance informado.",
    AgreementStatus.en_proceso: "Compromiso con avance informado, sin concluir.",
    AgreementStatus.cumplido: "Compromiso informado como concluido o realizado.",
    AgreementStatus.cancelado: "Compromiso cancelado o dejado sin efecto en una sesión posterior.",
    AgreementStatus.aprobado: "Decisión aprobada y resuelta en la misma sesión (una aprobación, una designación, "
    "una firma): no queda nada pendiente.",
    AgreementStatus.rechazado: "Propuesta rechazada en la sesión.",
    AgreementStatus.retirado: "Propuesta retirada del orden del día.",
    AgreementStatus.diferido: "Asunto aplazado o turnado a comisión: volverá a tratarse.",
    AgreementStatus.sin_informacion: "El documento no dice en qué estado está.",
}

# Statuses after which nothing more is expected of an agreement: done, or settled at the session.
CLOSED_STATUSES = (
    AgreementStatus.cumplido,
    AgreementStatus.cancelado,
    AgreementStatus.aprobado,
    AgreementStatus.rechazado,
    AgreementStatus.retirado,
)
# What the session did with a decision (the extraction's `outcome`), as a status.
OUTCOME_STATUSES = {
    "aprobado": AgreementStatus.aprobado,
    "rechazado": AgreementStatus.rechazado,
    "retirado": AgreementStatus.retirado,
    "diferido": AgreementStatus.diferido,
}


class ParticipationKind(StrEnum):
    """How a person appears in a session's record; only attended and signed count as being there."""

    attended = "attended"
    absent = "absent"
    signed = "signed"
    mentioned = "mentioned"


PARTICIPATION_LABELS = {
    ParticipationKind.attended: "Asistió",
    ParticipationKind.absent: "Ausente",
    ParticipationKind.signed: "Firmó",
    ParticipationKind.mentioned: "Mencionado",
}
PRESENCE = (ParticipationKind.attended, ParticipationKind.signed)


class WebhookEvent(StrEnum):
    """What a webhook subscriber may be told of."""

    agreement_created = "agreement.created"
    agreement_status_changed = "agreement.status_changed"
    agreement_overdue = "agreement.overdue"
    search_match = "search.match"


class Scope(StrEnum):
    """What an API key allows; `admin` holds every scope."""

    read = "read"
    ingest = "ingest"
    edit = "edit"
    admin = "admin"


SCOPE_LABELS = {
    Scope.read: "Consultar",
    Scope.ingest: "Subir documentos",
    Scope.edit: "Corregir datos",
    Scope.admin: "Administrar (todos los permisos y las claves)",
}


class CorrectionAction(StrEnum):
    """What a staff correction does (ingest/curation); recorded in the audit and re-applied after every
    extraction, linking and relink."""

    document_edit = "document.edit"
    document_delete = "document.delete"
    person_rename = "person.rename"
    person_merge = "person.merge"
    person_split = "person.split"
    person_confirm = "person.confirm"
    person_dismiss = "person.dismiss"
    program_rename = "program.rename"
    program_merge = "program.merge"
    program_split = "program.split"
    program_confirm = "program.confirm"
    program_dismiss = "program.dismiss"
    agreement_confirm = "agreement.confirm"
    agreement_dismiss = "agreement.dismiss"
    agreement_status = "agreement.status"


CORRECTION_LABELS = {
    CorrectionAction.document_edit: "Datos del documento corregidos",
    CorrectionAction.document_delete: "Documento eliminado",
    CorrectionAction.person_rename: "Persona renombrada",
    CorrectionAction.person_merge: "Personas unidas",
    CorrectionAction.person_split: "Persona separada",
    CorrectionAction.person_confirm: "Persona confirmada",
    CorrectionAction.person_dismiss: "Persona descartada",
    CorrectionAction.program_rename: "Programa renombrado",
    CorrectionAction.program_merge: "Programas unidos",
    CorrectionAction.program_split: "Programa separado",
    CorrectionAction.program_confirm: "Programa confirmado",
    CorrectionAction.program_dismiss: "Programa descartado",
    CorrectionAction.agreement_confirm: "Acuerdo confirmado",
    CorrectionAction.agreement_dismiss: "Acuerdo descartado",
    CorrectionAction.agreement_status: "Estado del acuerdo fijado",
}

# What a correction is about, with its Spanish label (the audit page's filter).
CORRECTION_TARGETS = {"document": "Documentos", "person": "Personas", "program": "Programas", "agreement": "Acuerdos"}

# Document fields staff may correct, with their Spanish labels (the page's form and the CSV headers).
DOCUMENT_FIELDS = {
    "title": "Título",
    "date": "Fecha",
    "doc_type": "Tipo",
    "institution": "Institución",
    "body": "Órgano",
}


def as_dict() -> dict[str, list[dict[str, str]]]:
    """Every vocabulary with its Spanish labels, as `GET /api/vocabulary` serves it."""
    return {
        "doc_types": [{"value": t.value, "label": DOC_TYPE_LABELS[t]} for t in DocType],
        "statuses": [{"value": s.value, "label": s.value, "meaning": STATUS_MEANINGS[s]} for s in AgreementStatus],
        "webhook_events": [{"value": e.value, "label": e.value} for e in WebhookEvent],
        "participation_kinds": [{"value": k.value, "label": PARTICIPATION_LABELS[k]} for k in ParticipationKind],
        "scopes": [{"value": s.value, "label": SCOPE_LABELS[s]} for s in Scope],
        "corrections": [{"value": a.value, "label": CORRECTION_LABELS[a]} for a in CorrectionAction],
        "correction_targets": [{"value": k, "label": v} for k, v in CORRECTION_TARGETS.items()],
        "document_fields": [{"value": k, "label": v} for k, v in DOCUMENT_FIELDS.items()],
    }

"""Words that open a form field's label ("Fecha:", "Lugar:", "Hora de inicio:")."""

from __future__ import annotations

# Words that open a field label in letterheads, forms and minutes (folded).
FIELD_WORDS = {
    "fecha", "hora", "horario", "lugar", "sede", "domicilio", "convoca", "convocante", "numero", "no", "num",
    "asunto", "para", "de", "cc", "ccp", "participantes", "asistentes", "invitados", "orden", "objetivo",
    "modalidad", "sesion", "tipo", "inicio", "termino", "cierre", "duracion", "responsable", "estatus", "status",
    "estado", "dirigido", "tema", "referencia", "oficio", "expediente", "plataforma", "enlace", "liga", "link",
    "id", "contrasena", "moderador", "moderadora", "ponente", "elaboro", "reviso", "aprobo", "acta", "minuta",
    "organo", "organismo", "dependencia", "area", "coordina", "preside", "secretario", "secretaria",
}

"""What may sit inside a person's name, and capitalised words that never start one."""

from __future__ import annotations

from models.text import fold

# Particles that may sit inside a person's name.
NAME_PARTICLES = {"de", "del", "la", "las", "los", "y", "da", "van", "von", "di", "e"}

# Capitalised words that start sentences or headings but are not names.
NOT_NAME_WORDS = {
    fold(w)
    for w in [
        "El", "La", "Los", "Las", "Un", "Una", "En", "Con", "Por", "Para", "Del", "Al", "Se", "Su", "Sus", "Este",
        "Esta", "Estos", "Estas", "Ese", "Esa", "Durante", "Como", "Que", "Quien", "Quienes", "Además", "Asimismo",
        "También", "Finalmente", "Posteriormente", "Dicho", "Dicha", "Ante", "Bajo", "Sobre", "Entre", "Desde",
        "Hasta", "Sin", "Tras", "Mediante", "Según", "Hoy", "Ayer", "Mañana", "Lunes", "Martes", "Miércoles",
        "Jueves", "Viernes", "Sábado", "Domingo", "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio", "Julio",
        "Agosto", "Septiembre", "Setiembre", "Octubre", "Noviembre", "Diciembre", "Instituto", "Municipal",
        "Municipio", "Consejo", "Directivo", "Dirección", "Secretaría", "Ayuntamiento", "Cabildo", "Comisión",
        "Comité", "Junta", "Gobierno", "Estado", "Plan", "Programa", "Proyecto", "Reglamento", "Ley", "Sistema",
        "Sesión", "Ordinaria", "Extraordinaria", "Universidad", "Coordinación", "General", "Departamento", "Centro",
        "Zona", "Metropolitana", "Nacional", "Federal", "Estatal", "Ciudad", "Torre", "Dirección", "Oficina",
        "Asociación", "Colegio", "Cámara", "Fundación", "Organización", "Agencia", "Programas", "Planes",
        "Proyectos", "Hora", "Fecha", "Lugar", "Orden", "Día", "Acuerdo", "Acuerdos", "Asuntos", "Punto", "Puntos",
        "Presentación", "Bienvenida", "Clausura", "Lista", "Acta", "Objetivo", "Resultados", "Temas", "Tema", "Nota",
        "Notas", "Mesa", "Taller", "Foro", "Consejeros", "Consejeras", "Regidores", "Directores", "Miembros",
        "Integrantes", "Participantes", "Asistentes", "Atentamente", "Moderated", "Thursday", "Monday", "Tuesday",
        "Wednesday", "Friday", "Saturday", "Sunday", "City", "Council", "Department", "Municipality", "Urban",
        "Planning", "Team", "The", "Of", "And", "Sra", "Sr", "Don", "Doña", "Señor", "Señora",
        "Licenciado", "Licenciada", "Ingeniero", "Ingeniera", "Arquitecto", "Arquitecta", "Doctor", "Doctora",
        "Maestro", "Maestra", "Ciudadano", "Ciudadana", "Presidente", "Presidenta", "Alcalde", "Alcaldesa",
        "Regidor", "Regidora", "Síndico", "Síndica", "Secretario", "Secretaria", "Director", "Directora",
        "Coordinador", "Coordinadora", "Consejero", "Consejera", "Titular", "Jefe", "Jefa",
    ]
}

"""Words that make a capitalised sequence an organisation, a place or a topic, not a person."""

from __future__ import annotations

import re

from models.text import fold

# Words that make a capitalised sequence an organisation or a topic, not a person.
ORG_WORDS = {
    fold(w)
    for w in [
        "Regional", "Noreste", "Noroeste", "Sureste", "Suroeste", "Norte", "Sur", "Oriente", "Poniente", "General",
        "Ejecutivo", "Ejecutiva", "Técnico", "Técnica", "Municipal", "Estatal", "Nacional", "Federal",
        "Metropolitano", "Metropolitana", "Urbano", "Urbana", "Social", "Sociales", "Ambiental", "Ambiente", "Medio",
        "Económico", "Económica", "Desarrollo", "Planeación", "Competitividad", "Movilidad", "Transporte", "Entorno",
        "Gobierno", "Buen", "Sustentabilidad", "Innovación", "Seguridad", "Salud", "Educación", "Cultura",
        "Vialidad", "Obras", "Públicas", "Públicos", "Servicios", "Protección", "Civil", "Proyectos", "Estratégicos",
        "Estratégica", "Investigación", "Sectorial", "Integral", "Participación", "Ciudadana", "Ciudadano",
        "Concertación", "Juventud", "Mujeres", "Urbanismo", "Ordenamiento", "Territorial", "Instituto", "Dirección",
        "Secretaría", "Consejo", "Comisión", "Comité", "Coordinación", "Departamento", "Universidad", "Tecnológico",
        "Asociación", "Colegio", "Cámara", "Fundación", "Agencia", "Oficina", "Ayuntamiento", "Cabildo", "Congreso",
        "Senado", "República", "Estado", "Municipio", "Zona", "Centro", "Histórico", "Plan", "Programa", "Sistema",
        "Reglamento", "Ley", "Proyecto", "Agenda", "Objetivos", "Mesa", "Taller", "Sesión", "Orden", "Día", "Hora",
        "Fecha", "Lugar", "Acuerdos", "Asuntos", "Generales", "Pase", "Lista", "Bienvenida", "Clausura",
        "Presentación", "Inauguración", "Explicación", "Revisión", "Dinámica", "Réplicas", "Conceptos", "Básicos",
        "Indicadores", "Ejercicio", "Futuro", "Visión", "Objetivo", "Metas", "Estrategias", "Conclusión",
        "Agradecimiento", "Despedida", "Introducción", "Tiempos", "Numero", "Número", "Convoca", "Participantes",
        "Asistentes", "Moderated", "City", "Council", "Municipality", "Department", "Team",
        "Affairs", "International", "Strategic", "Development", "Planning", "Equality", "Gender", "Urban", "Deputy",
        "Leader", "Officer", "Advisor", "Architect", "Sociologist", "Canal", "Facebook", "Twitter", "Instagram",
        "Zoom", "Vía", "Calle", "Avenida", "Av", "Blvd", "Colonia", "Fraccionamiento", "Ciudad", "Torre", "Parque",
        "Museo", "Casa", "Hotel", "Salón", "Sala", "Auditorio", "Gimnasio", "Iniciativa",
        "Privada", "Empresa", "Empresas", "Industria", "Manufacturera", "Cámaras", "Colegios", "Universidades",
        "Consejeros", "Directores", "Regidores", "Jurídico", "Trabajo", "Análisis", "Estudio", "Diagnóstico",
        "Monitor", "Monitores", "Encuesta", "Censo", "Convocatoria", "Concurso", "Foro", "Conferencia", "Webinar",
        "Seminario", "Programas", "Planes", "Proyectos", "Alcaldía", "Presidencia", "Tesorería", "Contraloría",
        "Sindicatura", "Regiduría", "Delegación", "Subdirección", "Jefatura", "Unidad", "Área", "Gestión",
        "Evaluación", "Información", "Geográfica", "Normas", "Técnicas", "Actividades", "Mejoras", "Continuas",
        "Felicitaciones", "Atentamente", "Igualdad", "Género", "Derechos", "Humanos", "Transparencia",
        "Hacienda", "Gobernación", "Reglamentos", "Folios", "Catastro", "Mensura", "Municipalidad",
    ]
}

# Words shared by most institutions' names: matching one of them alone says nothing about which one.
INSTITUTION_GENERIC_WORDS = frozenset(
    [
        "implan", "instituto", "municipal", "de", "del", "la", "las", "los", "y", "para", "planeacion", "planificacion",
        "competitividad", "ayuntamiento", "municipio", "gobierno", "consejo", "junta", "direccion",
    ]
)

# Heads of organisational units, as they open a body's name ("Consejo Directivo", "Dirección de Obras").
ORG_UNIT_HEADS = (
    r"(?:Consejo|Comit[eé]|Comisi[oó]n|Cabildo|Ayuntamiento|Junta|Direcci[oó]n|Secretar[ií]a|Coordinaci[oó]n|"
    r"Departamento|Instituto|Tesorer[ií]a|Gobierno|Congreso|Concejal[ií]a|Alcald[ií]a|Regidur[ií]a|Polic[ií]a|"
    r"Delegaci[oó]n|Subdirecci[oó]n|Jefatura|Unidad)"
)
# A "Sistema" that provides a public service is a body, not a program: water utilities ("Sistema Municipal de
# Aguas y Saneamiento", "Sistema de Agua Potable y Alcantarillado") and family welfare ("Sistema para el
# Desarrollo Integral de la Familia").
SERVICE_BODY = re.compile(r"(?i)\b(?:aguas?|agua\s+potable|alcantarillado|saneamiento|integral\s+de\s+la\s+familia)\b")
# A "Banco" is a program only as a bank of projects or data ("Banco Municipal de Proyectos de Inversión").
BANK_OF_DATA = re.compile(r"(?i)\bde\s+(?:proyectos|datos|informaci[oó]n|indicadores)\b")
# Membership of a body named like a system ("miembro del Sistema Nacional de Investigadores").
MEMBERSHIP_BEFORE = re.compile(r"(?i)\b(?:miembros?|integrantes?|socios?|afiliad[oa]s?)\s+(?:del?|de\s+la)\s*$")
# A street named after a person at a corner ("Av. Juárez y C. Ramón Corona", "Avda. de América esquina con
# C. Ana Mariscal"): the "C." there is "Calle", not "Ciudadano". The text just before such a "C.".
STREET_BEFORE = re.compile(
    r"(?i)\b(?:av|avda|avenida|blvd|bulevar|boulevard|calz|calzada|calle|c/|carretera|prol|prolongaci[oó]n|"
    r"paseo|camino)\.?\s+[^,;:\n]{1,50}?\s+(?:y|e|esq\.?|esquina(?:\s+con)?|con|entre)\s*$"
)

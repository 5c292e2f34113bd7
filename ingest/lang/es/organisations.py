"""Words that make a capitalised sequence an organisation, a place or a topic, not a person."""

from __future__ import annotations

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

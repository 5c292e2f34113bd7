# ruff: noqa: E501  (minutes are written as their authors write them: one paragraph per line)
"""Short session minutes of one invented board, written by the tests: an agreement taken in session 1 and
followed up in sessions 2 and 3, a follow-up without an id, a follow-up of an agreement whose session is
not in the archive, and two people who share both surnames."""

from __future__ import annotations

from pathlib import Path

HEAD = """# {ordinal} Sesión Ordinaria 2024
## Junta Directiva del Instituto Municipal de Planeación de Santa Lucía del Valle (IMPLAN Santa Lucía del Valle)

En Santa Lucía del Valle, siendo las 10:00 horas del {day}, en la sala de juntas del IMPLAN Santa Lucía del Valle,
se reunieron los integrantes de la Junta Directiva.

## Lista de asistencia

{people}

"""

SESSION_1 = HEAD.format(
    ordinal="Primera",
    day="15 de enero de 2024",
    people="""- Arq. María López Hernández, Directora General
- Ing. Jorge López Hernández, Secretario Técnico
- Lic. Cristhian Holguín Ramírez, Tesorero""",
) + """## Acuerdos

JD-I-1. Se aprueba elaborar el Programa Municipal de Movilidad Activa (PMMA) del municipio. Responsable: Jorge López Hernández. Fecha límite: 30 de abril de 2024.

JD-I-2. Se acuerda que la Dirección de Catastro actualice el padrón de predios baldíos del centro histórico.

JD-I-3. Se aprueba solicitar a la Tesorería un informe sobre el presupuesto de estudios de movilidad urbana.

No habiendo más asuntos que tratar, se dio por concluida la sesión a las 11:30 horas.
"""

SESSION_2 = HEAD.format(
    ordinal="Segunda",
    day="20 de febrero de 2024",
    people="""- Mtra. María López, Directora General
- Christian Olguín Ramírez, Tesorero
- Ing. Jorge López Hernández, Secretario Técnico""",
) + """## Cumplimiento de acuerdos de sesiones anteriores

Acuerdo\tEstatus
JD-I-1. Elaborar el Programa Municipal de Movilidad Activa.\tEn proceso, etapa de planeación.
Actualización del padrón de predios baldíos del centro histórico por la Dirección de Catastro.\tPendiente.
JD-XIV-3. Publicar el Atlas de Riesgos Naturales en la página del Instituto.\tCumplido: publicado el 2 de febrero.

Sin acuerdos nuevos. Se dio por concluida la sesión a las 11:00 horas.
"""

SESSION_3 = HEAD.format(
    ordinal="Tercera",
    day="19 de marzo de 2024",
    people="""- Arq. María López Hernández, Directora General
- Ing. Jorge López Hernández, Secretario Técnico""",
) + """## Cumplimiento de acuerdos de sesiones anteriores

Acuerdo\tEstatus
JD-I-1. Elaborar el PMMA.\tEn ejecución.
JD-I-2. Actualizar el padrón de predios baldíos del centro histórico.\tCumplido.

Sin acuerdos nuevos. Se dio por concluida la sesión a las 12:00 horas.
"""

SESSIONS = {
    "sesion-01-2024.md": SESSION_1,
    "sesion-02-2024.md": SESSION_2,
    "sesion-03-2024.md": SESSION_3,
}


def write_sessions(folder: Path, names: list[str] | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names or list(SESSIONS):
        path = folder / name
        path.write_text(SESSIONS[name], encoding="utf-8")
        paths.append(path)
    return paths

"""Set phrases of Spanish-language minutes across countries: roll call, decisions and their outcome, votes,
commitments, closing and signatures. Each is a regular expression over the text (case-insensitive)."""

from __future__ import annotations

import re

_NUM = (
    r"(?:\d{1,3}|un[oa]?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
    r"dieci\w+|veinte|veinti\w+|treinta|ningun[oa]?|cero)"
)
NUMBER_WORD = _NUM

# The roll call: "lista de asistencia", "pase de lista", "se encontraban presentes", "Concejales presentes:",
# "manifestaron su presencia", "Asistentes:".
ATTENDANCE_CUE = re.compile(
    r"\b(?:(?:al\s+)?pas(?:ar|e|ó)\s+(?:de\s+)?lista(?:\s+de\s+asistencia)?|lista\s+de\s+asistencia\s*[:,]|"
    r"manifestaron\s+su\s+presencia|se\s+encontraban\s+presentes|(?:estando|encontr[aá]ndose)\s+presentes|"
    r"estuvieron\s+presentes(?:\s+(?:los|las)\s+(?:concejal[ea]s|regidor[ea]s|consejer[oa]s|vocales)\s*:?)?|"
    r"con\s+la\s+(?:presencia|asistencia)\s+de|asistentes\s*:|presentes\s*:|participantes\s*:|"
    r"(?:concejal[ea]s|regidor[ea]s|vocales|consejer[oa]s|miembros|integrantes)\s+presentes\s*:|"
    r"(?:asistieron|concurren|comparecen)\s*:?)"
    # or a heading alone on its line: "Asistentes", "Presentes", "Participantes", "Lista de asistencia"
    r"|(?:^|(?<=\n))[ \t#*]*(?:asistentes|presentes|participantes|lista\s+de\s+asistencia|"
    r"relaci[oó]n\s+de\s+asistentes)[ \t*]*:?[ \t]*(?=\n)",
    re.I,
)
# Absence in a roll: "con falta justificada de", "ausentes:", "no asistieron", "excusó su asistencia".
ABSENCE_CUE = re.compile(
    r"\b(?:con\s+(?:la\s+)?(?:falta|inasistencia|ausencia)\s+(?:justificada\s+)?de|ausentes?\s*:|"
    r"no\s+asisti(?:ó|eron)|se\s+ausentaron|justific(?:ó|aron)\s+su\s+(?:in)?asistencia|"
    r"excus(?:ó|aron)\s+su\s+asistencia|(?:con\s+)?aviso\s*:|sin\s+aviso\s*:)",
    re.I,
)
# A mention of someone dead is never attendance.
IN_MEMORIAM = re.compile(r"\b(?:en\s+memoria\s+de|in\s+memoriam|minuto\s+de\s+silencio|fallecimiento\s+de|"
                         r"q\.?\s*e\.?\s*p\.?\s*d\.?|(?:el|la)\s+finad[oa])\b", re.I)

# Formulas that close a session.
CLOSING_FORMULA = re.compile(
    r"(?:no\s+habiendo|sin)\s+(?:m[áa]s|otros?)\s+asuntos?|agotado\s+el\s+orden\s+del\s+d[ií]a|"
    r"se\s+(?:dio|da|di[óo])\s+por\s+(?:concluid|terminad|finalizad|clausurad)[ao]|"
    r"se\s+(?:levant[óo]|levanta|clausur[óo]|clausura|cierra|cerr[óo])\s+(?:la|el)\s+(?:presente\s+)?"
    r"(?:sesi[oó]n|reuni[oó]n|acta)|declar[óo]\s+clausurada|"
    r"(?:concluy[óo]|termin[óo]|finaliz[óo])\s+(?:la|el)\s+(?:sesi[oó]n|reuni[oó]n)|"
    r"siendo\s+las\s+[^.\n]{0,40}?(?:conclu|termin|finaliz|clausur|levant|cierr)",
    re.I,
)
# Where the signatures begin.
SIGNATURE_CUE = re.compile(
    r"(?:firman\s+(?:al\s+calce\s+)?(?:los|las|quienes)|firmando\s+(?:al\s+calce|los|para)|que\s+firman|"
    r"para\s+constancia|doy\s+fe\b|\batentamente\b|\bfirmas?\s*:)",
    re.I,
)

# A decision: passive ("fue aprobado", "la cual fue aprobada"), impersonal ("se aprueba", "se acuerda"), a
# body as subject ("el Pleno acuerda", "el Concejo resolvió"), and the other outcomes.
DECISION = re.compile(
    r"\b(?:se\s+(?:aprob[óo]|aprueba[n]?|acord[óo]|acuerda[n]?|autoriz[óo]|autoriza[n]?|design[óo]|designa[n]?|"
    r"nombr[óo]|ratific[óo]|ratifica[n]?|resolvi[óo]|resuelve|eligi[óo]|revoc[óo]|revoca|rechaz[óo]|rechaza|"
    r"desech[óo]|retir[óo]|difiri[óo]|difiere|pospuso|pospone|aplaz[óo]|aplaza|instruye|instruy[óo])|"
    r"instruy[óe]\s+a\s+(?:la|el|los|las)\s|retira\s+(?:el|la|su)\s|"
    r"(?:fue|fueron|queda|quedó|quedaron|ha\s+sido|han\s+sido|resulta|result[óo]|siendo|y)\s+(?:aprobad|autorizad|designad|"
    r"ratificad|electo|elect|rechazad|desechad|retirad|diferid|revocad)[oa]?s?|"
    r"se\s+hab[ií]a(?:n)?\s+(?:aprobado|acordado|autorizado)|hab[ií]a(?:n)?\s+sido\s+(?:aprobad|acordad|autorizad)[oa]s?|"
    r"aprob[óo]|aprobaron|rechazó|aprueba[n]?|acord[óo]|acordaron|acuerda[n]?|autorizaron|designaron|revocaron|"
    r"rechazaron|ha\s+resuelto|(?:pleno|cabildo|concejo|ayuntamiento|junta|consejo|comit[eé])\s+(?:resolvi[óo]|resuelve)|"
    r"no\s+(?:se\s+aprob[óo]|fue\s+aprobad[oa]|alcanz[óo]\s+la\s+mayor[ií]a)|"
    r"aprobaci[óo]n\s+(?:por\s+(?:unanimidad|mayor[ií]a)|un[áa]nime)|"
    r"(?:se\s+realiz[óo]\s+la\s+firma|(?:se\s+)?(?:firm|suscrib|sign)(?:[óo]|i[óo]|aron|ieron)|firmaron)\s+"
    r"(?:de[l]?\s+|un\s+|el\s+|los\s+)?convenios?)\b",
    re.I,
)
# The passive and relative forms put what was decided before the verb: the sentence is read from its start.
DECISION_AFTER_OBJECT = re.compile(
    r"^(?:fue|fueron|queda|quedó|quedaron|ha\s+sido|han\s+sido|resulta|result[óo]|siendo|y)\b", re.I
)
# (a revocation is a decision taken: what it undoes is an earlier agreement, see UNDONE)
OUTCOME_REJECTED = re.compile(
    r"\b(?:rechaz\w+|desech\w+|no\s+(?:se\s+aprob[óo]|fue\s+aprobad[oa]|fueron\s+aprobad[oa]s|"
    r"alcanz[óo]\s+la\s+mayor[ií]a|prosper[óo])|se\s+niega|deneg\w+)\b",
    re.I,
)
OUTCOME_WITHDRAWN = re.compile(r"\b(?:se\s+retir[óoa]|fue\s+retirad[oa]|retir[óoa]\s+(?:el|la|su)|"
                               r"(?:queda|quedó)\s+retirad[oa])\b", re.I)
OUTCOME_DEFERRED = re.compile(
    r"\b(?:difiere|difiri[óo]|diferid[oa]|se\s+pospone|pospuso|pospuest[oa]|aplaz\w+|"
    r"(?:presentar|tratar|discutir|analizar)\w*\s+[^.]{0,80}?(?:en\s+la\s+)?pr[óo]xima\s+sesi[óo]n|"
    r"queda\s+pendiente|pasa\s+a\s+comisi[óo]n|(?:se\s+)?turn\w+\s+a\s+(?:la\s+)?comisi[óo]n|"
    r"analizar\s+en\s+comisiones)\b",
    re.I,
)
# A commitment to act later rather than a decision closed at the session.
COMMITMENT = re.compile(
    r"\b(?:se\s+instruye|instruy[óoe]|instruir|encomendar|encomiend[ao]|se\s+compromete|se\s+comprometi[óo]|a\s+m[áa]s\s+tardar|"
    r"en\s+un\s+plazo\s+(?:de|no\s+mayor)|deber[áa]n?\s+(?:presentar|entregar|remitir|informar|enviar|elaborar)|"
    r"(?:presentar|entregar|remitir|informar|enviar|elaborar|realizar|gestionar|publicar)[áa]n?\b|"
    r"instruye\s+a\b)",
    re.I,
)
# Who is charged with an agreement: "se instruye a la Tesorería Municipal para que…", "a cargo de la Dirección
# de Obras", "se encomienda al Secretario…", "Responsable: …".
CHARGED = re.compile(
    r"(?i:\b(?:(?:(?:se\s+)?(?:instruy[eóo]|encomiend[ao]|encomend[óo]|faculta|facult[óo]|autoriza|mandata|"
    r"solicita)|instruir|encomendar|facultar|autorizar|mandatar)\s+(?:a\s+la|a\s+los|a\s+las|al|a)\s+|"
    r"a\s+cargo\s+(?:de\s+la|de\s+los|del|de)\s+|responsable\s*:\s*))"
    r"(?P<who>(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñ.]*|(?:de|del|la|los|las|y|e)(?=\s+[A-ZÁÉÍÓÚÑ]))(?:\s+(?:[A-ZÁÉÍÓÚÑ][\wáéíóúñ.]*|"
    r"(?:de|del|la|los|las|y|e)(?=\s+[A-ZÁÉÍÓÚÑ])))*)"
)

# Procedural approvals: the agenda, skipping the reading, the previous minutes.
PROCEDURAL = re.compile(
    r"\b(?:orden\s+del\s+d[ií]a|dispensa\s+de\s+(?:la\s+)?lectura|acta(?:s)?\s+(?:de\s+la\s+sesi[oó]n\s+)?"
    r"(?:anterior|previa|n[º°o?*'”.]*\s*\d)|actas?\s+de\s+cabildo|lectura\s+del\s+acta)",
    re.I,
)
# Votes as written: unanimity, majority, counts in digits or words, roll-call or show-of-hands.
VOTE = re.compile(
    rf"\b(?:por\s+)?(?P<w>unanimidad|mayor[ií]a(?:\s+(?:simple|calificada|absoluta))?)(?:\s+de\s+votos)?|"
    rf"\b(?P<n>{_NUM}\s+votos?\s+a\s+favor(?:\s*,?\s*(?:y\s+)?{_NUM}\s+(?:votos?\s+)?en\s+contra)?"
    rf"(?:\s*,?\s*(?:y\s+)?{_NUM}\s+abstenci[oó]n(?:es)?)?)|"
    rf"\b(?P<u>un[áa]nime(?:mente)?)\b|\b(?P<k>votaci[oó]n\s+(?:nominal|econ[oó]mica|secreta))\b",
    re.I,
)

# An earlier decision reported in the past perfect ("en esa fecha se había aprobado …"): a follow-up.
EARLIER_DECISION = re.compile(r"\bhab[ií]an?\s+(?:sido\s+)?(?:aprobad|acordad|autorizad)", re.I)
# A legislature (a state congress, a national or regional parliament) acting in the sentence: its laws and
# decrees are cited, reported or asked for in municipal papers, never agreements of the archive's bodies.
LEGISLATURE = (
    r"(?:(?:[LXVI]+\s+)?Legislatura|Congreso\s+(?:del\s+Estado|de\s+la\s+Uni[oó]n|Local|Nacional|de\s+los\s+Diputados)|"
    r"C[aá]mara\s+de\s+(?:Diputad[oa]s|Senador[ea]s)|Senado|Cortes(?:\s+Generales|\s+de\s+[A-ZÁÉÍÓÚ]\w+)?|"
    r"Parlamento(?:\s+(?:de|del)\s+[A-ZÁÉÍÓÚ]\w+)?|Asamblea\s+(?:Legislativa|Nacional|de\s+Madrid|Regional))"
)
LEGISLATURE_MENTION = re.compile(rf"\b{LEGISLATURE}\b")
# What makes a legislature the addressee or a complement, not the one acting: "remitir al Congreso", "ante las
# Cortes", "la iniciativa del Parlamento" (its last words before the mention).
LEGISLATURE_NOT_ACTING = re.compile(r"\b(?:al|a\s+(?:la|las|los|el)|ante(?:\s+(?:el|la|las|los))?|hacia|para|del|"
                                    r"de\s+(?:la|las|los))\s+(?:(?:H\.|Honorable)\s+)?$", re.I)
# ... and the agent after a passive verb ("fue aprobada por el Congreso del Estado").
LEGISLATURE_AGENT = re.compile(rf"[^.;]{{0,80}}?\bpor\s+(?:el|la|las|los)\s+(?:(?:H\.|Honorable)\s+)?{LEGISLATURE}\b")
# A body of the archive's own: a subject closer to the verb than a legislature is the one deciding.
LOCAL_BODY = re.compile(r"\b(?:Cabildo|Ayuntamiento|Pleno|Concejo|Consejo|Junta|Comisi[oó]n|Comit[ée]|"
                        r"Corporaci[oó]n|Asamblea\s+(?:General|Municipal|Vecinal))\b")
# Many instruments with unnamed parties, as a report of a year's work lists them ("se firmaron convenios con
# distintas dependencias", "se suscribieron diversos convenios"): a summary of activity, no agreement to follow.
ACTIVITY_SUMMARY = re.compile(
    r"\b(?:(?:divers|vari|distint|diferent|m[uú]ltipl|numeros)[oa]s\s+convenios|"
    r"convenios\s+(?:de\s+\w+\s+)?con\s+(?:divers|vari|distint|diferent|m[uú]ltipl|numeros|otr)[oa]s)\b",
    re.I,
)
# What a session did to an earlier agreement: its status as written.
UNDONE = re.compile(r"\b(?:se\s+)?(?:revoc[óo]|dej[óo]\s+sin\s+efecto|anul[óo]|abrog[óo]|cancel[óo]|modific[óo])\b",
                    re.I)

# An agreement that charges someone with doing something ("se acuerda que la Dirección actualice…",
# "se aprueba solicitar…", "para que elabore…"): a commitment to act later, not a decision closed there.
INSTRUCTION = re.compile(
    r"\b(?:acuerd\w*|aprueb\w*|aprob\w*|resuelve|determina)\s+(?:por\s+\w+\s+)?(?:que\s+(?:el|la|los|las|se)\b|"
    r"(?:solicitar|elaborar|realizar|presentar|entregar|enviar|remitir|gestionar|actualizar|integrar|"
    r"convocar|publicar|informar|revisar|preparar|coordinar|dar\s+seguimiento)\b)|"
    r"\bpara\s+que\s+(?:\w+\s+){0,6}?(?:elabore|realice|presente|entregue|env[íi]e|remita|gestione|actualice|"
    r"informe|revise|prepare|publique)n?\b",
    re.I,
)

# A sentence that reports on an earlier agreement in prose, naming it as such and giving its state ("…, por lo
# que el acuerdo se tiene por cumplido", "quedando cumplido el acuerdo", "dicho acuerdo sigue en proceso").
PROSE_FOLLOW_UP = re.compile(
    r"\b(?:(?:el|dicho|este|ese|del|tal)\s+acuerdo\s+(?:se\s+(?:da|tiene|considera|declara)\s+por|"
    r"(?:se\s+)?(?:queda|qued[óo]|quedar[áa])(?:\s+como)?|se\s+encuentra|sigue|contin[úu]a|est[áa]|fue|ha\s+sido)\s+"
    r"(?P<s1>(?:totalmente\s+|parcialmente\s+)?(?:cumplid[oa]|atendid[oa]|concluid[oa]|solventad[oa]|cancelad[oa])|"
    r"en\s+(?:proceso|tr[áa]mite|ejecuci[óo]n)|pendiente|sin\s+efecto)|"
    r"quedando\s+(?P<s2>cumplid[oa]|atendid[oa]|concluid[oa]|sin\s+efecto)\s+(?:el|dicho|este)\s+acuerdo)\b",
    re.I,
)

# Words that cite a legal instrument as the basis of an act, not as work in hand: "con fundamento en",
# "conforme a", "de conformidad con", "lo dispuesto por", "en términos de", "los artículos 41 y 42 de", "previsto en".
CITATION_CUE = re.compile(
    r"(?i)\b(?:fundamento|conforme|conformidad|dispuesto|t[eé]rminos\s+de|establecid[oa]s?\s+en|previst[oa]s?\s+en|"
    r"se[ñn]alad[oa]s?\s+en|estipulad[oa]s?\s+en|art[ií]culos?|arts?\.|fracci[oó]n|numeral|inciso|apego\s+a|"
    r"atribuciones|facultades|virtud\s+a|virtud\s+de|seg[uú]n\s+lo|de\s+acuerdo\s+(?:a|con)|alinea\w*|armoniza\w*)\b"
    # article numbers right before the name: "15 y 17 de la Ley …", "18, 19 y 20 del Bando …"
    r"|\b\d{1,3}(?:\s*(?:,|y|e)\s*\d{1,3})*\s+(?:del?|de\s+la)\s*$"
)
# Words that say a document works on a legal instrument: it proposes, reforms, drafts or approves it.
WORK_ON_INSTRUMENT = re.compile(
    r"(?i)\b(?:propuesta|proyecto|iniciativa|reforma[rs]?|modificaci[oó]n|actualizaci[oó]n|elaboraci[oó]n|"
    r"aprobaci[oó]n|aprob[oó]|aprueba|publicaci[oó]n|expedici[oó]n|dictamen|consulta|revisi[oó]n|presentaci[oó]n)\b"
)

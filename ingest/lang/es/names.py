"""What may sit inside a person's name, capitalised words that never start one, and common given names."""

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

# Common given names across the Spanish-speaking world (Spain and its co-official languages, Mexico, Central
# and South America, with some Portuguese and international forms found in municipal records): a curated list
# of language forms. A capitalised pair of words with none of them is more likely a place, an event or an
# office than a person, unless a title or an office vouches for it. (The gazetteer on PyPI, gender-guesser's
# nam_dict, is GFDL-licensed: this list is written here, not derived from it.)
_GIVEN_MALE = """
Aarón Abel Abelardo Abraham Adalberto Adán Adolfo Adrián Agustín Alan Albert Alberto Alejandro Alejo Alex Alexander
Alexis Alfonso Alfredo Alonso Álvaro Amado Amador Américo Anastasio Andrés Ángel Aníbal Antonio Apolinar Ariel
Aristeo Armando Arnoldo Arnulfo Arturo Augusto Aurelio Axel Baltasar Bartolomé Basilio Benito Benjamín Bernabé
Bernardo Bernd Blas Bonifacio Braulio Bruno Camilo Candelario Carlos Cayetano Cecilio César Christian Cipriano Ciro
Claudio Clemente Conrado Constantino Cristian Cristóbal Cristopher Cuauhtémoc Damián Daniel Darío David Demetrio
Dennis Diego Dionisio Domingo Donato Edgar Edgardo Eduardo Efraín Efrén Elías Eligio Eliseo Emanuel Emiliano Emilio
Emmanuel Enrique Erick Eric Ernesto Esaú Esteban Eugenio Eusebio Ezequiel Fabián Fabio Faustino Fausto Federico
Felipe Félix Fermín Fernando Fidel Filiberto Flavio Florencio Francisco Franco Gabino Gabriel Gael Gaspar Gerardo
Germán Gerónimo Gilberto Gildardo Giovanni Gonzalo Gregorio Guadalupe Guillermo Gustavo Héctor Heriberto Hernán
Hilario Homero Horacio Hugo Humberto Ignacio Isaac Isaías Isidro Ismael Israel Iván Jacinto Jacobo Jaime Javier
Jeremías Jerónimo Jesús Joaquín Joel Jonás Jonathan Jordi Jorge José Josué Juan Julián Julio Justino Kevin Lázaro
Leandro Leobardo Leonardo Leonel Leopoldo Lorenzo Lucas Luciano Lucio Luis Manuel Marcelino Marcelo Marco Marcos
Mariano Mario Martín Mateo Matías Mauricio Mauro Maximiliano Máximo Melchor Miguel Moisés Napoleón Narciso Natanael
Nazario Néstor Nicanor Nicolás Noé Norberto Octavio Omar Orlando Óscar Oscar Osvaldo Pablo Pascual Patricio Paulino
Pedro Porfirio Rafael Ramiro Ramón Raúl Refugio Reinaldo Renato René Reyes Reynaldo Ricardo Roberto Rodolfo Rodrigo
Rogelio Rolando Román Romeo Rosendo Rubén Rufino Salomón Salvador Samuel Santiago Saúl Sebastián Serafín Sergio
Silvestre Simón Teodoro Timoteo Tobías Tomás Ulises Valentín Valerio Vicente Víctor Virgilio Wenceslao Xavier Yahir
Zacarías Abdiel Amílcar Anselmo Arcadio Baudelio Bernardino Celestino Ceferino Crisanto Dagoberto Edmundo Eleazar
Eleuterio Eloy Emigdio Erasmo Evaristo Everardo Fortino Froylán Genaro Gumersindo Herminio Higinio Hipólito
Inocencio Isauro Jenaro Juventino Lamberto Librado Lino Macario Marcial Margarito Maximino Modesto Nabor Nemesio
Onésimo Pánfilo Plácido Primitivo Prudencio Rigoberto Rómulo Saturnino Severiano Tiburcio Tranquilino Trinidad
Ubaldo Wilfrido Ximena Joan Josep Pere Pau Iñaki Iker Unai Aitor Asier Gorka Jon Mikel Xabier Xosé Anxo Brais Iago
Xoán Nuno João Thiago Tiago Rui Arnau Oriol Marc Bernat Guillem Lluís Ferran Enric Ramon Quim Sergi Gerard Adrià
Aleix Izan Leo Dylan Enzo Thomas Matteo Mathias Lionel Gianluca Luca Santino Benicio Bautista Valentino Facundo
Nahuel Lautaro Wilson Wilmer Edwin Edison Jhon John Jhonatan Brayan Bryan Anderson Yeison Yeferson Duván Harold
Henry William Walter Wálter Franklin Freddy Fredy Jairo Jhonny Johnny Nelson Richard Robert Ronald Steven Kenneth
Jefferson Alexánder Kléber Fabricio Rommel Byron Galo Hólger Darwin Lenin Ángelo Aldo Bladimir Vladimir Boris Igor
Yuri Dmitri Pavel Abdón Adalid Amaury Bairon Benigno Cándido Celso Cosme Delfino Dimas Elpidio Feliciano Florentino
Gamaliel Gervasio Hermenegildo Ildefonso Isidoro Jaciel Jeshua Leonides Liborio Lisandro Ludovico Marciano Melitón
Octaviano Pío Policarpo Rosalío Sabino Sinforoso Teófilo Urías Zenón Alvaro Fermin Baltazar Osbaldo Oswaldo Eliazar
Abundio Anacleto Cirilo Eustaquio Pantaleón Rosalino
"""
_GIVEN_FEMALE = """
Asunción Ascensión Purificación Inmaculada Remedios Milagros Montserrat Rocío Consolación Visitación
Abigail Adela Adelaida Adriana Agustina Aída Alba Alejandra Alicia Alina Alma Almudena Amalia Amelia Amparo Ana
Anabel Andrea Ángela Angélica Angelina Anita Antonia Araceli Aracely Ariadna Ariana Aurora Azucena Beatriz Belén
Berenice Bertha Berta Blanca Brenda Briseida Carina Carla Carlota Carmen Carolina Catalina Cecilia Celia Celina
Cinthia Citlali Citlalli Clara Claudia Concepción Consuelo Cristina Daniela Débora Delia Diana Dolores Dora Dulce
Edith Elena Elia Eliana Elisa Elizabeth Eloísa Elsa Elvira Emilia Emma Encarnación Esmeralda Esperanza Estefanía
Estela Esther Eugenia Eva Evangelina Fabiola Fátima Fernanda Florencia Francisca Frida Gabriela Genoveva Georgina
Gisela Gladys Gloria Graciela Guadalupe Hortensia Ileana Inés Ingrid Irene Iris Irma Isabel Isabela Itzel Ivonne
Jacqueline Janeth Janet Jazmín Jessica Jimena Josefa Josefina Juana Judith Julia Juliana Julieta Karen Karina Karla
Laura Leticia Lidia Liliana Lilia Lorena Lourdes Lucía Luisa Luz Magdalena Maite Manuela Marcela Margarita María
Mariana Maribel Maricela Marina Marisa Marisol Marta Martha Mayra Mercedes Micaela Mireya Miriam Mónica Montserrat
Nadia Natalia Nayeli Nelly Nidia Noemí Norma Nuria Olga Olivia Paloma Pamela Paola Patricia Paula Paulina Perla
Pilar Raquel Rebeca Regina Reyna Rocío Rosa Rosalba Rosalía Rosario Rosaura Rosana Rossana Ruth Sandra Sara Selene
Silvia Sofía Soledad Sonia Susana Tania Teresa Tere Valentina Valeria Verónica Victoria Virginia Viridiana Vanessa
Ximena Xóchitl Yadira Yesenia Yolanda Zoila Zulema Aline Annika Alondra Carmela Cintia Concha Lupita Mayte Marisela
Marisel Mirna Myrna Nallely Nancy Noelia Ofelia Reina Rosalinda Rosenda Sahira Tatiana Trinidad Úrsula Vilma Wendy
Yazmín Zaira Zuleima Adelina Adilene Alexa Alexandra Ámbar Anahí Antonella Aranza Aitana Ainhoa Arantxa Arantza
Begoña Edurne Garazi Idoia Itziar Leire Maialen Miren Nerea Uxue Amaia Irati Laia Montse Mireia Núria Roser
Meritxell Neus Queralt Judit Iria Uxía Antía Sabela Xiana Zoe Martina Renata Agostina Milagros Celeste Camila
Delfina Lucila Mariela Romina Sabrina Yanina Vanina Mirta Nélida Stella Silvina Yamila Yésica Jennifer Johana
Yuliana Leidy Lina Yuri Jenny Kelly Katherine Stephanie Estefany Heidi Hilda Ivette Ivón Jazmine Karime Kenia
Lizbeth Lizeth Marlene Maritza Minerva Mitzi Nohemí Odalys Rubí Sarahí Sayuri Selena Vianey Xiomara Yareli Yaritza
Yessica Zaida Agripina Amanda Aurelia Beatris Candelaria Casandra Celestina Cinthya Clarisa Constanza Dalia Damaris
Dayana Deyanira Elisabet Elodia Enriqueta Erika Érika Eulalia Evelyn Felícitas Filomena Gregoria Herminia Ignacia
Imelda Isela Jovita Leonor Lilián Lorenza Lucero Luciana Macrina Marcia Mariel Maura Melina Melissa Natividad Nora
Ramona Renée Rita Rosina Sabina Salomé Selma Socorro Teodora Tomasa Yolotl Zenaida
"""
GIVEN_NAMES = frozenset(fold(w) for w in (_GIVEN_MALE + _GIVEN_FEMALE).split()) | {"ma", "ma."}
_FEMALE_ONLY = frozenset(fold(w) for w in _GIVEN_FEMALE.split()) - frozenset(fold(w) for w in _GIVEN_MALE.split())


def is_given_name(word: str) -> bool:
    """'José', 'MARÍA', 'Ma.', 'Xóchitl': a word commonly used as a first name."""
    return fold(word).strip(",;:") in GIVEN_NAMES


def is_female_given_name(word: str) -> bool:
    """'Marcela', 'Ma.', 'Itzel': a given name borne by women (and not also by men, as "Guadalupe" is)."""
    w = fold(word).strip(",;:")
    return w in _FEMALE_ONLY or w in {"ma", "ma."}

"""Format detection reads the content, never the name, and rejects what it cannot read with a reason."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from ingest.errors import EmptyFile, EncryptedFile, IngestError, UnknownFormat
from ingest.parse import detect_format, parse_bytes, parse_file
from tests.ingest.parse.factories import canvas_pdf, docx_bytes, tiny_png, zip_bytes


def test_pdf_by_magic_whatever_the_name() -> None:
    assert detect_format(canvas_pdf([["Acta"]]), "acta.txt") == "pdf"


def test_docx_is_a_zip_holding_word_document_xml() -> None:
    assert detect_format(docx_bytes(lambda d: d.add_paragraph("Hola")), "minuta.bin") == "docx"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (zip_bytes({"datos.csv": "a,b\n1,2\n"}), "zip archive without a Word document"),
        (zip_bytes({"xl/workbook.xml": "<x/>"}), "Excel workbook"),
        (b"GIF89a" + bytes(100), "GIF image"),
        (b"BM" + bytes(100), "BMP image"),
        (b"MZ\x90\x00" + bytes(200), "Windows executable"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "ELF executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "legacy Office document"),
        (bytes(range(256)) * 8, "NUL bytes"),
    ],
)
def test_binary_files_are_unknown_with_a_reason(data: bytes, words: str) -> None:
    with pytest.raises(UnknownFormat) as err:
        detect_format(data, "archivo.pdf")
    assert err.value.reason.startswith("binary file of unknown format (")
    assert words in err.value.reason
    assert "\n" not in err.value.reason


@pytest.mark.parametrize(
    "data",
    [tiny_png(), b"\xff\xd8\xff\xe0" + bytes(100), b"II*\x00" + bytes(100), b"MM\x00*" + bytes(100)],
    ids=["png", "jpeg", "tiff-le", "tiff-be"],
)
def test_scanned_image_formats_are_documents(data: bytes) -> None:
    assert detect_format(data, "escaneo") == "image"


def test_random_bytes_are_unknown() -> None:
    noise = random.Random(7).randbytes(4096)
    with pytest.raises(UnknownFormat):
        parse_bytes(noise, "ruido.txt")


def test_random_bytes_without_nul_are_still_unknown() -> None:
    noise = bytes(b for b in random.Random(3).randbytes(6000) if b)
    with pytest.raises(UnknownFormat):
        parse_bytes(noise, "ruido.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff  \n".encode()])
def test_empty_or_blank_is_empty(data: bytes) -> None:
    with pytest.raises(EmptyFile):
        parse_bytes(data, "vacio.txt")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>Acta</p></body></html>", "html"),
        ("<!-- aviso -->\n<html lang='es'><p>Acta</p></html>", "html"),
        ("<h3>Comunicado</h3>\n<p>El IMPLAN informa.</p>\n<p>Atentamente.</p>", "html"),
        ("##El IMPLAN aprueba el convenio\n\nTexto de la nota.", "markdown"),
        ("El Consejo aprobó el **Plan Estratégico** por unanimidad.", "markdown"),
        ("Acuerdos:\n\n- Publicar el acta.\n- Convocar a sesión.\n", "markdown"),
        ("| Nombre | Cargo |\n|---|---|\n| Ana | Presidenta |\n", "markdown"),
        ("Texto con una imagen <img src='a.jpg'> y un salto </br> sueltos.\n\nOtro párrafo.", "markdown"),
        ("Acta de la sesión.\n\nSe aprobó el orden del día.\n", "text"),
        ("- un solo guion no hace una lista\n\nTexto normal.", "text"),
    ],
)
def test_text_formats(text: str, fmt: str) -> None:
    assert detect_format(text.encode(), "sin-extension") == fmt


def test_markdown_named_pdf_is_markdown() -> None:
    doc = parse_bytes(b"# Acta de la sesion\n\nSe aprobaron **tres** acuerdos.\n", "acta.pdf")
    assert doc.format == "markdown"
    assert doc.file == "acta.pdf"
    assert doc.text == "Acta de la sesion\n\nSe aprobaron tres acuerdos."


def test_file_name_is_only_a_label(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-existe" / "acta.txt")
    doc = parse_bytes("Acta de la sesión.".encode(), missing)
    assert doc.file == missing
    assert not (tmp_path / "no-existe").exists()


def test_parse_file_reads_bytes_and_names_the_document(tmp_path: Path) -> None:
    path = tmp_path / "minuta.md"
    path.write_bytes(b"## Minuta\n\nTexto de la minuta.")
    before = sorted(tmp_path.iterdir())
    doc = parse_file(path)
    assert (doc.file, doc.format, doc.title) == ("minuta.md", "markdown", "Minuta")
    assert sorted(tmp_path.iterdir()) == before


def test_encrypted_office_container_is_encrypted() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    with pytest.raises(EncryptedFile):
        parse_bytes(data, "protegido.docx")


def test_errors_name_the_file_and_carry_a_code() -> None:
    with pytest.raises(IngestError) as err:
        parse_bytes(b"", "nada.txt")
    assert err.value.file == "nada.txt"
    assert err.value.code == "empty_file"
    assert str(err.value) == "nada.txt: the file is empty"


@pytest.mark.parametrize(
    "line",
    [
        "El H. Cabildo de San Juan de las Lomas aprobó por mayoría el acuerdo SO-07/2024 del alumbrado público.",
        "El Pleno del Ayuntamiento de Villanueva del Río aprobó con doce votos a favor la ordenanza de terrazas.",
    ],
    ids=["cabildo", "pleno"],
)
def test_a_few_stray_control_characters_leave_text_readable_but_many_make_it_binary(line: str) -> None:
    # tabs, form feeds and vertical tabs are layout; a page break or two of other controls is an accident
    readable = "\t" + line + "\f\v\r\n" + line + "\x0c\x1b" + line + "\x85\n"
    assert parse_bytes((readable * 20).encode("utf-8"), "acta.txt").text.count(line) == 60
    # one control character in every dozen or so is no text file
    garbled = "".join(f"{word}\x02" if i % 2 else f"{word}\x91" for i, word in enumerate((line * 20).split()))
    with pytest.raises(UnknownFormat, match="binary file of unknown format"):
        parse_bytes(garbled.encode("utf-8"), "acta.txt")

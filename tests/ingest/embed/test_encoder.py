"""The dense encoder on the real converted model, through sentence-transformers."""

from __future__ import annotations

import numpy as np

from ingest.embed.encoder import DEFAULT_MODEL, resolve_model


def test_shape_prompts_and_normalisation(encoder) -> None:
    assert encoder.dim == 384
    assert encoder.max_tokens == 512
    assert (encoder.query_prompt, encoder.passage_prompt) == ("query: ", "passage: ")
    vectors = encoder.encode_passages(["Acta de la sesión", "Convenio con el INFONAVIT"])
    assert vectors.shape == (2, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert encoder.encode_passages([]).shape == (0, 384)


def test_spanish_meaning_ranks_the_right_passage_first(encoder) -> None:
    passages = [
        "Se discutió la falta de agua potable y la sobreexplotación de los acuíferos de la región.",
        "El Cabildo aprobó el reglamento de anuncios publicitarios en la vía pública.",
        "Se presentó el informe de actividades deportivas del verano.",
    ]
    vectors = encoder.encode_passages(passages)
    query = encoder.encode_query("reuniones donde se habló de escasez de agua")
    assert int(np.argmax(vectors @ query)) == 0


def test_query_and_passage_prompts_differ(encoder) -> None:
    text = "plan de movilidad activa"
    assert not np.allclose(encoder.encode_query(text), encoder.encode_passages([text])[0])


def test_token_counts(encoder) -> None:
    assert encoder.count_tokens("") == 0
    assert encoder.count_tokens("convenio INFONAVIT") >= 2
    assert encoder.prompt_tokens() >= 3  # "passage: " plus <s> and </s>


def test_names_resolve_to_local_folders(e5_model_dir, tmp_path) -> None:
    # The default name is the prepared folder under models_dir; it is complete, so nothing is converted.
    assert resolve_model(DEFAULT_MODEL, models_dir=e5_model_dir.parent) == str(e5_model_dir)
    assert resolve_model(str(e5_model_dir), models_dir=tmp_path) == str(e5_model_dir)
    assert resolve_model("some-org/other-model", models_dir=tmp_path) == "some-org/other-model"

"""Register a local model from the Catalog page: type, format and name come from the files; an empty or unusable
name is said beside the field and never reaches the server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.core.settings import Profile, Settings
from app.ui.context import AppContext
from app.ui.dialogs.register_dialog import RegisterDialog
from app.ui.pages.catalog import CatalogPage
from tests.e2e.launch_fixtures import close_ctx


def test_catalog_register_detects_the_folder_and_guards_the_name(qtbot: Any, qloop: Any, tmp_path: Path) -> None:
    ctx = AppContext(Settings(profiles=[Profile(name="t", kind="remote", endpoint="http://127.0.0.1:9")],
                              current="t"))
    page = CatalogPage(ctx)
    qtbot.addWidget(page)
    page.register_button.click()
    dialog = next(d for d in page.dialogs if isinstance(d, RegisterDialog))
    sent: list[Any] = []
    ctx.client().register_model = lambda *a, **k: sent.append(a)  # type: ignore[method-assign]
    assert not dialog.register_button.isEnabled() and not dialog.name_error.isVisibleTo(dialog)

    reranker = tmp_path / "BGE Reranker Tiny"
    reranker.mkdir()
    (reranker / "config.json").write_text(json.dumps({"architectures": ["BertForSequenceClassification"],
                                                      "num_labels": 1}))
    dialog.path.setText(str(reranker))
    assert dialog.model_type.currentText() == "rerank"
    assert dialog.name.text() == "bge-reranker-tiny" and dialog.register_button.isEnabled()
    assert "cross-encoder" in dialog.detected_label.text()

    # Another path replaces a suggested name, never a typed one.
    gguf = tmp_path / "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"
    gguf.write_bytes(b"GGUF")
    dialog.path.setText(str(gguf))
    assert (dialog.model_type.currentText(), dialog.name.text()) == ("LLM", "qwen2.5-0.5b-instruct")
    assert "Q4_K_M" in dialog.detected_label.text()
    dialog.name.setText("my-qwen")
    dialog.path.setText(str(reranker))
    assert dialog.name.text() == "my-qwen"

    dialog.name.setText("")
    assert not dialog.register_button.isEnabled()
    assert dialog.name_error.isVisibleTo(dialog) and "name" in dialog.name_error.text()
    dialog.name.setText("bad name/")
    assert not dialog.register_button.isEnabled() and "not usable" in dialog.name_error.text()
    dialog.register_button.click()
    qtbot.wait(50)
    assert sent == []

    dialog.path.setText(str(tmp_path / "missing"))
    assert "does not exist" in dialog.detected_label.text()
    dialog.close()
    close_ctx(ctx, qtbot)

"""examples/analyst.ipynb runs from top to bottom (nbclient), and the figures it prints are the
ones the library gives for the same population here."""

from __future__ import annotations

from pathlib import Path

import pytest

import sme_rules

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("matplotlib")

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "analyst.ipynb"
AS_OF = "2022-06-01"
VAT = "vat_small_scale_exemption"


def _printed(notebook: object) -> str:
    texts = []
    for cell in notebook.cells:  # type: ignore[attr-defined]
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                texts.append(output["text"])
    return "".join(texts)


def test_the_analyst_notebook_runs_and_prints_the_library_s_figures() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    printed = _printed(notebook)
    # the same figures, computed here
    report = sme_rules.evaluate(__import__("json").loads((NOTEBOOK.parent / "xizang_manufacturer.json").read_text(encoding="utf-8")), as_of=AS_OF)
    assert f"增值税免征: {report.status(VAT)}" in printed
    people = sme_rules.synthetic_population(50_000, seed=2022, regions=("xizang",))
    vat = sme_rules.summarise(sme_rules.screen(people, "xizang", AS_OF)).set_index("benefit").loc[VAT]
    assert "screened rows: 50000" in printed
    assert f"VAT exemption eligible: {vat['eligible']}, ineligible: {vat['ineligible']}, undetermined: {vat['undetermined']}" in printed
    found = sme_rules.compare(people, "xizang", {"vat_exempt_monthly_sales": "12万", "vat_exempt_quarterly_sales": "36万"}, as_of=AS_OF)
    assert f"moved eligible -> ineligible: {found.moved(VAT, 'eligible', 'ineligible')}" in printed
    assert found.to_text() in printed
    swept = sme_rules.sweep(people, "vat_exempt_monthly_sales", ["8万", "15万"], region="xizang", as_of=AS_OF, benefits=[VAT]).to_frame()
    for value in ("8万", "15万"):
        count = swept[(swept.value == value) & (swept.status == "eligible")]["count"].item()
        assert f"threshold {value}: eligible {count}" in printed
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert any("image/png" in o.get("data", {}) for o in outputs), "the sweep is plotted"
    assert any("text/html" in o.get("data", {}) and "<table>" in o["data"]["text/html"] for o in outputs), "the comparison shows as a table"
    assert not [o for o in outputs if o.get("output_type") == "error"]

"""The numbers of SPEC section 4, computed once per project (`pmdocs.core.derived`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pmdocs.cli import main
from pmdocs.core.config import read_settings
from pmdocs.core.derived import budget_totals, derived_values, score_band
from pmdocs.core.doctypes import ConfigError
from pmdocs.core.project import Project, load_project


def doc(type_name: str, doc_id: str, status: str, **fields: object) -> str:
    lines = [f"type: {type_name}", f"id: {doc_id}", f"title: {doc_id} title", f"status: {status}"]
    lines += [f"{name}: {json.dumps(value)}" for name, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


FILES = {
    "docs/index.md": "# Home\n",
    "docs/risk/1.md": doc("risk", "RISK-001", "open", owner="A", likelihood=4, impact=5),
    "docs/risk/2.md": doc("risk", "RISK-002", "open", owner="A", likelihood=1, impact=4),
    "docs/risk/3.md": doc("risk", "RISK-003", "open", owner="A", likelihood=3, impact=3),
    "docs/risk/4.md": doc("risk", "RISK-004", "open", owner="A", likelihood=2, impact=5),
    "docs/risk/5.md": doc("risk", "RISK-005", "open", owner="A", likelihood=9, impact=5),
    "docs/obj/1.md": doc(
        "objective", "OBJ-001", "active", period="2026-Q1",
        key_results=[
            {"text": "a", "target": 10, "current": 5},  # 0.5
            {"text": "b", "target": 4, "current": 8},  # clamped to 1
            {"text": "c", "target": "95%", "current": "80%"},  # no numbers: left out
        ],
    ),
    "docs/obj/2.md": doc(
        "objective", "OBJ-002", "active", period=2026,
        key_results=[{"text": "x", "target": "a lot", "current": "some"}],
    ),
    "docs/met/1.md": doc("metric", "MET-001", "tracking", unit="%", target=80, baseline=40, current=50),
    "docs/met/2.md": doc("metric", "MET-002", "tracking", unit="ms", target=200, baseline=500, current=350),
    "docs/met/3.md": doc("metric", "MET-003", "tracking", unit="ms", target=200, baseline=500, current=600),
    "docs/met/4.md": doc("metric", "MET-004", "tracking", unit="%", target=50, current=25),
    "docs/met/5.md": doc("metric", "MET-005", "tracking", unit="%", target=50, baseline=10, current=90),
    "docs/met/6.md": doc("metric", "MET-006", "tracking", unit="%", target=50),
    "docs/prd/1.md": doc("prd", "PRD-001", "draft", owner="A", priority="P1", kind="user", sources=["CN-001"]),
    "docs/prd/2.md": doc("prd", "PRD-002", "draft", owner="A", priority="P1", kind="user"),
    "docs/cn/1.md": doc("customer-note", "CN-001", "open", customer="X", segment="A", date="2026-01-01", requests=["PRD-001"]),
    "docs/cn/2.md": doc("customer-note", "CN-002", "open", customer="Y", segment="C", date="2026-01-01", requests=["PRD-001"]),
    "docs/cn/3.md": doc("customer-note", "CN-003", "open", customer="Z", segment="B", date="2026-01-01"),
    "docs/ms/1.md": doc("milestone", "MS-001", "planned", owner="A", due="2026-11-26"),
    "docs/ms/2.md": doc("milestone", "MS-002", "done", owner="A", due="2026-01-01"),
    "docs/ms/3.md": doc("milestone", "MS-003", "missed", owner="A", due="2026-01-01"),
    "docs/ms/4.md": doc("milestone", "MS-004", "at-risk", owner="A", due="2026-11-27"),
    "docs/bud/1.md": doc("budget", "BUD-001", "approved", amount=100, currency="EUR"),
    "docs/bud/2.md": doc("budget", "BUD-002", "approved", amount=50.5, currency="USD"),
    "docs/bud/3.md": doc("budget", "BUD-003", "approved", amount=20, currency="EUR"),
}  # fmt: skip


@pytest.fixture
def project(make_site) -> Project:
    root = make_site(FILES)
    return load_project(read_settings(root / "mkdocs.yml"))


def derived(project: Project, doc_id: str) -> dict[str, object]:
    document = project.graph.documents[doc_id]
    return derived_values(project, document)


def test_risk_score_and_band(project: Project) -> None:
    assert derived(project, "RISK-001") == {"score": 20, "band": "critical"}
    assert derived(project, "RISK-002") == {"score": 4, "band": "low"}
    assert derived(project, "RISK-003") == {"score": 9, "band": "medium"}
    assert derived(project, "RISK-004") == {"score": 10, "band": "high"}
    assert derived(project, "RISK-005") == {"score": None, "band": None}  # likelihood 9
    assert [score_band(s) for s in (1, 4, 5, 9, 10, 16, 20, 25)] == [
        "low", "low", "medium", "medium", "high", "high", "critical", "critical",
    ]  # fmt: skip


def test_objective_progress_is_the_mean_of_numeric_key_results(project: Project) -> None:
    assert derived(project, "OBJ-001") == {"progress": 0.75}
    assert derived(project, "OBJ-002") == {"progress": None}


def test_metric_progress_rising_falling_clamped_and_without_baseline(project: Project) -> None:
    assert derived(project, "MET-001") == {"progress": 0.25}
    assert derived(project, "MET-002") == {"progress": 0.5}  # falling target, value fell
    assert derived(project, "MET-003") == {"progress": 0.0}  # went the wrong way: clamped
    assert derived(project, "MET-004") == {"progress": 0.5}  # current / target
    assert derived(project, "MET-005") == {"progress": 1.0}  # past the target: clamped
    assert derived(project, "MET-006") == {"progress": None}  # no current value


def test_demand_counts_each_linked_note_once(project: Project) -> None:
    # CN-001 is linked both ways (sources and requests): it counts once, A = 3; C = 1.
    assert derived(project, "PRD-001") == {"demand": 4}
    assert derived(project, "PRD-002") == {"demand": 0}


def test_demand_follows_segment_weights(make_site) -> None:
    config = {"plugins": [{"pmdocs": {"today": "2026-11-27", "segment_weights": {"A": 10}}}]}
    root = make_site(FILES, config)
    project = load_project(read_settings(root / "mkdocs.yml"))
    assert derived(project, "PRD-001") == {"demand": 11}  # C keeps its default weight 1


@pytest.mark.parametrize("weights", [[1, 2], {"A": -1}, {"A": "high"}, {"A": True}])
def test_bad_segment_weights_are_a_config_error(make_site, weights: object) -> None:
    config = {"plugins": [{"pmdocs": {"today": "2026-11-27", "segment_weights": weights}}]}
    root = make_site(FILES, config)
    with pytest.raises(ConfigError, match="segment_weights"):
        read_settings(root / "mkdocs.yml")


def test_overdue_before_today_unless_done_or_missed(project: Project) -> None:
    assert derived(project, "MS-001") == {"overdue": True}
    assert derived(project, "MS-002") == {"overdue": False}
    assert derived(project, "MS-003") == {"overdue": False}
    assert derived(project, "MS-004") == {"overdue": False}  # due today is not overdue


def test_budget_totals_per_currency(project: Project) -> None:
    assert budget_totals(project.documents_of("budget")) == {"EUR": 120, "USD": 50.5}
    assert derived(project, "BUD-001") == {}


def test_export_carries_the_derived_numbers(make_site, monkeypatch) -> None:
    root: Path = make_site(FILES)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["export"])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in json.loads(result.stdout)["documents"]}
    assert records["RISK-001"]["derived"] == {"score": 20, "band": "critical"}
    assert records["MET-002"]["derived"] == {"progress": 0.5}
    assert records["PRD-001"]["derived"] == {"demand": 4}
    assert records["MS-001"]["derived"] == {"overdue": True}
    assert records["CN-001"]["derived"] == {}
    csv = CliRunner().invoke(main, ["export", "--format", "csv", "--type", "risk"]).stdout
    header, first = csv.splitlines()[:2]
    assert header.split(",")[-3:-1] == ["score", "band"]
    assert first.split(",")[-3:-1] == ["20", "critical"]

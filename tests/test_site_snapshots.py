"""Snapshots, byte for byte, of a rendered type index and of metadata cards.

A snapshot that differs fails the test. When the change is intended, regenerate
with ``PMDOCS_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_site_snapshots.py``
and review the diff of ``tests/snapshots/site/`` before committing it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import assert_snapshot, load_documents

from pmdocs.core.project import Project
from pmdocs.site.pages import generated_pages
from pmdocs.views import ViewContext
from pmdocs.views.card import render_card

SNAPSHOTS = Path(__file__).parent / "snapshots" / "site"
TODAY = datetime.date(2026, 11, 27)

DOCUMENTS = {
    "prd/sso.md": """---
type: prd
id: PRD-001
title: Single sign-on
status: approved
priority: P0
kind: user
owner: Ana Silva
tags: [auth, enterprise]
created: 2026-01-05
url: https://tracker.example.com/epics/12
sources: [RES-001]
---

Admins want one login.
""",
    "prd/audit.md": """---
type: prd
id: PRD-999
title: "Audit <log> & \\"export\\" | CSV"
status: draft
priority: P2
kind: business
owner: Bo
depends_on: [PRD-001]
---
""",
    "prd/reports.md": """---
type: prd
id: PRD-1000
title: 单点登录报表
status: in-progress
priority: P1
kind: technical
owner: 李雷
---
""",
    "design/login.md": """---
type: design
id: DES-001
title: Login screen
status: review
owner: Cy
updated: 2026-03-02
implements: [PRD-001, PRD-999]
---
""",
    "research/interviews.md": """---
type: research
id: RES-001
title: Admin interviews
status: done
method: qualitative
owner: Dee
---
""",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    project: Project = load_documents(tmp_path_factory.mktemp("snapshots"), DOCUMENTS)
    return project


def card(project: Project, doc_id: str, language: str) -> str:
    document = project.graph.documents[doc_id]
    return render_card(ViewContext(project, document.path, language, TODAY), document)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_type_index_page(project: Project, language: str) -> None:
    pages = generated_pages(project, language, TODAY)
    assert_snapshot(SNAPSHOTS / f"type-index-prd.{language}.md", pages["pm/prd/index.md"])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_guide_page(project: Project, language: str) -> None:
    pages = generated_pages(project, language, TODAY)
    assert_snapshot(SNAPSHOTS / f"guide-prd.{language}.md", pages["pm/guide/prd.md"])


@pytest.mark.parametrize(
    "doc_id,language",
    [("PRD-001", "en"), ("PRD-001", "zh"), ("PRD-999", "en"), ("DES-001", "en")],
)
def test_card(project: Project, doc_id: str, language: str) -> None:
    assert_snapshot(SNAPSHOTS / f"card-{doc_id}.{language}.html", card(project, doc_id, language))


def test_rendering_is_deterministic(project: Project) -> None:
    assert generated_pages(project, "en", TODAY) == generated_pages(project, "en", TODAY)
    assert card(project, "PRD-001", "en") == card(project, "PRD-001", "en")

"""A deterministic corpus of realistic PM documents for the benchmarks.

``generate(folder, n, seed)`` writes ``n`` PM documents of all 18 built-in
types (1.5–3 KB each, English, Chinese and mixed text, valid links between
them, a roadmap of up to 500 items) into ``folder/docs`` with an
``mkdocs.yml`` next to it. The same ``n`` and ``seed`` always give the same
bytes, so figures from different runs and machines compare.

Every document is valid: ``pmdocs check`` on a corpus reports 0 errors and
0 warnings. Links point only at types the field allows, ``depends_on`` only
at lower-numbered requirements (no cycles), never at the document itself.

Run ``python benchmarks/corpus.py N [--seed S] [--out DIR]`` to write one.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import random
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_ROADMAP",
    "SHORT_NAV",
    "Corpus",
    "count_types",
    "default_folder",
    "generate",
    "mkdocs_yml",
]

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
MAX_ROADMAP = 500
MIN_BYTES, MAX_BYTES = 1500, 3000
TODAY = datetime.date(2026, 11, 27)

# Share of the corpus per type (roadmap is capped at MAX_ROADMAP; what is
# left over goes to requirements). Roughly what a product organisation of a
# few hundred people accumulates over some years.
WEIGHTS: dict[str, float] = {
    "research": 0.03,
    "roadmap": 0.05,
    "prd": 0.18,
    "design": 0.08,
    "milestone": 0.04,
    "release": 0.03,
    "metric": 0.05,
    "decision": 0.06,
    "feedback": 0.10,
    "tech-review": 0.05,
    "gtm": 0.02,
    "experiment": 0.04,
    "team": 0.01,
    "risk": 0.06,
    "objective": 0.02,
    "budget": 0.02,
    "compliance": 0.03,
    "customer-note": 0.13,
}
PREFIXES = {
    "research": "RES",
    "roadmap": "RM",
    "prd": "PRD",
    "design": "DES",
    "milestone": "MS",
    "release": "REL",
    "metric": "MET",
    "decision": "DEC",
    "feedback": "FB",
    "tech-review": "TR",
    "gtm": "GTM",
    "experiment": "EXP",
    "team": "TEAM",
    "risk": "RISK",
    "objective": "OBJ",
    "budget": "BUD",
    "compliance": "CMP",
    "customer-note": "CN",
}
STATUSES = {
    "research": ["planned", "in-progress", "done", "done"],
    "roadmap": ["proposed", "planned", "planned", "in-progress", "done", "dropped"],
    "prd": ["draft", "review", "approved", "in-progress", "shipped", "shipped", "rejected"],
    "design": ["draft", "review", "approved", "approved"],
    "milestone": ["planned", "at-risk", "done", "done", "missed"],
    "release": ["planned", "released", "released", "cancelled"],
    "metric": ["proposed", "tracking", "tracking", "retired"],
    "decision": ["proposed", "decided", "decided", "superseded"],
    "feedback": ["new", "triaged", "triaged", "closed"],
    "tech-review": ["draft", "done", "done"],
    "gtm": ["planned", "active", "done"],
    "experiment": ["planned", "running", "concluded", "concluded"],
    "team": ["active", "active", "active", "archived"],
    "risk": ["open", "open", "mitigating", "accepted", "closed"],
    "objective": ["draft", "active", "achieved", "missed"],
    "budget": ["draft", "approved", "closed"],
    "compliance": ["open", "compliant", "compliant", "non-compliant", "waived"],
    "customer-note": ["open", "followed-up", "closed"],
}
# Link fields per type: field -> allowed target types ("any" for every type).
LINKS: dict[str, dict[str, list[str]]] = {
    "roadmap": {"delivers": ["prd"], "supports": ["objective"]},
    "prd": {"sources": ["research", "customer-note", "feedback"], "depends_on": ["prd"]},
    "design": {"implements": ["prd"]},
    "milestone": {"covers": ["prd", "roadmap"]},
    "release": {"includes": ["prd"]},
    "metric": {"measures": ["prd", "objective", "release"]},
    "decision": {"affects": ["any"]},
    "feedback": {"relates_to": ["prd", "release"]},
    "tech-review": {"reviews": ["prd", "design"]},
    "gtm": {"promotes": ["release"]},
    "experiment": {"tests": ["prd", "metric"]},
    "team": {"owns": ["roadmap", "prd"]},
    "risk": {"threatens": ["prd", "roadmap", "release", "milestone"]},
    "budget": {"funds": ["roadmap", "gtm"]},
    "compliance": {"applies_to": ["prd", "release"]},
    "customer-note": {"requests": ["prd"]},
}
# How many targets a link field lists: (fewest, most).
LINK_COUNTS: dict[str, tuple[int, int]] = {
    "delivers": (1, 4),
    "supports": (0, 2),
    "sources": (0, 3),
    "depends_on": (0, 2),
    "implements": (1, 2),
    "covers": (1, 3),
    "includes": (1, 6),
    "measures": (1, 2),
    "affects": (1, 3),
    "relates_to": (0, 2),
    "reviews": (1, 2),
    "promotes": (1, 1),
    "tests": (1, 2),
    "owns": (2, 6),
    "threatens": (1, 3),
    "funds": (1, 2),
    "applies_to": (1, 3),
    "requests": (1, 2),
}

# ---------------------------------------------------------------- vocabulary

PEOPLE = [
    "Priya Raman", "Daniel Okafor", "Erik Johansen", "Maria Lopez", "Tom Becker",
    "Aiko Tanaka", "Sofia Rossi", "James Whitfield", "Lena Vogel", "Omar Haddad",
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄晓明", "周婷", "吴刚",
]  # fmt: skip
ROLES = [
    "Product manager", "Tech lead", "Designer", "Data analyst", "QA engineer",
    "产品经理", "技术负责人", "交互设计师", "数据分析师", "前端工程师",
]  # fmt: skip
CUSTOMERS = [
    "Nordhavn Retail AS", "Casa Verde", "Brightway Stores", "Alpine Outfitters",
    "Harbour Foods", "Kestrel Pharmacy", "Maple & Co", "Lumière Beauté",
    "上海悦家超市", "北京华联", "深圳优选便利", "杭州味道餐饮", "成都天府商贸", "广州新百货",
]  # fmt: skip
FEATURES_EN = [
    "single sign-on", "role-based access", "audit log", "scheduled reports",
    "demand forecasting", "offline dashboards", "anomaly alerts", "CSV export",
    "POS integration", "store comparisons", "mobile app", "data residency",
    "promotion planning", "inventory alerts", "onboarding checklist", "SCIM provisioning",
]  # fmt: skip
FEATURES_ZH = [
    "单点登录", "角色权限", "审计日志", "定时报表", "需求预测", "离线看板", "异常告警",
    "数据导出", "收银系统对接", "门店对比", "移动端应用", "数据本地化", "促销规划",
    "库存预警", "新手引导", "企业微信集成",
]  # fmt: skip
THEMES = [
    "Enterprise readiness", "Insights", "Mobile", "Platform", "China expansion",
    "中国市场", "数据智能", "Growth",
]  # fmt: skip
TAGS = [
    "enterprise", "security", "mobile", "china", "insights", "pricing", "onboarding",
    "integration", "compliance", "performance", "企业版", "移动端", "数据",
]  # fmt: skip
CHANNELS = ["support", "survey", "app store", "sales call", "community forum", "客服", "微信群"]
METHODS = ["quantitative", "qualitative", "mixed"]
REGULATIONS = [
    ("GDPR", "EU"), ("PIPL", "CN"), ("Bokføringsloven", "NO"), ("CCPA", "US-CA"),
    ("网络安全法", "CN"), ("ISO 27001", "global"), ("SOC 2", "US"), ("LGPD", "BR"),
]  # fmt: skip
UNITS = ["%", "ms", "users", "stores", "CNY", "min", "次/周"]
CURRENCIES = ["USD", "EUR", "CNY", "NOK", "GBP"]
PERSONAS_EN = ["store managers", "regional managers", "finance teams", "workspace admins"]
PERSONAS_ZH = ["店长", "区域经理", "财务人员", "系统管理员", "运营专员"]
MONTHS_EN = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip

SENTENCES_EN = [
    "{customer} asked for {feature} before their renewal in {month}.",
    "Today {persona} spend about {n} minutes a day on this; we want to halve that.",
    "We interviewed {n} {persona} and {pct}% of them named {feature} as a top-three problem.",
    "The first version covers {feature} only; {feature2} follows in a later release.",
    "Support logged {n} tickets about {feature} last quarter, most of them from segment A.",
    "Engineering estimates {n} person-weeks, including tests and the migration of old data.",
    "The main risk is that {feature} depends on {feature2}, which is not yet scheduled.",
    "Success means that {pct}% of active workspaces use {feature} within 90 days of launch.",
    "We will not build a custom solution per customer; configuration must cover {pct}% of cases.",
    "Sales reports that {feature} came up in {k} of the last 40 enterprise deals.",
    "Out of scope: changes to billing, and anything that needs a new mobile release.",
    "The design keeps the current navigation; {feature} lives under Settings.",
    "Legal reviewed the data flows on {month} {day} and asked for a retention limit.",
    "Open question: do {persona} need {feature2} on day one, or can it wait?",
    "A pilot with {customer} runs for six weeks, with a weekly review of the numbers.",
]
SENTENCES_ZH = [
    "{customer}希望在{month}月之前上线{feature}，这是续约的前提条件。",
    "目前{persona}每天大约花{n}分钟处理这件事，我们的目标是减少一半。",
    "我们访谈了{n}位{persona}，其中{pct}%把{feature}列为最迫切的三个问题之一。",
    "第一个版本只包含{feature}，{feature2}会在后续版本中交付。",
    "上个季度客服共收到{n}个与{feature}相关的工单，大部分来自A类客户。",
    "研发评估需要{n}人周，包括测试和历史数据迁移。",
    "主要风险在于{feature}依赖{feature2}，而后者尚未排期。",
    "成功标准：上线后90天内，{pct}%的活跃工作区开始使用{feature}。",
    "我们不会为单个客户做定制开发，配置项需要覆盖{pct}%的场景。",
    "销售反馈，最近40个企业客户商机中有{k}个提到了{feature}。",
    "不在本期范围：计费相关改动，以及需要发布新版移动端的功能。",
    "设计上保持现有导航结构，{feature}放在“设置”页面下。",
    "法务于{month}月{day}日审阅了数据流向，要求增加数据保留期限。",
    "待定问题：{persona}是否在第一天就需要{feature2}，还是可以延后？",
    "与{customer}的试点为期六周，每周复盘一次数据。",
]
HEADINGS = {
    "en": ["Context", "Problem", "Goals", "Details", "Open questions", "Next steps", "Notes"],
    "zh": ["背景", "问题", "目标", "详细说明", "待定问题", "下一步", "备注"],
}
TITLE_EN = [
    "{Feature} for {persona}", "{Feature}: first release", "Improve {feature}",
    "{Feature} in the admin console", "{Feature} v2", "Faster {feature}",
]  # fmt: skip
TITLE_ZH = ["{feature}优化", "{feature}（第一期）", "面向{persona}的{feature}", "{feature}改版"]
# Types whose titles read differently from a feature name.
TYPE_TITLES = {
    "team": (["{Theme} squad", "{Theme} platform team"], ["{theme}小组", "{theme}项目组"]),
    "objective": (
        ["Grow {feature} adoption", "Win {persona} with {feature}"],
        ["提升{feature}使用率", "{theme}目标"],
    ),
    "risk": (["{Feature} slips past the launch date", "{Feature} fails under load"],
             ["{feature}延期风险", "{feature}性能风险"]),
    "budget": (["{Theme} budget", "{Feature} launch budget"], ["{theme}预算", "{feature}推广预算"]),
    "release": (["{Theme} release", "{Feature} general availability"], ["{feature}正式发布"]),
    "milestone": (["{Feature} beta", "{Feature} code complete"], ["{feature}内测", "{feature}提测"]),
}  # fmt: skip


@dataclass
class Corpus:
    """What was written: the folder, the config and the documents' ids by type."""

    folder: Path
    config: Path
    docs_dir: Path
    ids: dict[str, list[str]]
    files: list[Path] = field(default_factory=list)

    @property
    def documents(self) -> int:
        return sum(len(ids) for ids in self.ids.values())

    @property
    def total_bytes(self) -> int:
        return sum(path.stat().st_size for path in self.files)


def count_types(n: int) -> dict[str, int]:
    """How many documents of each type a corpus of ``n`` holds (every type once from 18)."""
    counts = {name: 0 for name in WEIGHTS}
    if n >= len(WEIGHTS):
        counts = {name: 1 for name in WEIGHTS}
    remaining = n - sum(counts.values())
    for name, weight in WEIGHTS.items():
        extra = int(n * weight) - counts[name]
        if name == "roadmap":
            extra = min(extra, MAX_ROADMAP - counts[name])
        extra = max(0, min(extra, remaining))
        counts[name] += extra
        remaining -= extra
    counts["prd"] += remaining
    return counts


def default_folder(n: int, seed: int) -> Path:
    return OUT / f"corpus-{n}-seed{seed}"


def generate(folder: Path, n: int, seed: int = 1, pmdocs: bool = True) -> Corpus:
    """Write a corpus of ``n`` documents into ``folder`` (emptied first)."""
    if folder.exists():
        shutil.rmtree(folder)
    docs_dir = folder / "docs"
    docs_dir.mkdir(parents=True)
    counts = count_types(n)
    ids = {name: [f"{PREFIXES[name]}-{i:03d}" for i in range(1, count + 1)]
           for name, count in counts.items()}  # fmt: skip
    writer = _Writer(random.Random(seed), ids)
    files = []
    for type_name in WEIGHTS:
        for index, doc_id in enumerate(ids[type_name]):
            relative, text = writer.document(type_name, index, doc_id)
            path = docs_dir / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            files.append(path)
    _write_pages(docs_dir, ids)
    config = folder / "mkdocs.yml"
    config.write_text(mkdocs_yml(n, pmdocs), encoding="utf-8")
    return Corpus(folder, config, docs_dir, ids, files)


SHORT_NAV = (("Home", "index.md"), ("How we work", "about/how-we-work.md"))


def ensure(folder: Path, n: int, seed: int) -> Path:
    """``folder`` holding the corpus for (n, seed), regenerated only when it or this file changed."""
    stamp = folder / ".stamp"
    generator = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    wanted = f"{n} {seed} {generator}\n"
    if not (stamp.is_file() and stamp.read_text() == wanted):
        print(f"generating {n:,} documents in {folder} ...", flush=True)
        generate(folder, n, seed)
        stamp.write_text(wanted)
    return folder


def mkdocs_yml(n: int, pmdocs: bool = True, nav: tuple[tuple[str, str], ...] = SHORT_NAV) -> str:
    """The site config: Material, search, a short nav (what large sites should use)."""
    plugins = "  - search\n"
    if pmdocs:
        plugins += f"  - pmdocs:\n      today: {TODAY.isoformat()}\n"
    entries = "".join(f"  - {title}: {path}\n" for title, path in nav)
    return (
        f"site_name: Benchmark corpus ({n} documents)\n"
        "docs_dir: docs\n"
        "theme:\n  name: material\n  font: false\n"
        f"nav:\n{entries}"
        f"plugins:\n{plugins}"
    )


def _write_pages(docs_dir: Path, ids: dict[str, list[str]]) -> None:
    """Two ordinary pages (no ``type``) with inline references, as real sites have."""
    some = [ids[name][0] for name in ("prd", "roadmap", "risk") if ids[name]]
    refs = ", ".join(f"[[{doc_id}]]" for doc_id in some)
    (docs_dir / "index.md").write_text(
        f"# Product documents\n\nStart with {refs or 'the roadmap'}.\n", encoding="utf-8"
    )
    about = docs_dir / "about"
    about.mkdir(exist_ok=True)
    (about / "how-we-work.md").write_text(
        "---\ntitle: How we work\n---\n\n# How we work / 工作方式\n\n"
        "Every requirement has an owner and a priority. 每个需求都有负责人和优先级。\n"
        "Write `[[PRD-001]]` to link a requirement.\n",
        encoding="utf-8",
    )


# Query blocks of every `show`, over several types; `{id}` is a document's id.
QUERY_BLOCKS = (
    "show: table\ntype: prd\nwhere:\n  priority: [P0, P1]\nsort: [priority, -updated]\nlimit: 25",
    "show: list\ntype: risk\nwhere:\n  status: {{not: [closed]}}\nsort: [-score]\nlimit: 10",
    "show: count\ntype: roadmap\ngroup_by: horizon",
    "show: board\ntype: prd\nwhere:\n  owner: Tom Becker",
    "show: chart\ntype: feedback\ngroup_by: status",
    "show: table\nwhere:\n  linked: {id}\ncolumns: [id, title, type, status]",
    "show: table\ntype: milestone\nwhere:\n  due: {{after: 2026-01-01}}\nsort: [due]",
    "show: list\ntype: [customer-note, feedback]\nsort: [-created]\nlimit: 15\ngroup_by: type",
)
QUERIES_PER_PAGE = 20


def write_query_pages(docs_dir: Path, ids: list[str], count: int) -> list[Path]:
    """Ordinary pages under ``queries/`` holding ``count`` query blocks in all, as a
    team's review pages would: each block one of `QUERY_BLOCKS`, in turn."""
    folder = docs_dir / "queries"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pages = []
    for page in range(-(-count // QUERIES_PER_PAGE)):
        parts = [f"# Review {page + 1}\n"]
        for number in range(page * QUERIES_PER_PAGE, min(count, (page + 1) * QUERIES_PER_PAGE)):
            block = QUERY_BLOCKS[number % len(QUERY_BLOCKS)].format(id=ids[number % len(ids)])
            parts.append(f"## Query {number + 1}\n\n```pmdocs\n{block}\n```\n")
        path = folder / f"review-{page + 1:03d}.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        pages.append(path)
    return pages


class _Writer:
    """Builds one document's text at a time from a seeded random source."""

    def __init__(self, rng: random.Random, ids: dict[str, list[str]]) -> None:
        self.rng = rng
        self.ids = ids
        self.all_ids = [doc_id for name in WEIGHTS for doc_id in ids[name]]
        self.fields: dict[str, Callable[[], list[tuple[str, Any]]]] = {
            "research": lambda: [("method", self.pick(METHODS))],
            "roadmap": self._roadmap,
            "prd": lambda: [
                ("priority", self.pick(["P0", "P1", "P1", "P2", "P2", "P3"])),
                ("kind", self.pick(["user", "business", "technical"])),
            ],
            "design": list,
            "milestone": lambda: [("due", self.date())],
            "release": lambda: [("version", self._version()), ("date", self.date())],
            "metric": self._metric,
            "decision": lambda: [("decided_on", self.date())],
            "feedback": lambda: [("channel", self.pick(CHANNELS)), ("received", self.date())],
            "tech-review": lambda: [("feasibility", self.pick(["high", "medium", "low"]))],
            "gtm": lambda: [("channels", self.sample(CHANNELS, 1, 3))],
            "experiment": lambda: [
                ("hypothesis", self.sentence("en")),
                ("result", self.pick(["pending", "validated", "invalidated"])),
            ],
            "team": self._team,
            "risk": self._risk,
            "objective": self._objective,
            "budget": lambda: [
                ("amount", self.rng.randrange(5, 500) * 1000),
                ("currency", self.pick(CURRENCIES)),
            ],
            "compliance": self._compliance,
            "customer-note": lambda: [
                ("customer", self.pick(CUSTOMERS)),
                ("segment", self.pick(["A", "B", "B", "C"])),
                ("date", self.date()),
            ],
        }

    # ------------------------------------------------------------ primitives

    def pick(self, items: list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def sample(self, items: list[Any], fewest: int, most: int) -> list[Any]:
        count = min(len(items), self.rng.randint(fewest, most))
        return self.rng.sample(items, count)

    def date(self, start: datetime.date = datetime.date(2025, 1, 1), span: int = 900) -> str:
        return (start + datetime.timedelta(days=self.rng.randrange(span))).isoformat()

    def sentence(self, language: str) -> str:
        zh = language == "zh"
        template = self.pick(SENTENCES_ZH if zh else SENTENCES_EN)
        features = FEATURES_ZH if zh else FEATURES_EN
        return template.format(
            customer=self.pick(CUSTOMERS),
            feature=self.pick(features),
            feature2=self.pick(features),
            persona=self.pick(PERSONAS_ZH if zh else PERSONAS_EN),
            month=self.rng.randint(1, 12) if zh else self.pick(MONTHS_EN),
            day=self.rng.randint(1, 28),
            n=self.rng.randint(3, 60),
            k=self.rng.randint(2, 30),
            pct=self.rng.randint(10, 90),
        )

    # ------------------------------------------------------- type fields

    def _roadmap(self) -> list[tuple[str, Any]]:
        values: list[tuple[str, Any]] = [
            ("theme", self.pick(THEMES)),
            ("horizon", self.pick(["now", "next", "next", "later"])),
        ]
        if self.rng.random() < 0.85:  # the rest are unscheduled
            start = datetime.date(2025, 7, 1) + datetime.timedelta(days=self.rng.randrange(600))
            end = start + datetime.timedelta(days=self.rng.randint(14, 200))
            values += [("start", start.isoformat()), ("end", end.isoformat())]
        return values

    def _version(self) -> Any:
        major, minor = self.rng.randint(1, 5), self.rng.randint(0, 12)
        if self.rng.random() < 0.3:
            return float(f"{major}.{minor or 1}")
        return f'"{major}.{minor}.{self.rng.randint(0, 9)}"'

    def _metric(self) -> list[tuple[str, Any]]:
        baseline = self.rng.randint(5, 60)
        values: list[tuple[str, Any]] = [
            ("unit", self.pick(UNITS)),
            ("target", baseline + self.rng.randint(5, 30)),
            ("baseline", baseline),
        ]
        if self.rng.random() < 0.7:
            values.append(("current", round(baseline + self.rng.random() * 20, 1)))
        return values

    def _team(self) -> list[tuple[str, Any]]:
        members = [{"name": name, "role": self.pick(ROLES)} for name in self.sample(PEOPLE, 3, 7)]
        return [("members", members)]

    def _risk(self) -> list[tuple[str, Any]]:
        values: list[tuple[str, Any]] = [
            ("likelihood", self.rng.randint(1, 5)),
            ("impact", self.rng.randint(1, 5)),
        ]
        if self.rng.random() < 0.6:
            values.append(("mitigation", self.sentence(self.pick(["en", "zh"]))))
        return values

    def _objective(self) -> list[tuple[str, Any]]:
        year = self.rng.choice([2025, 2026, 2027])
        period: Any = year if self.rng.random() < 0.25 else f"{year}-Q{self.rng.randint(1, 4)}"
        results = [
            {
                "text": self.sentence(self.pick(["en", "zh"])),
                "target": self.rng.randint(10, 100),
                "current": self.rng.randint(0, 100),
            }
            for _ in range(self.rng.randint(2, 4))
        ]
        return [("period", period), ("key_results", results)]

    def _compliance(self) -> list[tuple[str, Any]]:
        regulation, jurisdiction = self.pick(REGULATIONS)
        return [("regulation", regulation), ("jurisdiction", jurisdiction)]

    # ------------------------------------------------------------- links

    def links(self, type_name: str, doc_id: str, index: int) -> list[tuple[str, list[str]]]:
        found = []
        for name, targets in LINKS.get(type_name, {}).items():
            if name == "depends_on":
                pool = self.ids["prd"][:index]  # only earlier requirements: no cycles
            elif targets == ["any"]:
                pool = self.all_ids
            else:
                pool = [doc_id for target in targets for doc_id in self.ids[target]]
            fewest, most = LINK_COUNTS[name]
            chosen = []
            for _ in range(self.rng.randint(fewest, most)):
                if pool:
                    target = self.pick(pool)
                    if target != doc_id and target not in chosen:
                        chosen.append(target)
            if chosen:
                found.append((name, chosen))
        return found

    # ---------------------------------------------------------- document

    def document(self, type_name: str, index: int, doc_id: str) -> tuple[str, str]:
        language = self.pick(["en", "en", "zh", "mixed"])
        title = self._title(type_name, language)
        lines = [
            "---",
            f"type: {type_name}",
            f"id: {doc_id}",
            f"title: {_quote(title)}",
            f"status: {self.pick(STATUSES[type_name])}",
            f"owner: {self.pick(PEOPLE)}",
        ]
        for name, value in self.fields[type_name]():
            lines.extend(_yaml_field(name, value, self.rng))
        for name, targets in self.links(type_name, doc_id, index):
            lines.extend(_yaml_links(name, targets, self.rng))
        lines.append(f"tags: [{', '.join(self.sample(TAGS, 1, 4))}]")
        created = self.date(datetime.date(2024, 6, 1), 600)
        lines.append(f"created: {created}")
        lines.append(f"updated: {self.date(datetime.date.fromisoformat(created), 300)}")
        if self.rng.random() < 0.4:
            lines.append(f"url: https://tracker.example.com/browse/{doc_id}")
        lines.append("---")
        front = "\n".join(lines) + "\n"
        body = self._body(language, title, doc_id, len(front.encode("utf-8")))
        slug = f"{doc_id.lower()}-{_slug(title)}".rstrip("-")
        return f"{type_name}/{slug}.md", front + body

    def _title(self, type_name: str, language: str) -> str:
        english, chinese = TYPE_TITLES.get(type_name, (TITLE_EN, TITLE_ZH))
        if language == "zh":
            return self.pick(chinese).format(
                feature=self.pick(FEATURES_ZH), persona=self.pick(PERSONAS_ZH),
                theme=self.pick(THEMES),
            )  # fmt: skip
        feature, theme = self.pick(FEATURES_EN), self.pick(THEMES)
        title = self.pick(english).format(
            feature=feature, Feature=feature[0].upper() + feature[1:],
            theme=theme, Theme=theme[0].upper() + theme[1:],
            persona=self.pick(PERSONAS_EN),
        )  # fmt: skip
        if language == "mixed":
            title += f" / {self.pick(FEATURES_ZH)}"
        return title

    def _body(self, language: str, title: str, doc_id: str, front_bytes: int) -> str:
        target = self.rng.randint(MIN_BYTES + 300, MAX_BYTES) - front_bytes
        parts = [f"\n# {title}\n"]
        size = len(parts[0].encode("utf-8"))
        while size < target:
            block = self._block(language, doc_id)
            block_size = len(block.encode("utf-8"))
            if size + block_size > target and size >= MIN_BYTES - front_bytes:
                break
            parts.append(block)
            size += block_size
        return "".join(parts)

    def _block(self, language: str, doc_id: str) -> str:
        roll = self.rng.random()
        heading_language = language if language != "mixed" else self.pick(["en", "zh"])
        if roll < 0.25:
            return f"\n## {self.pick(HEADINGS[heading_language])}\n"
        if roll < 0.35:
            items = [f"- {self._sentence_in(language)}" for _ in range(self.rng.randint(2, 4))]
            return "\n" + "\n".join(items) + "\n"
        if roll < 0.355:
            return "\n```yaml\nsources: [RES-001]  # [[RES-999]] in code is not a reference\n```\n"
        sentences = [self._sentence_in(language) for _ in range(self.rng.randint(1, 3))]
        if self.rng.random() < 0.5:
            sentences.append(self._reference(doc_id, language))
        joiner = "" if language == "zh" else " "
        return "\n" + joiner.join(sentences) + "\n"

    def _sentence_in(self, language: str) -> str:
        return self.sentence(self.pick(["en", "zh"]) if language == "mixed" else language)

    def _reference(self, doc_id: str, language: str) -> str:
        target = self.pick(self.all_ids)
        if target == doc_id:
            return "See the notes above." if language != "zh" else "参见上文。"
        if self.rng.random() < 0.2:
            return f"Background: [[{target}|the earlier write-up]]."
        if self.rng.random() < 0.1:
            return f"Write `[[{target}]]` to cite it."
        return f"参见 [[{target}]]。" if language == "zh" else f"See [[{target}]]."


def _quote(text: str) -> str:
    """A title as YAML: quoted when it holds characters YAML would read otherwise."""
    if any(c in text for c in ":#[]{},&*!|>'\"%@`") or text != text.strip():
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _yaml_scalar(value: Any) -> str:
    if isinstance(value, str):
        return value if value.startswith('"') else _quote(value)
    return str(value)


def _yaml_field(name: str, value: Any, rng: random.Random) -> list[str]:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        lines = [f"{name}:"]
        for item in value:
            entries = list(item.items())
            first_key, first_value = entries[0]
            lines.append(f"  - {first_key}: {_yaml_scalar(first_value)}")
            lines.extend(f"    {key}: {_yaml_scalar(val)}" for key, val in entries[1:])
        return lines
    if isinstance(value, list):
        return [f"{name}: [{', '.join(_yaml_scalar(item) for item in value)}]"]
    return [f"{name}: {_yaml_scalar(value)}"]


def _yaml_links(name: str, targets: list[str], rng: random.Random) -> list[str]:
    """Links as PMs write them: a flow list, a block list, or a single id."""
    roll = rng.random()
    if len(targets) == 1 and roll < 0.2:
        return [f"{name}: {targets[0]}"]
    if roll < 0.6:
        return [f"{name}: [{', '.join(targets)}]"]
    return [f"{name}:", *(f"  - {target}" for target in targets)]


def _slug(title: str) -> str:
    words = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in title).split()
    return "-".join(words[:6])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of PM documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="folder (default benchmarks/out/)")
    parser.add_argument("--plain", action="store_true", help="mkdocs.yml without the pmdocs plugin")
    args = parser.parse_args(argv)
    folder = args.out or default_folder(args.n, args.seed)
    corpus = generate(folder, args.n, args.seed, pmdocs=not args.plain)
    sizes = sorted(path.stat().st_size for path in corpus.files) or [0]
    print(
        f"{corpus.documents} documents in {corpus.docs_dir} "
        f"({corpus.total_bytes / 1e6:.1f} MB; {sizes[0]}–{sizes[-1]} bytes each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""pmdocs beside the plugins real MkDocs + Material sites run (SPEC section 11).

Each setup is the example site with one plugin (or MkDocs setting) added,
listed before and after pmdocs where the order of `plugins:` matters, built
once through the `mkdocs build` command as a user's CI runs it. Every setup
is judged by the same checks: the build succeeds without a traceback;
pmdocs' generated pages are there with their content; a document's page has
its card; no marker token pmdocs uses while it works is left in any output
file; no relative link is broken; and the other plugin's own work is there.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import CHECKOUT, Build
from linkcheck import broken_links

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_PARTS = ("mkdocs.yml", "content", "schemas", "theme")

# The marker pmdocs stands in for its HTML with (`PmdocsPlugin.marker`):
# "pmdocs" and 16 hex digits, in marker lines, link tokens and comments.
MARKER = re.compile(rb"pmdocs[0-9a-f]{16}")
CARD = re.compile(r"""class=["']?pmdocs-card["'\s>]""")
PMDOCS_HTML = re.compile(r"""class=["']?pmdocs-""")
GENERATED = ("pm/index.md", "pm/traceability.md", "pm/decision/index.md", "pm/roadmap/index.md")
CARD_PAGE = "governance/decision-identity-broker.md"  # DEC-002
LEFT_OUT = "customers/nordhavn-retail-sso.md"  # CN-001, which other documents link to

Config = dict[str, Any]


@dataclass
class Site:
    """A setup's project, its build's output and its site folder."""

    setup: Setup
    root: Path
    result: subprocess.CompletedProcess[str]

    @property
    def output(self) -> str:
        return f"{self.result.stdout}\n{self.result.stderr}"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def assert_built(self) -> None:
        assert self.result.returncode == 0, self.output[-3000:]
        assert "Traceback" not in self.output, self.output[-3000:]

    def page(self, src_uri: str, language: str = "") -> Path:
        """The output file of the page whose source is ``src_uri``."""
        stem = src_uri.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            name = f"{stem}.html"
        elif self.setup.directory_urls:
            name = f"{stem}/index.html"
        else:
            name = f"{stem}.html"
        return self.out / language / name

    def html(self, src_uri: str, language: str = "") -> str:
        path = self.page(src_uri, language)
        assert path.is_file(), f"{path.relative_to(self.out)} was not written"
        return path.read_text(encoding="utf-8")

    def url(self, src_uri: str) -> str:
        """The page's URL from the site's root, as MkDocs gives it."""
        return self.page(src_uri).relative_to(self.out).as_posix().removesuffix("index.html")


@dataclass(frozen=True)
class Setup:
    """How a setup changes the example site, and how the other plugin's work shows."""

    prepare: Callable[[Path, Config], None]
    effect: Callable[[Site], None] | None = None
    languages: tuple[str, ...] = ("",)  # the sites' folders, "" for the default language
    directory_urls: bool = True


# --- Writing projects ----------------------------------------------------------------------


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def add_plugin(config: Config, entry: str | Config, order: str) -> None:
    """``entry`` in ``plugins:`` just before pmdocs, or at the end."""
    plugins: list[Any] = config["plugins"]
    at = next(i for i, p in enumerate(plugins) if isinstance(p, dict) and "pmdocs" in p)
    plugins.insert(at if order == "before" else len(plugins), entry)


def decision(identifier: str, title: str, extra: str = "", body: str = "") -> str:
    """A decision document's Markdown."""
    return (
        f"---\ntype: decision\nid: {identifier}\ntitle: {json.dumps(title)}\n"
        f"status: decided\nowner: Ana Ruiz\ndecided_on: 2026-11-02\n{extra}---\n\n{body}"
    )


def with_plugin(
    entry: str | Config, order: str, files: dict[str, str] | None = None
) -> Callable[[Path, Config], None]:
    def prepare(root: Path, config: Config) -> None:
        add_plugin(config, entry, order)
        write(root, files or {})

    return prepare


def with_config(**changes: Any) -> Callable[[Path, Config], None]:
    def prepare(root: Path, config: Config) -> None:
        config.update(changes)

    return prepare


def unchanged(root: Path, config: Config) -> None:
    """The example site as it is: the control."""


# --- Reading sites -------------------------------------------------------------------------


_NAV_TITLE = re.compile(r'class="md-ellipsis">\s*(.*?)\s*</span>', re.S)


def nav_titles(page_html: str) -> list[str]:
    """The titles in Material's primary navigation, in order.

    With `navigation.indexes` a section's index page shows as the section
    itself, under the section's title.
    """
    start = page_html.index("md-nav--primary")
    end = page_html.index('class="md-content"', start)
    return [
        re.sub(r"<[^>]+>|\s+", " ", t).strip() for t in _NAV_TITLE.findall(page_html[start:end])
    ]


def assert_in_order(titles: list[str], expected: list[str]) -> None:
    """``expected`` appear in ``titles`` in this order (others may come between)."""
    remaining = iter(titles)
    missing = [title for title in expected if title not in remaining]
    assert not missing, f"navigation {titles} lacks, in order, {missing}"


def assert_links_to(site: Site, on: str, target: str) -> None:
    """Page ``on`` has a link to the page of source ``target``, wherever MkDocs put it."""
    here = site.url(on)
    folder = here if here.endswith("/") else posixpath.dirname(here)
    hrefs = re.findall(r'href="([^"#]*)', site.html(on))
    reached = {posixpath.normpath(posixpath.join(folder, href)) for href in hrefs}
    wanted = site.url(target).rstrip("/")
    assert wanted in reached, f"{on} does not link to {wanted}"


def output_texts(site: Path) -> Iterator[tuple[Path, bytes]]:
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if path.suffix == ".gz" else data


# --- The setups ----------------------------------------------------------------------------

MULTIMARKDOWN_PAGE = """title: A Page Title
summary: Meta written the MultiMarkdown way

Written without a front matter block; it names [[DEC-002]].
"""

PART = "Included sentence from a shared part, about [[DEC-002]].\n"


def check_nothing_left_out(site: Site) -> None:
    assert not site.page(LEFT_OUT).exists(), f"{LEFT_OUT} was built"


def check_same_diagnostics_as_check(site: Site) -> None:
    """`pmdocs check` reports what the build reports: it reads the same pages."""
    env = {**os.environ, "PYTHONPATH": CHECKOUT, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-c", "from pmdocs.cli import main; main()", "check"]
    check = subprocess.run(
        command, cwd=site.root, env=env, capture_output=True, text=True, check=False
    )
    found = set(re.findall(r"\b(PM\d{3}) \[([^\]]*)\]", check.stdout + check.stderr))
    built = set(re.findall(r"\b(PM\d{3}) \[([^\]]*)\]", site.output))
    assert found == built, f"pmdocs check: {sorted(found)}; build: {sorted(built)}"


def check_left_out(site: Site) -> None:
    check_nothing_left_out(site)
    check_same_diagnostics_as_check(site)


def check_multimarkdown_meta(site: Site) -> None:
    page = site.html("about/meta-page.md")
    assert "<title>A Page Title" in page
    assert "Meta written the MultiMarkdown way" not in page.split("<body", 1)[1]
    assert_links_to(site, "about/meta-page.md", CARD_PAGE)


def check_explicit_nav(site: Site) -> None:
    titles = nav_titles(site.html("index.md"))
    assert_in_order(titles, ["Start here", "Ways of working", "Our PM pages", "Links"])


def check_not_in_nav(site: Site) -> None:
    assert "Nordhavn" not in " ".join(nav_titles(site.html("index.md")))
    assert CARD.search(site.html(LEFT_OUT))
    check_same_diagnostics_as_check(site)


def check_i18n(site: Site) -> None:
    assert "The product-management functions" in site.html("pm/index.md")
    assert "产品管理的各项职能" in site.html("pm/index.md", "zh")
    chinese_card = CARD.split(site.html(CARD_PAGE, "zh"), 1)[1]
    assert "负责人" in chinese_card[:3000]  # the card's "Owner" label, in Chinese
    assert "DEC-002 Chinese title" in site.html(CARD_PAGE, "zh")
    assert "PM200" not in site.output  # a translation is the same document, not a second id


def check_macros(site: Site) -> None:
    assert "Site name: Lumen product docs" in site.html("about/macros.md")
    assert "Kept as written: {{ config.site_name }}" in site.html("governance/decision-literal.md")
    assert "{{ kpi.revenue | money }}" in site.html(TEMPLATING_REVIEW)
    braces = "Template syntax {% raw %} and {{ user.name }} in a title"
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", site.html("governance/decision-braces.md"), re.S)
    assert heading and braces in html.unescape(heading.group(1)), heading
    assert braces in site.html("pm/decision/index.md")
    errors = [
        path.relative_to(site.out).as_posix()
        for path in site.out.rglob("*.html")
        if "Macro Syntax Error" in path.read_text(encoding="utf-8")
    ]
    assert errors == [], "pages macros could not render"


def check_included(page: str) -> Callable[[Site], None]:
    def check(site: Site) -> None:
        assert "Included sentence from a shared part" in site.html(page)
        assert "[[DEC-002]]" not in site.html(page)
        assert_links_to(site, page, CARD_PAGE)

    return check


def check_blog(site: Site) -> None:
    assert (site.out / "blog/archive/2026/index.html").is_file()
    assert (site.out / "blog/category/news/index.html").is_file()
    post = site.out / "blog/2026/11/02/decision-post/index.html"
    assert post.is_file(), "the PM document that is a post is not at its post URL"
    assert CARD.search(post.read_text(encoding="utf-8"))
    index = site.html("pm/decision/index.md")
    assert 'href="../../blog/2026/11/02/decision-post/"' in index


def check_offline(site: Site) -> None:
    assert (site.out / "search/search_index.js").is_file()
    assert 'href="traceability.html"' in site.html("pm/index.md")


def check_privacy(site: Site) -> None:
    page = site.html("research/retailer-analytics-survey-2026.md")
    link = re.search(r'<a class="pmdocs-card__url"[^>]*>', page)
    assert link and 'target="_blank"' in link.group(0), link


def check_tags(site: Site) -> None:
    index = site.html("tags.md")
    assert "architecture" in index
    assert_links_to(site, "tags.md", CARD_PAGE)
    assert re.search(r'class="md-tag[^"]*"[^>]*>\s*architecture', site.html(CARD_PAGE))


def check_meta(site: Site) -> None:
    description = '<meta name="description" content="{}, from the folder meta file">'
    assert description.format("Working notes") in site.html("about/how-we-work.md")
    assert description.format("Decisions") in site.html(CARD_PAGE)


def check_user_nav(site: Site) -> None:
    titles = nav_titles(site.html("index.md"))
    assert_in_order(titles, ["Start here", "Ways of working", "Product pages", "Links"])


def check_gen_files(site: Site) -> None:
    assert CARD.search(site.html("governance/decision-generated.md"))
    assert "DEC-903" in site.html("pm/decision/index.md")


def check_redirects(site: Site) -> None:
    for old, new in (("old/sso.md", LEFT_OUT), ("old/pm.md", "pm/index.md")):
        page = site.html(old)
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
        assert target, f"{old} is not a redirect page"
        assert target.group(1).rstrip("/").endswith(site.url(new).rstrip("/"))


def check_minify(site: Site) -> None:
    page = site.html(CARD_PAGE)
    assert "\n\n" not in page, "the page was not minified"
    assert "DEC-002" in page


def check_git_revision(site: Site) -> None:
    for page in (CARD_PAGE, "about/how-we-work.md"):
        assert re.search(
            r"git-revision-date-localized-plugin[^>]*>\s*October 1, 2026", site.html(page)
        )


def prepare_exclude_docs(root: Path, config: Config) -> None:
    config["exclude_docs"] = f"{LEFT_OUT}\n"


def prepare_draft_docs(root: Path, config: Config) -> None:
    config["draft_docs"] = f"{LEFT_OUT}\n"


USER_NAV: list[Any] = [
    {"Start here": "index.md"},
    {"Ways of working": "about/how-we-work.md"},
    {"Our PM pages": [{"Overview": "pm/index.md"}, {"Links": "pm/traceability.md"}]},
    {"Decisions": [CARD_PAGE]},
]


def prepare_explicit_nav(root: Path, config: Config) -> None:
    config["nav"] = USER_NAV


def prepare_not_in_nav(root: Path, config: Config) -> None:
    config["nav"] = USER_NAV
    config["not_in_nav"] = f"/{LEFT_OUT}\n"


def prepare_multimarkdown(root: Path, config: Config) -> None:
    write(root, {"content/about/meta-page.md": MULTIMARKDOWN_PAGE})


def prepare_snippets(root: Path, config: Config) -> None:
    config["markdown_extensions"].append({"pymdownx.snippets": {"base_path": ["includes"]}})
    files = {
        "includes/part.md": PART,
        "content/about/snippet.md": '# Snippet\n\n--8<-- "part.md"\n',
    }
    write(root, files)


def prepare_i18n(order: str) -> Callable[[Path, Config], None]:
    entry = {
        "i18n": {
            "docs_structure": "suffix",
            "languages": [
                {"locale": "en", "default": True, "name": "English", "build": True},
                {"locale": "zh", "name": "中文", "build": True},
            ],
        }
    }
    plugin = with_plugin(entry, order, {"content/index.zh.md": "# 产品文档\n\n欢迎。\n"})

    def prepare(root: Path, config: Config) -> None:
        plugin(root, config)
        # DEC-002 in Chinese: the same document, translated.
        source = (root / "content" / CARD_PAGE).read_text(encoding="utf-8")
        title = "title: DEC-002 Chinese title 身份代理"
        translated = re.sub(r"(?m)^title: .*$", title, source, count=1)
        write(root, {f"content/{CARD_PAGE.removesuffix('.md')}.zh.md": translated})

    return prepare


MACRO_FILES = {
    "content/about/macros.md": "# Macros\n\nSite name: {{ config.site_name }}\n",
    "content/governance/decision-braces.md": decision(
        "DEC-900", "Template syntax {% raw %} and {{ user.name }} in a title", body="Body.\n"
    ),
    "content/governance/decision-literal.md": decision(
        "DEC-901",
        "A decision written with braces",
        "render_macros: false\n",
        "Kept as written: {{ config.site_name }}\n",
    ),
}
TEMPLATING_REVIEW = "engineering/report-templating-review.md"  # shows Jinja in a code block


def prepare_macros(order: str) -> Callable[[Path, Config], None]:
    plugin = with_plugin("macros", order, MACRO_FILES)

    def prepare(root: Path, config: Config) -> None:
        plugin(root, config)
        # The example's own page showing Jinja opts out, as a site using macros has it.
        review = root / "content" / TEMPLATING_REVIEW
        text = review.read_text(encoding="utf-8")
        review.write_text(text.replace("---\n", "---\nrender_macros: false\n", 1), "utf-8")

    return prepare


BLOG_FILES = {
    "content/blog/index.md": "# Blog\n",
    "content/blog/posts/hello.md": (
        "---\ndate: 2026-11-01\ncategories: [News]\n---\n\n# Hello from the team\n\n"
        "The first post names [[DEC-002]].\n\n<!-- more -->\n\nThe rest.\n"
    ),
    "content/blog/posts/decision-post.md": decision(
        "DEC-902",
        "A decision told as a post",
        "date: 2026-11-02\ncategories: [Decisions]\nslug: decision-post\n",
        "# A decision told as a post\n\nIt follows [[DEC-002]].\n\n<!-- more -->\n\nMore.\n",
    ),
}

AWESOME_NAV = """nav:
  - Start here: index.md
  - Ways of working: about/how-we-work.md
  - Product pages:
      - Overview: pm/index.md
      - Links: pm/traceability.md
  - "*"
"""

LITERATE_NAV = """* [Start here](index.md)
* [Ways of working](about/how-we-work.md)
* Product pages
    * [Overview](pm/index.md)
    * [Links](pm/traceability.md)
* [Decisions](governance/decision-identity-broker.md)
"""

GENERATED_DOCUMENT = decision("DEC-903", "A generated decision", body="It follows [[DEC-002]].\n")
GEN_SCRIPT = f"""import mkdocs_gen_files

with mkdocs_gen_files.open("governance/decision-generated.md", "w") as stream:
    stream.write({GENERATED_DOCUMENT!r})
"""


def prepare_git(order: str) -> Callable[[Path, Config], None]:
    plugin = with_plugin("git-revision-date-localized", order)

    def prepare(root: Path, config: Config) -> None:
        plugin(root, config)
        date = "2026-10-01T12:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        identity = ["-c", "user.name=Test", "-c", "user.email=test@example.com"]
        identity += ["-c", "commit.gpgsign=false"]
        for command in (["init", "-q"], ["add", "-A"], [*identity, "commit", "-qm", "Docs"]):
            subprocess.run(["git", *command], cwd=root, env=env, check=True)

    return prepare


def both_orders(
    name: str, make: Callable[[str], Callable[[Path, Config], None]], **options: Any
) -> dict[str, Setup]:
    return {f"{name}-{order}": Setup(make(order), **options) for order in ("before", "after")}


def plugin_setups(
    name: str, entry: str | Config, files: dict[str, str] | None = None, **options: Any
) -> dict[str, Setup]:
    return both_orders(name, lambda order: with_plugin(entry, order, files), **options)


SETUPS: dict[str, Setup] = {
    "baseline": Setup(unchanged),
    "use_directory_urls-false": Setup(with_config(use_directory_urls=False), directory_urls=False),
    "explicit-nav": Setup(prepare_explicit_nav, check_explicit_nav),
    "exclude_docs": Setup(prepare_exclude_docs, check_left_out),
    "draft_docs": Setup(prepare_draft_docs, check_left_out),
    "not_in_nav": Setup(prepare_not_in_nav, check_not_in_nav),
    "multimarkdown-meta": Setup(prepare_multimarkdown, check_multimarkdown_meta),
    **both_orders("i18n", prepare_i18n, effect=check_i18n, languages=("", "zh")),
    **both_orders("macros", prepare_macros, effect=check_macros),
    **plugin_setups(
        "include-markdown",
        "include-markdown",
        {
            "includes/part.md": PART,
            "content/about/included.md": (
                '# Included\n\n{% include-markdown "../../includes/part.md" %}\n'
            ),
        },
        effect=check_included("about/included.md"),
    ),
    "snippets": Setup(prepare_snippets, check_included("about/snippet.md")),
    **plugin_setups("blog", "blog", BLOG_FILES, effect=check_blog),
    **plugin_setups("offline", "offline", effect=check_offline, directory_urls=False),
    **plugin_setups(
        "privacy",
        {
            "privacy": {
                "assets_fetch": False,
                "cache": False,
                "links_attr_map": {"target": "_blank"},
            }
        },
        effect=check_privacy,
    ),
    **plugin_setups(
        "tags", "tags", {"content/tags.md": "# Tags\n\n<!-- material/tags -->\n"}, effect=check_tags
    ),
    **plugin_setups(
        "meta",
        "meta",
        {
            "content/about/.meta.yml": "description: Working notes, from the folder meta file\n",
            "content/governance/.meta.yml": "description: Decisions, from the folder meta file\n",
        },
        effect=check_meta,
    ),
    **plugin_setups(
        "awesome-nav", "awesome-nav", {"content/.nav.yml": AWESOME_NAV}, effect=check_user_nav
    ),
    **plugin_setups(
        "literate-nav",
        {"literate-nav": {"nav_file": "SUMMARY.md"}},
        {"content/SUMMARY.md": LITERATE_NAV},
        effect=check_user_nav,
    ),
    **plugin_setups("exclude", {"exclude": {"glob": [LEFT_OUT]}}, effect=check_nothing_left_out),
    **plugin_setups(
        "gen-files",
        {"gen-files": {"scripts": ["gen_pages.py"]}},
        {"gen_pages.py": GEN_SCRIPT},
        effect=check_gen_files,
    ),
    **plugin_setups(
        "redirects",
        {"redirects": {"redirect_maps": {"old/sso.md": LEFT_OUT, "old/pm.md": "pm/index.md"}}},
        effect=check_redirects,
    ),
    **plugin_setups("minify", {"minify": {"minify_html": True}}, effect=check_minify),
    **both_orders("git-revision-date", prepare_git, effect=check_git_revision),
}


def cases(check: str) -> list[Any]:
    """The setups a check runs on."""
    return [
        pytest.param(name, id=name)
        for name, setup in SETUPS.items()
        if check != "effect" or setup.effect is not None
    ]


# --- Building ------------------------------------------------------------------------------


class Sites:
    """Each setup's site, built once, two builds at a time, in the order the checks ask."""

    def __init__(self, folder: Path, build: Build, names: list[str]) -> None:
        self.folder = folder
        self.build = build
        self.pool = ThreadPoolExecutor(max_workers=2)  # the builds are subprocesses
        self.pending = {name: self.pool.submit(self._build, name) for name in names}

    def __getitem__(self, name: str) -> Site:
        if name not in self.pending:
            self.pending[name] = self.pool.submit(self._build, name)
        return self.pending[name].result()

    def _build(self, name: str) -> Site:
        setup = SETUPS[name]
        root = self.folder / name
        for part in EXAMPLE_PARTS:
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, root / part)
            else:
                root.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, root / part)
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        setup.prepare(root, config)
        text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
        (root / "mkdocs.yml").write_text(text, encoding="utf-8")
        return Site(setup, root, self.build(root))


@pytest.fixture(scope="module")
def sites(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, build: Build
) -> Iterator[Sites]:
    """The sites of the setups this session's selected checks judge."""
    selected = [
        item.callspec.params["name"]
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.module is request.module
        and hasattr(item, "callspec")
    ]
    sites = Sites(tmp_path_factory.mktemp("compat"), build, list(dict.fromkeys(selected)))
    yield sites
    sites.pool.shutdown(cancel_futures=True)


def built(sites: Sites, name: str) -> Site:
    """The setup's site, once its build has succeeded (a check of a failed build fails)."""
    site = sites[name]
    site.assert_built()
    return site


# --- The checks ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", cases("build"))
def test_build_succeeds(sites: Sites, name: str) -> None:
    sites[name].assert_built()


@pytest.mark.parametrize("name", cases("generated"))
def test_generated_pages_present(sites: Sites, name: str) -> None:
    site = built(sites, name)
    for language in site.setup.languages:
        for page in GENERATED:
            assert PMDOCS_HTML.search(site.html(page, language)), f"{language}/{page} is empty"


@pytest.mark.parametrize("name", cases("cards"))
def test_document_pages_have_their_card(sites: Sites, name: str) -> None:
    site = built(sites, name)
    for language in site.setup.languages:
        page = site.html(CARD_PAGE, language)
        assert len(CARD.findall(page)) == 1, f"{language}/{CARD_PAGE}"


@pytest.mark.parametrize("name", cases("effect"))
def test_other_plugin_does_its_work(sites: Sites, name: str) -> None:
    site = built(sites, name)
    assert site.setup.effect is not None
    site.setup.effect(site)


@pytest.mark.parametrize("name", cases("markers"))
def test_no_marker_token_left(sites: Sites, name: str) -> None:
    site = built(sites, name)
    left = [
        path.relative_to(site.out).as_posix()
        for path, data in output_texts(site.out)
        if MARKER.search(data)
    ]
    assert left == []


@pytest.mark.parametrize("name", cases("links"))
def test_no_broken_relative_link(sites: Sites, name: str) -> None:
    site = built(sites, name)
    broken = broken_links(site.out, directory_links=site.setup.directory_urls)
    assert broken == [], "\n".join(map(str, broken[:20]))

"""The link checker the compatibility tests judge built sites with, on hand-made sites."""

from __future__ import annotations

from pathlib import Path

from linkcheck import BrokenLink, broken_links


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_links_that_open_a_file_pass(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": (
                '<a href="guide/">guide</a> <a href="guide/index.html#setup">setup</a>'
                ' <a href="guide?q=1">query</a> <img src="img/logo.png">'
                ' <a href="#top" id="top">top</a> <a href="https://example.com/x">out</a>'
                ' <a href="mailto:a@example.com">mail</a> <img src="data:image/png;base64,AA">'
                " <a href=guide/other.html>unquoted</a> <a href='/guide/'>from the root</a>"
            ),
            "guide/index.html": '<h2 id="setup">Setup</h2><a href="../">home</a>',
            "guide/other.html": '<a href="./">guide</a>',
            "img/logo.png": "",
        },
    )
    assert broken_links(site) == []


def test_links_that_lead_nowhere_are_reported_with_their_page(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": '<a href="missing/">gone</a> <a href="javascript:alert(1)">js</a>',
            "guide/index.html": (
                '<a href="../index.html#nowhere">anchor</a> <link href="../../up.css">'
                ' <meta http-equiv="refresh" content="0; url=../old/">'
            ),
        },
    )
    assert broken_links(site) == [
        BrokenLink("guide/index.html", "../index.html#nowhere", "no id 'nowhere' on index.html"),
        BrokenLink("guide/index.html", "../../up.css", "leads out of the site"),
        BrokenLink("guide/index.html", "../old/", "no such file"),
        BrokenLink("index.html", "missing/", "no such file"),
        BrokenLink("index.html", "javascript:alert(1)", "javascript: URL"),
    ]


def test_links_in_scripts_and_comments_are_not_links(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {
            "index.html": (
                '<!-- <a href="gone/">x</a> --><script src="app.js">var a = \'<a href="gone/">\';'
                "</script>"
            ),
            "app.js": "",
        },
    )
    assert broken_links(site) == []


def test_folder_links_are_broken_for_a_site_opened_from_files(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        {"index.html": '<a href="guide/">x</a> <a href="guide/index.html">y</a>'},
    )
    write_site(tmp_path, {"guide/index.html": ""})
    assert broken_links(site, directory_links=False) == [
        BrokenLink("index.html", "guide/", "link to a folder: does not open from file://")
    ]

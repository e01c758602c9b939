"""Every quote a rule cites is in its source document, in the article it names.

The source texts are part of the repository, in ``docs/sources`` (with their index), so every
clone checks every quote; a missing folder is a failure, never a skip.

Texts and quotes are compared after removing all whitespace (the OCR'd texts break lines and pages
mid-sentence) and bringing full-width and half-width punctuation to one form; nothing else is
forgiven. A document is split into articles at its headings: ``（一）``/``(一)`` at the start of a
line, qualified by the chapter (``二、``) where the numbering restarts in each chapter, as in the
专精特新 work plan (keys like ``二(三)``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from sme_rules.language import ir
from sme_rules.language.loader import REGIONS, load_region

REPO = Path(__file__).resolve().parents[1]
POLICIES = REPO / "docs" / "sources"


def test_source_documents_are_in_the_repository() -> None:
    assert sorted(p.name for p in POLICIES.glob("*.txt")) == sorted(ARTICLE_COUNTS)

#: how many articles each source document has (docs/sources/README.md)
ARTICLE_COUNTS = {
    "000_eb7ff447b034ec12.txt": 28,  # 西藏 若干措施 (一)–(二十八)
    "001_2f4ebe512e893937.txt": 16,  # 西藏 专精特新 工作方案 一(一)–(三), 二(一)–(八), 三(一)–(五)
    "002_c096915f409c1e44.txt": 26,  # 青海 若干措施 (一)–(二十六)
    "003_29c1573d9f3f6f95.txt": 25,  # 西双版纳 实施方案 (一)–(二十五)
    "004_e6ac15614de8410b.txt": 29,  # 新疆 实施意见 (一)–(二十九)
}

_NUMERAL = "一二三四五六七八九十"
_ARTICLE = re.compile(rf"^\s*[（(]([{_NUMERAL}]+)[）)]")
_CHAPTER = re.compile(rf"^\s*([{_NUMERAL}]+)、")
# punctuation that the OCR and the rule authors write in either width; NFKC folds the full-width
# ASCII forms (（）：；，！？％ and full-width digits and letters), this table the quotation marks
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "‘": "'", "’": "'", "＇": "'"})


def normalise(text: str) -> str:
    """Whitespace removed (line and page breaks included), punctuation in one width."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return "".join(folded.split())


def split_articles(text: str) -> dict[str, str]:
    """Article key → the article's text (heading line to the next heading), in document order.

    Keys are ``(一)``; when article numbers restart under chapter headings (``一、``), every key is
    qualified by its chapter: ``二(三)``.
    """
    found: list[tuple[str, str, list[str]]] = []  # (chapter, number, lines)
    chapter = ""
    current: list[str] | None = None
    for line in text.splitlines():
        article = _ARTICLE.match(line)
        heading = _CHAPTER.match(line)
        if article:
            current = [line]
            found.append((chapter, article.group(1), current))
        elif heading:
            chapter = heading.group(1)
            current = None  # a chapter heading ends the article before it
        elif current is not None:
            current.append(line)
    numbers = [number for _, number, _ in found]
    chaptered = len(set(numbers)) != len(numbers)
    articles: dict[str, str] = {}
    for chapter_no, number, lines in found:
        key = f"{chapter_no}({number})" if chaptered else f"({number})"
        assert key not in articles, f"article {key} appears twice"
        articles[key] = "\n".join(lines)
    return articles


@cache
def document_text(file: str) -> str:
    return (POLICIES / file).read_text(encoding="utf-8")


@cache
def articles_of(file: str) -> dict[str, str]:
    return split_articles(document_text(file))


def _documents() -> Iterator[tuple[str, ir.Document]]:
    for region in REGIONS:
        for doc in load_region(region).documents.values():
            yield region, doc


def _sources() -> Iterator[tuple[str, str, int, ir.Source]]:
    for region in REGIONS:
        for benefit in load_region(region).benefits.values():
            for i, source in enumerate(benefit.sources):
                yield region, benefit.id, i, source


DOCUMENTS = list(_documents())
SOURCES = list(_sources())


def test_every_region_cites_documents() -> None:
    assert {doc.file for _, doc in DOCUMENTS} == set(ARTICLE_COUNTS)
    assert len(SOURCES) > 100


def test_normalise_folds_width_and_whitespace() -> None:
    assert normalise("落实对月销售额15万元的(含)\n（季度销售额 45万元）") == "落实对月销售额15万元的(含)(季度销售额45万元)"
    assert normalise("“小升规”，") == normalise('"小升规",')
    assert normalise("中小企") != normalise("中小企业")


def test_split_articles_qualifies_restarting_numbers() -> None:
    text = "一、总体\n（一）甲\n正文甲\n（二）乙\n二、任务\n(一)丙\n正文丙"
    assert split_articles(text) == {"一(一)": "（一）甲\n正文甲", "一(二)": "（二）乙", "二(一)": "(一)丙\n正文丙"}
    assert list(split_articles("（一）甲\n（二）乙")) == ["(一)", "(二)"]


@pytest.mark.parametrize("file", sorted(ARTICLE_COUNTS))
def test_document_article_count(file: str) -> None:
    assert len(articles_of(file)) == ARTICLE_COUNTS[file]


@pytest.mark.parametrize(("region", "doc"), DOCUMENTS, ids=[f"{r}:{d.id}" for r, d in DOCUMENTS])
def test_document_articles_match_source(region: str, doc: ir.Document) -> None:
    in_text = articles_of(doc.file)
    listed = [a.key for a in doc.articles]
    assert len(listed) == len(set(listed)), f"{doc.id} lists an article twice"
    unknown = [key for key in listed if key not in in_text]
    assert not unknown, f"{region} {doc.id}: articles not in {doc.file}: {unknown}"
    missing = [key for key in in_text if key not in listed]
    assert not missing, f"{region} {doc.id}: articles of {doc.file} not listed: {missing}"
    assert len(listed) == ARTICLE_COUNTS[doc.file]


@pytest.mark.parametrize(
    ("region", "benefit", "index", "source"),
    SOURCES,
    ids=[f"{r}:{b}:{i}" for r, b, i, _ in SOURCES],
)
def test_quote_is_verbatim_in_its_article(region: str, benefit: str, index: int, source: ir.Source) -> None:
    quote = normalise(source.quote)
    assert quote, f"{region} {benefit}: empty quote"
    assert quote in normalise(document_text(source.file)), (
        f"{region} {benefit} sources[{index}]: quote not in {source.file}: {source.quote}"
    )
    articles = articles_of(source.file)
    assert source.article in articles, f"{region} {benefit}: no article {source.article} in {source.file}"
    assert quote in normalise(articles[source.article]), (
        f"{region} {benefit} sources[{index}]: quote is in {source.file} but not in article {source.article}"
    )

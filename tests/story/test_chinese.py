"""The Simplified Chinese edition at /zh/: the same story from the same data, written and formatted in
Chinese, found by Chinese search, linked page for page with the English edition."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers import ROOT, SITE, SITE_URL, assert_failed_with_one_line, at, mkdocs_build, soup_of
from storykit.writing.writer import FactWriter

ZH = SITE.editions[1].path  # the Chinese edition's folder in the site

PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "changes/", "about/"]
CATALOGUES = ROOT / "scripts" / "storykit" / "words"
CJK = re.compile(r"[\u4e00-\u9fff]")


def zh_soup(site_dir: Path, path: str) -> BeautifulSoup:
    return soup_of(site_dir / ZH, path)


# One record, two editions


def keys_of(node, prefix=""):
    if isinstance(node, dict):
        return {key for name, value in node.items() for key in keys_of(value, f"{prefix}{name}.")}
    return {prefix.rstrip(".")}


def test_every_chart_word_is_in_both_languages():
    """(That any story's words files, and the machinery's catalogues, have the same entries: storykit/test_editions.)"""
    story = {language: yaml.safe_load((SITE.settings.words / f"{language}.yaml").read_text("utf-8"))
             for language in SITE.languages}
    assert keys_of(story["en"]) == keys_of(story["zh-Hans"]), "every chart word in both languages"


def test_a_figure_typed_in_chinese_stops_the_chinese_build(tmp_path):
    """Chinese writes a count with a measure word: 两个月 is a figure, 一些 or 统一 are not. (The catalogue of
    mistakes, storykit/test_bad_input.py, types one in the ferry's German edition.)"""
    project = SITE.copy(tmp_path / "project")
    page = project.root / "docs" / "zh" / "scale.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    heading = next(index for index, line in enumerate(lines) if line.startswith("# "))
    lines[heading + 1:heading + 1] = ["", "统一部署的一些说法，为期两个月。", ""]
    page.write_text("\n".join(lines), encoding="utf-8")
    result = mkdocs_build(project.root, tmp_path / "site" / ZH, SITE_URL + ZH, config=SITE.editions[1].config_file.name)
    assert_failed_with_one_line(result, at("docs/zh/scale.md", heading + 3, None, "'两个月' is a figure typed by hand",
                                           "expected the fact named"))


# Facts in Chinese forms


FORMS = {  # the form each unit takes in Chinese (a qualifier such as 超过 or 约 may lead)
    "count": r"([零一两三四五六七八九]|[\d,]+(\.\d+)?(亿|万)?)",
    "percent": r"(下跌)?(超过|约|近|将近|至少|多达|最多|至多|不到)?−?[\d,]+(\.\d+)?%",
    "share": r"[\d.]+%",
    "hkd": r"[\d,]+\.\d\d港元",
    "rmb": r"人民币[\d,.]+(万|亿)?元",
    "points": r"[\d,]+(\.\d+)?",
    "age": r"\d+",
    "days": r"([零一两三四五六七八九]|\d+)天",
    "months": r"([零一两三四五六七八九]|\d+)个月",
    "ratio": r"[\d.]+倍",
    "date": r"\d{4}年\d{1,2}月\d{1,2}日",
    "month": r"\d{4}年\d{1,2}月",
}
QUALIFIERS = r"(超过|约|近|将近|至少|多达|最多|不到)?"


def test_every_fact_reads_in_chinese_forms(story, english, chinese):
    for fact in story.facts.values():
        text = FactWriter(story, chinese).value(fact)
        form = FORMS.get(fact.fact.unit)
        if form is None:  # a text: written in Chinese (or a name, the same in both)
            assert CJK.search(text) or text == FactWriter(story, english).value(fact), (fact.id, text)
            continue
        assert re.fullmatch(QUALIFIERS + form, text), (fact.id, fact.fact.unit, text)
        assert " " not in text, (fact.id, text)
    assert FactWriter(story, chinese).value("mau_2020") == "12.25亿"
    assert FactWriter(story, chinese).value("wecom_active_users") == "超过1.3亿", "a lower bound stays one"
    assert FactWriter(story, chinese).value("wecom_share_of_wechat") == "超过10.6%", "through a formula too"
    assert FactWriter(story, chinese).value("weibo_post") == "2021年7月27日"


def test_chinese_pages_show_facts_in_chinese_forms(site_dir):
    soup = zh_soup(site_dir, "scale/")
    assert soup.html["lang"] == "zh-Hans"
    figures = [link.get_text() for link in soup.select("article a.sk-fact")]
    assert "12.25亿" in figures
    assert not [figure for figure in figures if re.search(r"billion|million|July|August", figure)], figures
    sources = zh_soup(site_dir, "sources/")
    assert "446.00港元" in sources.select_one("tr#fact-tencent_close_0727").get_text()


# No English interface words on Chinese pages


def interface_words() -> set[str]:
    """The English words of the interface: the machinery's catalogue and Material's, two letters or more."""
    english = yaml.safe_load((CATALOGUES / "en.yaml").read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str):
            texts.append(node)
    for section in ("badges", "basis", "verdicts", "tip", "facts", "series_table", "checks", "changes", "chart",
                    "embed", "downloads", "cite", "theme", "not_found"):
        walk(english[section])
    words = {word for text in texts for word in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", text))}
    material = {"Search", "Previous", "Next", "Table", "contents", "Back", "top", "Copy", "clipboard", "Initializing",
                "search", "Type", "start", "searching", "Skip", "content"}
    return (words | material) - {"CSV", "SVG", "PNG", "JSON", "ZIP", "README", "Atom", "BibTeX", "Data", "Package"}


# Addresses, file paths and words in Chinese quotation marks (a source's English wording, given with its translation).
ALLOWED_LATIN = re.compile(r"https?://\S+|[\w.-]+\.(com|org|net|cn|tw|hk)\b|[\w.^-]+(?:/[\w.^-]+)+|“[^”]*”")


def visible_chinese_text(soup: BeautifulSoup) -> str:
    """A Chinese page's words, without what is English by right: quotes and spans in English, code, the
    language switcher's English name, addresses."""
    for tag in soup.select("script, style, svg, code, pre, [lang=en], .md-select__list, .sk-cite-page__bibtex"):
        tag.decompose()
    return ALLOWED_LATIN.sub(" ", " ".join(soup.get_text(" ").split()))


@pytest.mark.parametrize("path", PAGES + ["404.html"])
def test_no_english_interface_words_on_chinese_pages(site_dir, story, path):
    soup = BeautifulSoup((site_dir / ZH / (path if path.endswith(".html") else path + "index.html"))
                         .read_text(encoding="utf-8"), "html.parser")
    text = visible_chinese_text(soup)
    for source in story.sources.values():  # outlets known by their English names (The Register)
        text = text.replace(source.outlet.get("zh-Hans", ""), " ")
    found = sorted({word for word in re.findall(r"[A-Za-z]{3,}", text)} & interface_words())
    assert found == [], found


def test_the_english_word_check_catches_english():
    soup = BeautifulSoup('<p>来源：<a>Download</a> the data <q lang="en">Sources quoted</q></p>', "html.parser")
    found = {word for word in re.findall(r"[A-Za-z]{3,}", visible_chinese_text(soup))} & interface_words()
    assert {"Download", "data"} <= found and not found & {"Sources", "quoted"}, found


# Addresses, alternates, sitemaps


def test_each_page_links_to_itself_in_the_other_edition_by_full_address(site_dir, site_url):
    for path in PAGES:
        english, chinese = soup_of(site_dir, path), zh_soup(site_dir, path)
        for soup in (english, chinese):
            switcher = {link["hreflang"]: link["href"] for link in soup.select(".md-select__link[hreflang]")}
            assert switcher == {"en": site_url + path, "zh-Hans": site_url + ZH + path}, switcher
            # Material's script would fetch a sitemap beside each hreflang link in the head: they are in the sitemaps.
            assert not soup.select("head link[rel=alternate][hreflang]")
        assert chinese.find("link", rel="canonical")["href"] == site_url + ZH + path


def test_each_edition_has_its_sitemap_with_alternates_and_robots_txt_names_both(site_dir, site_url):
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for folder, prefix in (("", site_url), (ZH, site_url + ZH)):
        tree = ElementTree.parse(site_dir / folder / "sitemap.xml")
        entries = {url.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
                   {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
                   for url in tree.getroot()}
        assert entries == {prefix + path: {"en": site_url + path, "zh-Hans": site_url + ZH + path} for path in PAGES}
    robots = (site_dir / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}sitemap.xml" in robots and f"Sitemap: {site_url}{ZH}sitemap.xml" in robots
    assert not (site_dir / ZH / "robots.txt").exists()


def test_the_chinese_edition_shares_the_dataset_and_has_its_own_feed(site_dir, site_url):
    assert not (site_dir / ZH / "data").exists(), "one set of data files"
    downloads = zh_soup(site_dir, "sources/").select(".sk-downloads a")
    assert downloads and all(link["href"].startswith("../../data/") for link in downloads)
    for link in downloads:
        assert (site_dir / ZH / "sources" / link["href"]).resolve().is_file(), link["href"]
    feed = ElementTree.parse(site_dir / ZH / "changes.xml").getroot()
    title = feed.find("{http://www.w3.org/2005/Atom}title").text
    assert "更正" in title and feed.get("{http://www.w3.org/XML/1998/namespace}lang", "zh-Hans") == "zh-Hans"


def test_the_chinese_search_index_holds_its_characters_as_themselves(site_dir):
    """Every page fetches the index when it starts: escapes made the Chinese one 310 kB instead of 172."""
    raw = (site_dir / ZH / "search" / "search_index.json").read_bytes()
    assert "腾讯".encode() in raw and "\u200b".encode() in raw
    assert not re.search(rb"(?<!\\)\\u[0-9a-fA-F]{4}", raw), "no character written as an escape"
    titles = {document["title"] for document in json.loads(raw)["docs"]}
    assert any(CJK.search(title) for title in titles)


def test_chinese_cards_and_citation(site_dir):
    from PIL import Image

    card = Image.open(site_dir / ZH / "assets" / "cards" / "index.png")
    assert card.size == (1200, 630)
    cite = zh_soup(site_dir, "scale/").select_one(".sk-cite-page")
    assert cite.select_one("summary").get_text() == "引用本页"
    assert "版" in cite.select_one(".sk-cite-page__text").get_text()


# In a browser: search, the switcher, the pictures


@pytest.mark.browser
@pytest.mark.parametrize("query, page", [("清风计划", "qingfeng-plan/"), ("暂停注册", "suspension/"),
                                         ("腾讯", ""), ("亿", "scale/")])
def test_chinese_search_finds_its_pages(new_page, site_url, query, page):
    reader = new_page()
    reader.goto(site_url + ZH)
    reader.click("label.md-search__icon, .md-search__input")
    box = reader.locator("input.md-search__input")
    box.fill(query)  # as an input method commits Chinese text: Material searches on the key that follows
    box.press("End")
    reader.wait_for_selector(".md-search-result__item", timeout=15_000)
    found = reader.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
    assert any(re.split(r"[?#]", link)[0] == site_url + ZH + page for link in found), (query, found)
    assert all(link.startswith(site_url + ZH) for link in found), "Chinese search stays in the Chinese edition"


@pytest.mark.browser
def test_english_search_is_unchanged(new_page, site_url):
    reader = new_page()
    reader.goto(site_url)
    box = reader.locator("input.md-search__input")
    box.fill("Qingfeng")
    box.press("End")  # Material searches on a key's release
    reader.wait_for_selector(".md-search-result__item", timeout=15_000)
    found = reader.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
    assert any(re.split(r"[?#]", link)[0] == site_url + "qingfeng-plan/" for link in found)
    assert not any("/zh/" in link for link in found)


@pytest.mark.browser
def test_the_switcher_follows_instant_navigation(new_page, site_url):
    reader = new_page()
    reader.goto(site_url)
    reader.evaluate("window.__sameDocument = true")
    reader.get_by_role("navigation", name="Navigation").get_by_role("link", name="WeChat's scale").first.click()
    reader.wait_for_url(site_url + "scale/")
    assert reader.evaluate("window.__sameDocument === true"), "instant navigation"
    reader.wait_for_function("() => document.querySelector('.md-select__link[hreflang=zh-Hans]').href.endsWith('/zh/scale/')")
    reader.goto(reader.locator(".md-select__link[hreflang=zh-Hans]").get_attribute("href"))
    assert reader.url == site_url + ZH + "scale/"
    assert reader.evaluate("document.documentElement.lang") == "zh-Hans"
    reader.evaluate("window.__sameDocument = true")
    reader.get_by_role("navigation", name="导航栏").get_by_role("link", name="事实核查").first.click()
    reader.wait_for_url(site_url + ZH + "fact-check/")
    assert reader.evaluate("window.__sameDocument === true")
    reader.wait_for_function("() => document.querySelector('.md-select__link[hreflang=en]').href.endsWith('/fact-check/')"
                             " && !document.querySelector('.md-select__link[hreflang=en]').href.includes('/zh/')")


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 768, 1280])
def test_chinese_charts_have_no_text_on_text_and_nothing_cut_off(new_page, site_url, width):
    """The pictures (drawn with a CJK font at build time) and the live charts, in Chinese, at three widths."""
    from helpers import TEXT_PROBLEMS, bring_charts_to_life

    page = new_page(width=width, height=900)
    for path in ["", "suspension/", "qingfeng-plan/", "scale/"]:  # the pages with charts
        page.goto(site_url + ZH + path)
        words = page.evaluate("[...document.querySelectorAll('.sk-chart__plot svg text')].map(t => t.textContent)")
        assert any(CJK.search(text) for text in words), f"{path}: the charts' words in Chinese"
        for state in ("picture", "live"):
            if state == "live":
                bring_charts_to_life(page)
            found = page.evaluate(TEXT_PROBLEMS)
            assert found and all(chart["texts"] >= 2 for chart in found.values()), found
            assert {chart: result["problems"] for chart, result in found.items() if result["problems"]} == {}, \
                (path, state)


@pytest.mark.browser
def test_chinese_pictures_use_fonts_with_simplified_shapes(new_page, site_url):
    page = new_page()
    page.goto(site_url + ZH + "scale/")
    family = page.evaluate("getComputedStyle(document.querySelector('.sk-chart__picture--wide text')).fontFamily")
    assert family.index("PingFang SC") < family.index("Noto Sans CJK SC"), family
    body = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body.startswith('"PingFang SC"'), body


# Written for Chinese readers: their glossary, their number forms, the sources' own words first


def test_the_chinese_glossary_is_in_pinyin_order_and_leaves_out_what_its_readers_use_daily(site_dir):
    chinese = [" ".join(dt.contents[0].split()) for dt in zh_soup(site_dir, "about/").select("dl.sk-glossary dt")]
    assert chinese == ["恒生指数", "Pandaily", "企业微信", "清风计划", "清朗", "月活", "中央社"], chinese
    english = [dt.contents[0].strip() for dt in soup_of(site_dir, "about/").select("dl.sk-glossary dt")]
    assert english == sorted(english, key=str.casefold) and {"Weibo", "MIIT", "CNA", "Pandaily"} <= set(english)
    # Nor are those terms explained wherever they appear on a Chinese page.
    titles = {abbr.get_text() for path in PAGES for abbr in zh_soup(site_dir, path).select("article abbr")}
    assert not titles & {"微博", "小程序", "公众号", "朋友圈", "工信部", "国家网信办"}, titles


def test_a_count_in_yi_has_at_most_two_decimals_as_tencents_chinese_releases_print_it(story, english, chinese):
    assert FactWriter(story, chinese).value("mau_2017") == "9.89亿"
    assert FactWriter(story, english).value("mau_2017") == "988.6 million", "English keeps the source's digits"
    assert FactWriter(story, chinese).value("mau_2021") == "12.68亿"
    assert FactWriter(story, chinese).value("wecom_active_users") == "超过1.3亿", "no zeros added"


def test_quotes_from_english_sources_lead_with_the_sites_translation(site_dir):
    """The translation first, marked as the site's, with no quotation marks of its own (they are kept for a
    source's words); the English original after it in a tooltip, and one tap away beside a claim."""
    home = zh_soup(site_dir, "")
    reason = home.select_one("article a.sk-fact[href$='#fact-a_reason']")["data-sk-tip"]
    assert reason.startswith("本站译文：腾讯因安全升级暂停微信新用户注册——原报道"), reason
    assert reason.endswith("原文：“Tencent Suspends New Signups to WeChat Due to Security Upgrade”"), reason
    cna = home.select_one("article a.sk-fact[href$='#fact-weibo_post']")["data-sk-tip"]
    assert cna.startswith("“根據相關法律法規") and "本站译文" not in cna, "a Chinese source in its own words"
    english = soup_of(site_dir, "").select_one("article a.sk-fact[href$='#fact-weibo_post']")["data-sk-tip"]
    assert english.startswith("“根據相關法律法規") and "(in accordance with" in english, "English readers get the original"
    cites = zh_soup(site_dir, "fact-check/").select("article .sk-check__claim a.sk-cite")  # each claim's original
    assert cites and all(cite.get_text() == "英文原文" and cite["data-sk-tip"] for cite in cites), cites
    for cite in cites:  # the translation first, said to be the site's, the English original a tap away
        claim = cite.parent.get_text()
        assert claim.index("“") < claim.index("本站译文") < claim.index("英文原文"), claim
        assert cite["data-sk-tip"] not in claim and not cite.parent.select("q[lang=en]"), claim
    row = zh_soup(site_dir, "sources/").select_one("tr#fact-a_reason").get_text(" ", strip=True)
    assert row.index("本站译文：") < row.index("原文：") < row.index("Tencent Suspends"), row


def test_a_summary_is_never_credited_as_a_summary_of_itself(site_dir):
    for folder in ("", ZH):
        for path in PAGES:
            for link in soup_of(site_dir / folder if folder else site_dir, path).select("[data-sk-tip]"):
                tip = link["data-sk-tip"]
                assert "Research dossier's summary of Research dossier" not in tip and "本站研究资料对本站研究资料" not in tip


# Chinese sentences, not English ones in Chinese words, on every page
WRITTEN_FOR_CHINESE_READERS = PAGES
CALQUES = re.compile(r"该文|本身的|自己的|作为[^。；]{0,30}的一部分|被(?!告)")
# What readers use daily, or their own ministries: never introduced to them.
INTRODUCED = re.compile(r"(即时通讯应用|中国腾讯公司旗下|微博客平台|工信部即|国家网信办即|公众号是|小程序是|朋友圈是)")


def chinese_prose(soup: BeautifulSoup) -> str:
    """A Chinese page's own words: no quotes, no source's words, no data tables or charts."""
    article = soup.select_one("article")
    for tag in article.select("q, [lang=en], [lang=zh-Hant], table, figure, .sk-chart, code, .sk-cite-page, "
                              ".sk-change__facts"):  # names of records, from every data file
        tag.decompose()
    return " ".join(article.get_text(" ").split())


@pytest.mark.parametrize("path", WRITTEN_FOR_CHINESE_READERS)
def test_chinese_pages_are_written_in_chinese_sentences_for_chinese_readers(site_dir, path):
    text = chinese_prose(zh_soup(site_dir, path))
    assert CALQUES.findall(text) == [], [text[max(0, m.start() - 20):m.end() + 20] for m in CALQUES.finditer(text)]
    assert INTRODUCED.findall(text) == []
    assert page_link_problems(zh_soup(site_dir, path)) == []


def page_link_problems(soup: BeautifulSoup) -> list[str]:
    """A link to another page in running text reads as that page's name (详见“关于本站”页), or a section's or
    a chart's (“怎样看核查结论”一节, “时间轴”图), not as a sentence's subject."""
    links = [a for a in soup.select("article p a[href]:not(.sk-fact):not(.sk-cite):not(.sk-check__subject)")
             if a["href"].split("#")[0].endswith("/") and not a.find_parent(["figure", "details"])
             and not {"sk-chart", "sk-change__facts"} & {c for p in a.parents for c in p.get("class", [])}]
    return [link.get_text() for link in links if not re.fullmatch(r"“[^”]+”(页|一节|图)", link.get_text())]


def test_the_chinese_data_texts_of_these_pages_are_chinese_sentences(story):
    """Labels, values, glosses, notes and definitions in Chinese, in the data files these pages rest on."""
    from storykit.data.texts import local_fields

    found = []
    for term in story.terms:
        for text in (term.definition, term.term, *term.aliases):
            if isinstance(text, dict) and "zh-Hans" in text:
                found.append(text["zh-Hans"])
    for source in story.sources.values():
        found += [text["zh-Hans"] for text in (source.outlet, source.title, source.note) if isinstance(text, dict)]
    for change in story.changes:
        found += [change.summary["zh-Hans"], change.details["zh-Hans"]]
    for fact in story.facts.values():
        if fact.origin.file.rsplit("/", 1)[-1] in ("1-article.yaml", "2-timeline.yaml", "4-qingfeng.yaml"):
            for name in [*local_fields(type(fact.fact)), "value"]:
                text = getattr(fact.fact, name)
                if isinstance(text, dict) and "zh-Hans" in text:
                    found.append(text["zh-Hans"])
    problems = [text for text in found if CALQUES.search(text)]
    assert problems == [], problems


def test_the_chinese_writing_rules_catch_what_they_are_for():
    bad = ("该文说微信是中国腾讯公司旗下的即时通讯应用，作为清朗行动的一部分，它自己的计划被执行。"
           "详见<a href='../about/'>关于本站</a>。")
    text = chinese_prose(BeautifulSoup(f"<article><p>{bad}</p></article>", "html.parser"))
    assert len(CALQUES.findall(text)) == 4 and INTRODUCED.findall(text)
    page = BeautifulSoup(f"<article><p>{bad}</p><p>详见<a href='../about/'>“关于本站”页</a>。</p></article>", "html.parser")
    assert page_link_problems(page) == ["关于本站"]
    good = "原报道说微信暂停了注册；清风计划是清朗行动的一部分。"
    assert not CALQUES.findall(good) and not INTRODUCED.findall(good)

"""The exporter contract, stated once and passed by every format; then each format's own tests."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from lxml import etree

import pkclean
from export_articles import make_article, seed_articles
from pkclean.cli import main
from pkclean.errors import OutputError, UsageError
from pkclean.formats import exporters
from pkclean.formats.csvtable import HEADER
from pkclean.formats.tei_names import TEI_NS, XML_ID, tei_dtd
from pkclean.model import Article, Block

NS = {"t": TEI_NS}


def export(name: str, articles: tuple[Article, ...] | list[Article], **options: object) -> bytes:
    """The bytes a format writes for `articles`."""
    stream = io.BytesIO()
    exporter = exporters.get(name)(stream, **options)
    exporter.start()
    for article in articles:
        exporter.write(article)
    exporter.finish()
    assert not stream.closed
    return stream.getvalue()


def read_back(name: str, data: bytes, folder: Path) -> list[Article]:
    path = folder / ("export" + exporters.get(name).suffix)
    path.write_bytes(data)
    return list(pkclean.read(path))


def hand_made() -> list[Article]:
    """Articles that reach the corners: no metadata, naive time, unknown layout, empty body."""
    return [
        make_article(),
        make_article(
            publication="unknown",
            title=None,
            subtitle=None,
            authors=(),
            published=None,
            published_at=None,
            date_text=None,
            issue=None,
            labels=(),
            captions=(),
            links=(),
            warnings=("layout_unknown", "title_missing", "date_missing"),
            body=(("heading", "Only a heading"), ("heading", "And another")),
        ),
        make_article(
            publication="workers_world",
            published_at=None,
            date_text="Nov 2, 2007",
            body=(("paragraph", '=SUM(A1) "quoted", with commas; and\ttabs\rand CR'),),
        ),
        make_article(
            publication="cwi",
            published=dt.date(2007, 11, 2),
            published_at=dt.datetime(2007, 11, 2, 23, 49),
            body=(),
        ),
    ]


class ExporterContract:
    """What every exporter promises. Subclasses set `format_name` and override `carried`."""

    format_name: ClassVar[str]

    def carried(self, article: Article) -> dict[str, Any]:
        """The part of an article this format carries (compared after a round trip)."""
        return article.model_dump(mode="json")

    def test_is_registered_with_a_suffix(self) -> None:
        assert self.format_name in exporters.names()
        assert exporters.get(self.format_name).suffix.startswith(".")

    def test_refuses_an_unknown_option(self) -> None:
        with pytest.raises(UsageError, match="does not take colour"):
            exporters.get(self.format_name)(io.BytesIO(), colour=True)

    def test_writes_to_the_stream_only(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.chdir(tmp_path)
        assert export(self.format_name, seed_articles())
        assert list(tmp_path.iterdir()) == []

    def test_same_articles_give_the_same_bytes(self) -> None:
        articles = [*seed_articles(), *hand_made()]
        assert export(self.format_name, articles) == export(self.format_name, articles)

    def test_writes_each_article_as_it_comes(self) -> None:
        stream = io.BytesIO()
        exporter = exporters.get(self.format_name)(stream)
        exporter.start()
        for article in seed_articles():
            before = len(stream.getvalue())
            exporter.write(article)
            assert article.id.encode() in stream.getvalue()[before:]
        exporter.finish()

    def test_seeds_read_back(self, tmp_path: Path) -> None:
        articles = seed_articles()
        back = read_back(self.format_name, export(self.format_name, articles), tmp_path)
        assert [self.carried(a) for a in back] == [self.carried(a) for a in articles]

    def test_hand_made_articles_read_back(self, tmp_path: Path) -> None:
        articles = hand_made()
        back = read_back(self.format_name, export(self.format_name, articles), tmp_path)
        assert [self.carried(a) for a in back] == [self.carried(a) for a in articles]

    def test_no_articles_read_back_as_none(self, tmp_path: Path) -> None:
        assert read_back(self.format_name, export(self.format_name, []), tmp_path) == []


class TestJsonLines(ExporterContract):
    format_name = "jsonl"

    def test_one_line_per_article(self) -> None:
        data = export("jsonl", seed_articles())
        assert data.count(b"\n") == len(seed_articles())
        assert data.endswith(b"\n")


def csv_carried(article: Article) -> dict[str, Any]:
    """CSV carries every field; an empty string in a nullable column reads back as null."""
    record = article.model_dump(mode="json")
    for key in ("title", "subtitle", "date_text", "issue"):
        record[key] = record[key] or None
    record["source"]["url"] = record["source"]["url"] or None
    return record


class TestCsv(ExporterContract):
    format_name = "csv"

    def carried(self, article: Article) -> dict[str, Any]:
        return csv_carried(article)

    def test_header_row_has_the_documented_columns(self) -> None:
        first = export("csv", []).decode("utf-8")
        assert first == ",".join(HEADER) + "\r\n"

    def test_readme_lists_the_columns_in_order(self) -> None:
        readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
        assert "`" + "`, `".join(HEADER) + "`" in readme

    def test_lists_are_json_arrays_and_null_is_an_empty_cell(self) -> None:
        rows = self._rows(export("csv", hand_made()))
        assert rows[0]["authors"] == '["Ayesha Raza","Tom Fielding"]'
        assert rows[1]["authors"] == "[]"
        assert rows[1]["title"] == ""
        assert rows[0]["headings"] == "[1]"
        assert rows[1]["headings"] == "[0,1]"
        assert rows[0]["links"] == (
            '[{"text":"the union\'s statement","url":"https://example.org/statement"}]'
        )

    def test_text_separates_blocks_with_a_blank_line(self) -> None:
        row = self._rows(export("csv", hand_made()))[0]
        assert row["text"].split("\n\n") == [block.text for block in hand_made()[0].body]

    def test_values_are_exact_by_default(self) -> None:
        row = self._rows(export("csv", hand_made()))[2]
        assert row["text"] == '=SUM(A1) "quoted", with commas; and\ttabs\rand CR'

    def test_excel_safe_defuses_formulas(self) -> None:
        article = make_article(
            title="=HYPERLINK(1)",
            subtitle="-5 degrees",
            authors=("@handle", "'=already"),
            body=(("paragraph", "+1 and on"), ("paragraph", "\tindented")),
            date_text="\rx",
        )
        row = self._rows(export("csv", [article], excel_safe=True))[0]
        assert row["title"] == "'=HYPERLINK(1)"
        assert row["subtitle"] == "'-5 degrees"
        assert row["text"] == "'+1 and on\n\n\tindented"
        assert row["date_text"] == "'\rx"
        assert row["authors"] == '["@handle","\'=already"]'  # inside JSON: not a formula

    def test_excel_safe_export_reads_back_exactly(self, tmp_path: Path) -> None:
        article = make_article(title="=1+1", subtitle="'=x", body=(("paragraph", "-dash"),))
        (tmp_path / "datapackage.json").write_bytes(
            exporters.get("csv")(io.BytesIO(), excel_safe=True).sidecars("export.csv")[
                "datapackage.json"
            ](None)
        )
        back = read_back("csv", export("csv", [article], excel_safe=True), tmp_path)
        assert [csv_carried(a) for a in back] == [csv_carried(article)]

    def test_refuses_a_block_it_cannot_separate(self) -> None:
        article = make_article(body=(("paragraph", "one\n\ntwo"),))
        with pytest.raises(OutputError, match="block 0"):
            export("csv", [article])

    @staticmethod
    def _rows(data: bytes) -> list[dict[str, str]]:
        import csv

        return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def tei_carried(article: Article) -> dict[str, Any]:
    """TEI carries all but the detector's evidence and the removed lines (see the README)."""
    record = article.model_dump(mode="json")
    record["detection"]["evidence"] = []
    record["removed"] = []
    record["date_text"] = record["date_text"] or None
    return record


def local(element: Any) -> str:
    return str(etree.QName(element).localname)


def tei_tree(data: bytes) -> Any:
    return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))


def dtd_errors(data: bytes) -> list[str]:
    dtd = tei_dtd()
    valid = dtd.validate(etree.ElementTree(tei_tree(data)))
    return [] if valid else [str(error) for error in dtd.error_log.filter_from_errors()]


class TestTei(ExporterContract):
    format_name = "tei"

    def carried(self, article: Article) -> dict[str, Any]:
        return tei_carried(article)

    def test_corpus_is_valid_against_the_dtd(self) -> None:
        assert dtd_errors(export("tei", [*seed_articles(), *hand_made()])) == []

    def test_split_article_is_a_valid_tei_document(self) -> None:
        data = export("tei", [make_article()], split=True)
        assert tei_tree(data).tag == f"{{{TEI_NS}}}TEI"
        assert dtd_errors(data) == []

    def test_split_stream_takes_one_article(self) -> None:
        exporter = exporters.get("tei")(io.BytesIO(), split=True)
        exporter.start()
        exporter.write(make_article())
        with pytest.raises(ValueError, match="one article"):
            exporter.write(make_article())

    def test_header_describes_the_source(self) -> None:
        tei = tei_tree(export("tei", [make_article()], split=True))

        def one(xpath: str) -> Any:
            (found,) = tei.xpath(xpath, namespaces=NS)
            return found

        bibl = "t:teiHeader/t:fileDesc/t:sourceDesc/t:biblStruct"
        assert tei.get(XML_ID) == make_article().id
        assert one(f"{bibl}/t:analytic/t:title[@level='a'][@type='main']").text == (
            "Port strike spreads along the coast"
        )
        assert one(f"{bibl}/t:analytic/t:title[@level='a'][@type='sub']").text == (
            "Unions call a second day of action"
        )
        authors = tei.xpath(f"{bibl}/t:analytic/t:author/text()", namespaces=NS)
        assert authors == ["Ayesha Raza", "Tom Fielding"]
        journal = one(f"{bibl}/t:monogr/t:title[@level='j']")
        assert (journal.text, journal.get("key")) == ("World Socialist Web Site", "wsws")
        date = one(f"{bibl}/t:monogr/t:imprint/t:date")
        assert (date.get("when"), date.text) == (
            "2019-03-04T09:30:00+05:00",
            "4 March 2019, 09:30 PKT",
        )
        assert one(f"{bibl}/t:monogr/t:imprint/t:biblScope[@unit='issue']").text == "2641"
        assert one(f"{bibl}/t:ptr").get("target") == "https://example.org/2019/03/strike"
        app = one("t:teiHeader/t:encodingDesc/t:appInfo/t:application")
        assert (app.get("ident"), app.get("version")) == ("pkclean", pkclean.__version__)

    def test_subheads_open_nested_sections(self) -> None:
        tei = tei_tree(export("tei", [make_article()], split=True))
        (article,) = tei.xpath("t:text/t:body/t:div[@type='article']", namespaces=NS)
        shape = [
            (
                etree.QName(child).localname,
                child.get("type"),
                [etree.QName(c).localname for c in child],
            )
            for child in article
        ]
        assert shape == [
            ("note", "caption", []),
            ("p", None, []),
            ("div", "section", ["head", "p"]),
        ]

    def test_characters_xml_forbids_never_reach_the_file(self, tmp_path: Path) -> None:
        article = make_article(
            title="Vertical\x0btab",
            authors=("Nul\x00l Name",),
            body=(("paragraph", "Non\ufffecharacter and \x1bescape"), ("paragraph", "\x0b\x0c")),
            source=make_article().source.model_copy(update={"url": "https://x.org/\x01a"}),
        )
        data = export("tei", [article])
        for char in "\x0b\x00\ufffe\x1b\x0c\x01":
            assert char.encode("utf-8") not in data
        assert b"&#" not in data.replace(b"&#13;", b"")
        assert dtd_errors(data) == []
        (back,) = read_back("tei", data, tmp_path)
        assert back.title == "Verticaltab"
        assert back.authors == ("Null Name",)
        assert back.body == (Block(kind="paragraph", text="Noncharacter and escape"),)
        assert back.source.url == "https://x.org/a"

    def test_repeated_ids_stay_valid_and_read_back(self, tmp_path: Path) -> None:
        article = make_article()
        data = export("tei", [article, article, article])
        ids = tei_tree(data).xpath("t:TEI/@xml:id", namespaces=NS)
        assert ids == [article.id, f"{article.id}-2", f"{article.id}-3"]
        assert dtd_errors(data) == []
        assert [a.id for a in read_back("tei", data, tmp_path)] == [article.id] * 3


def test_csv_export_writes_a_data_package_beside_it(tmp_path: Path, in_root: Path) -> None:
    output = tmp_path / "corpus.csv"
    assert main(["export", "seeds/", "--format", "csv", "-o", str(output), "-q", "-j", "1"]) == 0
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    (resource,) = package["resources"]
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert (resource["name"], resource["path"]) == ("corpus", "corpus.csv")
    assert [field["name"] for field in resource["schema"]["fields"]] == list(HEADER)


def test_a_second_csv_is_added_to_the_data_package(tmp_path: Path, in_root: Path) -> None:
    for name in ("a.csv", "b.csv", "a.csv"):
        main(["export", "seeds/", "--format", "csv", "-o", str(tmp_path / name), "-q", "-j", "1"])
    package = json.loads((tmp_path / "datapackage.json").read_text("utf-8"))
    assert [resource["path"] for resource in package["resources"]] == ["a.csv", "b.csv"]


def test_a_foreign_datapackage_json_stops_the_export_early(
    tmp_path: Path, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "datapackage.json").write_text("not json", "utf-8")
    code = main(["export", "seeds/", "--format", "csv", "-o", str(tmp_path / "c.csv"), "-q"])
    assert code == 2
    assert "is not a data package" in capsys.readouterr().err
    assert not (tmp_path / "c.csv").exists()
    assert (tmp_path / "datapackage.json").read_text("utf-8") == "not json"


def test_csv_to_standard_output_says_there_is_no_data_package(
    in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "seeds/", "--format", "csv", "-j", "1"]) == 0
    assert "datapackage.json is only written beside an output file" in capsys.readouterr().err


def test_split_writes_one_valid_tei_file_per_article(tmp_path: Path, in_root: Path) -> None:
    folder = tmp_path / "tei"
    args = ["export", "seeds/", "seeds/000_eb6d9062d83ece00.txt", "--format", "tei", "--split"]
    assert main([*args, "-o", str(folder), "-q", "-j", "1"]) == 0
    names = sorted(path.name for path in folder.iterdir())
    ids = sorted(article.id for article in seed_articles())
    first = seed_articles()[0].id
    assert names == sorted([f"{i}.tei.xml" for i in ids] + [f"{first}-2.tei.xml"])
    for path in folder.iterdir():
        assert dtd_errors(path.read_bytes()) == []


@pytest.mark.parametrize(("fmt", "option"), [("jsonl", "--split"), ("tei", "--excel-safe")])
def test_options_of_other_formats_are_usage_errors(
    fmt: str, option: str, tmp_path: Path, in_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["export", "seeds/", "--format", fmt, option, "-o", str(tmp_path / "x"), "-q"])
    assert code == 2
    assert "does not take" in capsys.readouterr().err

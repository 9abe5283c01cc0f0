"""The library's documents as pages: the texts taken from the sources, rendered with their
headings and tables; entries without text or file say so; the texts are searched."""

import datetime
import re

from django.urls import reverse

from record.library_texts import synced_fixture, texts_on_disk
from record.models import MemberCountFigure, Publication
from record.texts import render_document

WITH_TEXT = ["interim-summary-2018", "newsletter-1", "pamphlet-2021", "progress-2024"]


def test_the_fixture_carries_every_text_file_as_it_is_on_disk():
    # `manage.py library_texts` copies fixtures/library/<slug>.md into fixtures/publishing.json.
    _, changed = synced_fixture()
    assert changed == []
    assert set(WITH_TEXT) <= set(texts_on_disk())


def test_the_interim_summary_is_a_page_with_its_headings_and_tables(shipped_data, client):
    publication = Publication.objects.get(slug="interim-summary-2018")
    response = client.get(publication.get_text_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>中間のまとめ</h1>" in html
    assert "<h2>特別区全国連携プロジェクトの今後の展開について（中間のまとめ）</h2>" in html
    assert "<h3>3 プロジェクト推進方策の検討への着手</h3>" in html
    # The counts table, its header row as column headers, the forecast in brackets as printed.
    table = html[html.index('<table class="document-table">') :]
    table = table[: table.index("</table>")]
    assert '<th scope="col">区分</th>' in table and '<th scope="col">平成29年</th>' in table
    assert "<td>各区交流自治体</td><td>574</td><td>641</td><td>675</td>" in table
    assert "<td>237 (253)</td>" in table
    assert "平成28年度末 217→平成29年11月末 248" in html
    # OCR noise cleaned: the readings printed over the names are gone.
    assert "くしろし釧路市" not in html and "釧路市、釧路町、厚岸町" in html


def test_the_first_newsletter_is_a_page_with_the_disaster_table(shipped_data, client):
    html = client.get(reverse("record:publication-text", args=["newsletter-1"])).content.decode()
    assert "<h1>東京23区 全国連携NEWS 創刊号</h1>" in html
    assert '<th scope="col">発災時期</th><th scope="col">災害名</th>' in html
    # A merged year cell is given to each of its rows.
    assert "<td>平成28年 8月30日~31日</td><td>平成28年台風10号</td>" in html
    assert '<a href="http://collabo.tokyo-23city.or.jp/"' in html


def test_the_pamphlet_is_a_page_with_its_statement_and_counts(shipped_data, client):
    html = client.get(reverse("record:publication-text", args=["pamphlet-2021"])).content.decode()
    assert "<h2>趣意書</h2>" in html and "平成26年9月16日 特別区長会" in html
    # Lines the OCR broke in the middle of a sentence are joined again.
    assert "本来国が保障すべき地方財源" in html
    assert "<td>合計</td><td>553</td><td>747</td><td>+194</td>" in html
    assert "令和3年度" in html  # no date is printed: the fiscal year its contents show


def test_the_library_offers_the_texts_and_says_which_entries_have_no_file(shipped_data, client):
    html = client.get(reverse("record:publication-list")).content.decode()
    for slug in WITH_TEXT:
        entry = html[html.index(f'id="publication-{slug}"') :]
        entry = entry[: entry.index("</li>")]
        assert f'href="/library/{slug}/text/"' in entry and "本文を読む" in entry
    statement = html[html.index('id="publication-statement"') :]
    assert "本文・ファイルはありません" in statement[: statement.index("</li>")]
    without = Publication.objects.filter(text="", file="", online_page="").count()
    assert html.count("本文・ファイルはありません") == without > 0


def test_the_timeline_document_is_a_page_and_still_points_to_the_timeline(shipped_data, client):
    html = client.get(reverse("record:publication-list")).content.decode()
    entry = html[html.index('id="publication-progress-2024"') :]
    entry = entry[: entry.index("</li>")]
    assert 'href="/library/progress-2024/text/"' in entry and "本文を読む" in entry
    assert f'href="{reverse("record:timeline")}"' in entry
    assert "本文の各項目は「これまでの経過（年表）」に収録しています" in entry
    assert "本文・ファイルはありません" not in entry
    response = client.get("/library/progress-2024/text/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{reverse("record:timeline")}"' in html
    # The timeline by calendar year, as the document lays it out.
    assert "<h3>平成26年</h3>" in html and "<h3>令和6年</h3>" in html
    assert "<strong>9月10日</strong>" in html
    # Words the OCR broke across lines are joined; the page's running header is gone.
    assert "東日本大震災からの復興を目指す象徴的な取り組み" in html
    assert "子育て支援課推進係長 岩生 裕治 氏" in html
    assert "アドバイスをいただくことを依頼</p>" in html
    assert html.count("令和6年3月8日 特別区制度懇談会 資料5") == 1
    # Its three tables: the 13 bodies, the 4 corporate agreements, the partner counts.
    assert html.count('<table class="document-table">') == 3
    assert "<td>山梨県町村会（令和元年10月26日）</td><td>14</td>" in html
    assert "<td>合計</td><td>372</td>" in html
    assert "<td>明治安田生命保険相互会社</td><td>令和4年3月29日</td>" in html
    assert '<th scope="col">27→5年度</th>' in html
    assert "<td>1,004</td><td>1,035</td><td>1,096</td><td>1,105</td><td>1,117</td>" in html


def test_an_entry_without_text_has_no_text_page(shipped_data, client):
    assert client.get("/library/statement/text/").status_code == 404
    assert client.get("/library/no-such-thing/text/").status_code == 404


def test_the_text_pages_are_in_the_sitemap(shipped_data, client):
    xml = client.get("/sitemap-library.xml").content.decode()
    locations = set(re.findall(r"<loc>http://testserver(/library/[^<]+)</loc>", xml))
    assert locations == {f"/library/{slug}/text/" for slug in WITH_TEXT}


def test_the_markup_of_a_text_is_escaped():
    html = render_document(
        "# 見出し<script>\n\n| a | <b>b</b> |\n|---|---|\n| 1 | 2 |\n\n- **太字**"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<h2>見出し&lt;script&gt;</h2>" in html
    assert '<th scope="col">&lt;b&gt;b&lt;/b&gt;</th>' in html
    assert "<li><strong>太字</strong></li>" in html


def test_a_texts_table_scrolls_in_a_named_focusable_frame_on_a_phone():
    html = render_document("## 会員数 & <推移>\n\n|  | 平成28年度 |\n|---|---|\n| 会員 | 217 |")
    frame = re.search(
        r'<div class="table-wrap" role="region" aria-label="([^"]*)" tabindex="0">', html
    )
    assert frame, html
    assert (
        frame.group(1) == "表1（会員数 &amp; &lt;推移&gt;）"
    )  # the section's heading, escaped once
    assert '<thead><tr><td></td><th scope="col">平成28年度</th></tr></thead>' in html


def test_the_member_counts_from_the_interim_summary_are_on_the_partner_figures(
    shipped_data, client
):
    html = client.get(reverse("record:partner-counts")).content.decode()
    table = html[html.index('id="member-count-table"') :]
    table = table[: table.index("</table>")]
    assert re.search(r"平成28年度末</time></th><td class=\"num\">217</td>", table)
    assert re.search(r"平成29年11月末</time></th><td class=\"num\">248</td>", table)
    assert "中間のまとめ" in table
    # Data, not a typed line: a figure added in the admin shows up, one removed goes.
    MemberCountFigure.objects.filter(hp_members=217).delete()
    MemberCountFigure.objects.create(
        as_of=datetime.date(2018, 3, 31),
        label="平成29年度末（見込）",
        hp_members=253,
        source="テスト",
    )
    html = client.get(reverse("record:partner-counts")).content.decode()
    assert "平成28年度末" not in html and "平成29年度末（見込）" in html

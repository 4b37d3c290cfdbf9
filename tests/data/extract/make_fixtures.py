#!/usr/bin/env python3
"""Writes the small fixture files of tests/unit/test_text_extract.c into this directory.

Run once after changing it; the outputs are committed. Everything is written by hand here
(no office suite): a two-page PDF 1.4 with Helvetica in WinAnsiEncoding, a DOCX, an ODT, an
XLSX and a PPTX as minimal zip packages, an RTF, an HTML page with a script and a style, a
VLOS verslag with two speakers and an interruption, plain text in UTF-8 and in Windows-1252,
a truncated PDF, random bytes and a JPEG header.
"""
import os
import random
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def w(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def pdf(pages):
    objs = []
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    kids = []
    # object numbers: 1 catalog, 2 pages, 3 font, then (page, content) pairs
    body = {}
    n = 4
    for lines in pages:
        ops = [b"BT /F1 12 Tf 72 720 Td 16 TL"]
        for line in lines:
            esc = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            ops.append(b"(" + esc + b") Tj T*")
        ops.append(b"ET")
        stream = b"\n".join(ops)
        body[n] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                   b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (n + 1))
        body[n + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        kids.append(b"%d 0 R" % n)
        n += 2
    body[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    body[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    body[3] = font
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for i in sorted(body):
        offsets[i] = len(out)
        out += b"%d 0 obj\n" % i + body[i] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (n)
    for i in range(1, n):
        out += b"%010d 00000 n \n" % offsets[i]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (n, xref)
    return bytes(out)


def zipped(name, members, stored_first=None):
    path = os.path.join(HERE, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if stored_first:
            z.writestr(zipfile.ZipInfo(stored_first[0]), stored_first[1], zipfile.ZIP_STORED)
        for m, data in members:
            z.writestr(m, data)


CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

sample_pdf = pdf([
    ["Motie van het lid Van Dijk over caf\u00e9-eigenaren",
     "De Kamer, gehoord de beraadslaging, verzoekt de regering 100 \u20ac te betalen."],
    ["Tweede pagina: F-35 en kst-36600-XV."],
])
w("sample.pdf", sample_pdf)
w("truncated.pdf", sample_pdf[: len(sample_pdf) * 45 // 100])
w("scanned.pdf", pdf([[]]))

zipped("sample.docx", [
    ("[Content_Types].xml", CT),
    ("word/document.xml",
     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
     f'<w:document {W}><w:body>'
     '<w:p><w:r><w:t>Geachte voorzitter,</w:t></w:r></w:p>'
     '<w:p><w:r><w:t xml:space="preserve">Hierbij zend ik u de </w:t></w:r>'
     '<w:r><w:rPr><w:b/></w:rPr><w:t>beantwoording</w:t></w:r><w:r><w:tab/><w:t>van de vragen</w:t>'
     '<w:br/><w:t>over caf\u00e9s &amp; terrassen.</w:t></w:r></w:p>'
     '<w:p><w:r><w:instrText>PAGE</w:instrText><w:delText>weg</w:delText></w:r></w:p>'
     '<w:p><w:r><w:t>De minister van Financi\u00ebn</w:t></w:r></w:p>'
     '</w:body></w:document>'),
    ("word/footnotes.xml",
     f'<?xml version="1.0"?><w:footnotes {W}><w:footnote><w:p><w:r><w:t>Kamerstuk 36600-XV, nr. 12</w:t></w:r></w:p></w:footnote></w:footnotes>'),
])

zipped("sample.odt", [
    ("content.xml",
     '<?xml version="1.0" encoding="UTF-8"?>'
     '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
     '<text:h>Verslag van een schriftelijk overleg</text:h>'
     '<text:p>De vaste commissie<text:s text:c="3"/>heeft <text:span>vragen</text:span> gesteld.</text:p>'
     '<text:p>Regel een<text:line-break/>regel twee<text:tab/>na tab</text:p>'
     '</office:text></office:body></office:document-content>'),
], stored_first=("mimetype", "application/vnd.oasis.opendocument.text"))

zipped("sample.xlsx", [
    ("[Content_Types].xml", CT),
    ("xl/workbook.xml", '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'),
    ("xl/sharedStrings.xml",
     '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
     '<si><t>Begroting Defensie</t></si><si><r><t>Artikel </t></r><r><t>12</t></r></si></sst>'),
])

A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
zipped("sample.pptx", [
    ("[Content_Types].xml", CT),
    ("ppt/presentation.xml", f'<?xml version="1.0"?><p:presentation {A}/>'),
    ("ppt/slides/slide10.xml", f'<?xml version="1.0"?><p:sld {A}><a:p><a:r><a:t>Dia tien</a:t></a:r></a:p></p:sld>'),
    ("ppt/slides/slide2.xml", f'<?xml version="1.0"?><p:sld {A}><a:p><a:r><a:t>Dia twee</a:t></a:r></a:p></p:sld>'),
    ("ppt/slides/slide1.xml", f'<?xml version="1.0"?><p:sld {A}><a:p><a:r><a:t>Stikstof</a:t></a:r><a:r><a:t>beleid</a:t></a:r></a:p><a:p><a:r><a:t>Dia een</a:t></a:r></a:p></p:sld>'),
])

w("sample.rtf", b"{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}}"
  b"{\\*\\generator Kamerwacht fixture;}\\f0\\fs24 Aan de Voorzitter van de Tweede Kamer\\par\\par "
  b"Caf\\'e9 en \\u8364? 5 miljoen voor de {\\b kinderopvang}.\\par}\n")

w("sample.html", """<!DOCTYPE html>
<html><head><title>Antwoord op vragen</title><style>p { color: red; }</style>
<script>var geheim = "niet indexeren"; if (a < b) {}</script></head>
<body><h1>Antwoord op vragen van het lid Omtzigt</h1>
<p>Vraag 1: Kent u het bericht &ldquo;Toeslagen&rdquo; &amp; de caf&eacute;s?</p>
<!-- commentaar weg -->
<ul><li>eerste</li><li>tweede</li></ul>
<p>Antwoord&nbsp;1:<br>Ja.</p></body></html>
""".encode("utf-8"))

w("vlos.xml", """<?xml version="1.0" encoding="utf-8"?>
<vlosCoreDocument xmlns="http://www.tweedekamer.nl/ggm/vergaderverslag/v1.0" MessageID="d10950e7-e8b6-479a-9381-ab19423d7502" Source="VLOS2.0" soort="Eindpublicatie" status="Gecorrigeerd" versie="1.3">
  <vergadering soort="Commissie" objectid="f96c0d62-dcba-4f8b-9ee1-f56c08e167d7" kamer="Tweede Kamer">
    <titel>Klimaat Caribisch deel Koninkrijk</titel>
    <zaal>Troelstrazaal</zaal>
    <datum>2024-04-09T00:00:00</datum>
    <activiteit soort="Commissiedebat" objectid="a1">
      <titel>Klimaat Caribisch deel Koninkrijk</titel>
      <onderwerp>Klimaatadaptatie op Bonaire</onderwerp>
      <parlisid>2023A07965</parlisid>
      <activiteithoofd soort="Termijn" objectid="a2">
        <activiteitdeel soort="Spreekbeurt" objectid="a3">
          <activiteititem soort="Woordvoerder" objectid="a4">
            <woordvoerder objectid="a5">
              <spreker soort="Tweede Kamerlid" objectid="s1">
                <fractie>D66</fractie><aanhef>De heer</aanhef><verslagnaam>Sneller</verslagnaam>
                <voornaam>Joost</voornaam><achternaam>Sneller</achternaam><functie>lid Tweede Kamer</functie>
              </spreker>
              <markeertijdbegin>2024-04-09T10:01:00</markeertijdbegin>
              <isvoorzitter>false</isvoorzitter>
              <tekst><alinea><alineaitem>Voorzitter. Bonaire loopt <nadruk type="Vet">echt</nadruk> onder.</alineaitem></alinea>
                <alinea><alineaitem>Tweede alinea van Sneller.</alineaitem></alinea></tekst>
              <interrumpant objectid="a6">
                <spreker soort="Tweede Kamerlid" objectid="s2">
                  <fractie>PVV</fractie><aanhef>Mevrouw</aanhef><verslagnaam>Kops</verslagnaam>
                  <voornaam>Alexander</voornaam><achternaam>Kops</achternaam>
                </spreker>
                <tekst><alinea><alineaitem>Wat kost dat?</alineaitem></alinea></tekst>
              </interrumpant>
            </woordvoerder>
            <woordvoerder objectid="a7">
              <spreker soort="Minister" objectid="s3">
                <verslagnaam>Jetten</verslagnaam><functie>minister voor Klimaat en Energie</functie>
              </spreker>
              <tekst/>
            </woordvoerder>
          </activiteititem>
        </activiteitdeel>
      </activiteithoofd>
    </activiteit>
  </vergadering>
</vlosCoreDocument>
""".encode("utf-8"))

w("utf8.txt", "Schriftelijke vragen over de \u20ac-koers\r\nen de caf\u00e9s.\r\n\r\n\r\n\r\nEinde.\n".encode("utf-8"))
w("cp1252.txt", "Financi\u00ebn \u20ac 12 \u2013 caf\u00e9\n".encode("cp1252"))
rnd = random.Random(42)
w("random.bin", bytes(rnd.randrange(256) for _ in range(4096)))
w("image.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(64))
w("ole-random.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rnd.randrange(256) for _ in range(2048)))
w("empty.txt", b"")

/*
 * site_css — the one stylesheet of the site as a string literal, so that the page serving it
 * writes it with html_lit() like any other fixed markup. Readable type, AA contrast (text
 * #1b1b1b on #fff, links #0b4f9c, vote colours always next to labels and numbers), a visible
 * focus ring, a layout that reflows to one column on small screens, and a print style
 * without navigation.
 */
#ifndef KW_WEB_SITE_CSS_H
#define KW_WEB_SITE_CSS_H

#define KW_SITE_CSS \
":root{--fg:#1b1b1b;--muted:#4a4a4a;--bg:#fff;--alt:#f3f4f6;--line:#c9ccd1;" \
    "--link:#0b4f9c;--voor:#1a7f37;--tegen:#b42318;--niet:#6b7280;--accent:#7a3e00}\n" \
    "*{box-sizing:border-box}\n" \
    "html{font-size:100%}\n" \
    "body{margin:0;color:var(--fg);background:var(--bg);font:1rem/1.55 system-ui,-apple-system," \
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\n" \
    "a{color:var(--link);text-underline-offset:.15em}\n" \
    "a:visited{color:#5b2a86}\n" \
    ":focus-visible{outline:3px solid #f5a300;outline-offset:2px}\n" \
    ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem 1rem;z-index:9}\n" \
    ".skip:focus{left:.5rem}\n" \
    "header.site{background:#15325a;color:#fff;padding:.6rem 1rem}\n" \
    "header.site a{color:#fff}\n" \
    ".brand{margin:0 0 .4rem;font-size:1.25rem}\n" \
    ".brand a{font-weight:700;text-decoration:none}\n" \
    ".brand span{font-size:.9rem;opacity:.9;margin-left:.5rem}\n" \
    "nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem .9rem}\n" \
    "nav a{display:inline-block;padding:.15rem 0}\n" \
    "nav a[aria-current]{font-weight:700;text-decoration-thickness:3px}\n" \
    "main{max-width:72rem;margin:0 auto;padding:1rem}\n" \
    "main:focus{outline:none}\n" \
    "h1{font-size:1.7rem;line-height:1.25;margin:.6rem 0 .4rem}\n" \
    "h2{font-size:1.3rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--line)}\n" \
    "h3{font-size:1.1rem;margin:1.2rem 0 .4rem}\n" \
    "h4{font-size:1rem;margin:1rem 0 .3rem}\n" \
    ".sub{font-size:1.15rem;margin:.1rem 0;color:var(--muted)}\n" \
    ".soort{display:inline-block;background:var(--alt);border:1px solid var(--line);" \
    "border-radius:3px;padding:0 .4rem;font-size:.9rem}\n" \
    ".meta{color:var(--muted)}\n" \
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.6rem 0}\n" \
    "dl.facts dt{font-weight:600}\n" \
    "dl.facts dd{margin:0}\n" \
    "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}\n" \
    "th,td{text-align:left;vertical-align:top;padding:.3rem .5rem;border-bottom:1px solid " \
    "var(--line)}\n" \
    "thead th{background:var(--alt)}\n" \
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\n" \
    ".table-wrap{overflow-x:auto}\n" \
    ".voor{color:var(--voor);font-weight:600}\n" \
    ".tegen{color:var(--tegen);font-weight:600}\n" \
    ".niet{color:var(--niet)}\n" \
    ".uitslag-aangenomen{border-left:5px solid var(--voor);padding-left:.6rem}\n" \
    ".uitslag-verworpen{border-left:5px solid var(--tegen);padding-left:.6rem}\n" \
    ".uitslag-overig{border-left:5px solid var(--niet);padding-left:.6rem}\n" \
    "svg.votebar{display:block;width:100%;max-width:36rem;height:auto;margin:.3rem 0}\n" \
    ".links a{margin-right:.8rem}\n" \
    "ul.plain{list-style:none;padding-left:0}\n" \
    "ul.docs li{margin:.35rem 0}\n" \
    "ul.docs ul{margin:.2rem 0 .2rem 1.2rem;padding-left:.6rem;border-left:2px solid " \
    "var(--line);list-style:none}\n" \
    ".tekst{max-width:48rem;overflow-wrap:anywhere;font-family:Georgia," \
    "'Times New Roman',serif;font-size:1.02rem;background:#fcfcfb;border:1px solid var(--line);" \
    "padding:1rem}\n" \
    ".notice{background:#fff7e6;border:1px solid #e0b25c;padding:.6rem .8rem}\n" \
    "form.filters{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:flex-end;" \
    "background:var(--alt);padding:.6rem;margin:.5rem 0 1rem}\n" \
    "form.filters label{display:flex;flex-direction:column;font-size:.9rem;max-width:100%}\n" \
    "select,input{max-width:100%}\n" \
    "input,select,button{font:inherit;padding:.25rem .4rem;border:1px solid #6b7280;" \
    "border-radius:3px;background:#fff;color:var(--fg)}\n" \
    "button{background:#15325a;color:#fff;border-color:#15325a;cursor:pointer}\n" \
    ".pager{display:flex;gap:1.5rem;margin:1rem 0}\n" \
    ".timeline{list-style:none;padding-left:0;border-left:3px solid var(--line)}\n" \
    ".timeline>li{padding:.3rem 0 .3rem .8rem;position:relative}\n" \
    ".timeline time{font-weight:600}\n" \
    ".persons{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.8rem;" \
    "list-style:none;padding:0}\n" \
    ".persons img{width:100%;max-width:8rem;height:auto;display:block;border-radius:3px}\n" \
    ".spreker{font-weight:700;margin:.8rem 0 .1rem}\n" \
    ".late{color:var(--tegen);font-weight:600}\n" \
    "mark{background:#fff0a8;color:inherit;padding:0 .1em}\n" \
    "h2.hit{font-size:1.1rem;border:0;margin:1rem 0 .1rem}\n" \
    ".counts{display:inline-block;vertical-align:top;margin-right:2rem}\n" \
    "footer.site{border-top:1px solid var(--line);margin-top:2rem;padding:1rem;color:var(--muted);" \
    "font-size:.9rem;text-align:center}\n" \
    "footer.site a{color:var(--link)}\n" \
    "@media (max-width:40rem){main{padding:.6rem}h1{font-size:1.4rem}" \
    "dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.3rem}" \
    "th,td{padding:.25rem .3rem}}\n" \
    "@media print{header.site,footer.site,.skip,form.filters,.pager{display:none}" \
    "a{color:#000}.tekst{border:0;padding:0}}\n"

#endif

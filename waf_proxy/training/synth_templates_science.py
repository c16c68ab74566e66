"""Train templates: research and teaching apps whose content is notation, code and scientific formats.

A collaborative LaTeX editor (source saves, BibTeX, compile requests, comments on the maths), a
citation manager (BibTeX / RIS / CSL-JSON imports, DOI look-ups), a bioinformatics workflow portal
(Nextflow and Snakemake configs, FASTA and VCF uploads, sample sheets), a lab LIMS (barcodes,
protocols with chemical formulas, SMILES and units, plate-map CSVs, plate-reader XML), a statistics
course grader (R, Stata, SAS and SPSS submissions), a MATLAB/Octave grader, a preprint server
(abstracts with maths, authors with diacritics, ORCID iDs, licences, SWORD deposits) and a telescope
and HPC time proposal system (FITS headers, coordinates, ADQL in query parameters, VOTables, SLURM
scripts). They exist because what researchers, students and instruments send -- `\\input{sections/intro}`,
`$x < 0$`, `SELECT IF (bmi > 10).`, `proc sql; select ...`, `1 = CONTAINS(POINT('ICRS', ra, dec), ...)`,
`FILTER  = 'SDSS r'''`, a DOI with `<213::AID-JBM9>3.0.CO;2-K` in it, `bwa mem {input} | samtools view -Sb - > {output}`,
`[Na+].[Cl-]`, "Sgr A*", "M{\\"u}ller, J{\\"o}rg" -- reads as an attack to a naive filter, while it is
ordinary content. Every user-controlled value goes through a slot.
"""

from __future__ import annotations

import json
import re
from typing import Any

from waf_proxy.training import synth_values as v
from waf_proxy.training.synth_templates import (
    csv_text, dumps, empty_file, form, form_headers, header_slot, j, multipart, preflight, qs, req, Request, rid, seg, site_headers, template, user_note,
)
from waf_proxy.training.synth_values import Ctx, enc_xml, headers_for

# --------------------------------------------------------------------------
# Shared helpers: names, ORCID iDs, DOIs, CSV, references
# --------------------------------------------------------------------------

_NAMES = ("Jörg Müller", "Zoë O'Connor", "Nguyễn Văn An", "Łukasz Kowalczyk", "Siobhán Ní Dhomhnaill", "José María García-Pérez", "Chloé Lefèvre",
          "Ahmet Yılmaz", "Ana Ćosić", "Mary-Kate D'Arcy", "Jean-François L'Écuyer", "Björn Þórsson", "Xiaoming Wang (王小明)", "Оксана Коваленко",
          "Søren Højgaard", "Paul Erdős", "Zdeněk Dvořák", "Aoife Ní Bhriain", "Seán O'Brien", "Renée D'Souza-Schäfer")
# BibTeX authors as people type them: TeX accents, braces for corporate authors
_BIB_AUTHORS = (r"M{\"u}ller, J{\"o}rg", r"Erd{\H{o}}s, P{\'a}l", r"Sch{\"o}lkopf, Bernhard", "Ng, Andrew Y.", "O'Neil, Cathy", r"G{\'o}mez, Aidan N.",
                r"Dvo{\v{r}}{\'a}k, Zden{\v{e}}k", "{World Health Organization}", r"D'Angelo, Zo{\"e}", r"Nguy{\~{\^e}}n, V{\u{a}}n An", "van der Berg, Pieter",
                r"Ko{\l}odziej, {\L}ukasz", r"de la Cruz, Mar{\'\i}a")


def _name(ctx: Ctx) -> str:
    """An author or student name: often diacritics, apostrophes, hyphens or a second script."""
    return ctx.pick(_NAMES) if ctx.chance(0.3) else v.full_name(ctx)


def _orcid(ctx: Ctx) -> str:
    """An ORCID iD with a valid ISO 7064 11,2 check character (sometimes an X)."""
    base = f"0000000{ctx.rng.randint(1, 3)}{ctx.rng.randrange(10**6, 10**7)}"
    total = 0
    for ch in base:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    digits = base + ("X" if check == 10 else str(check))
    return "-".join(digits[i:i + 4] for i in range(0, 16, 4))


_DOIS = ("10.1002/(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K", "10.1016/j.cell.2020.02.052", "10.1103/PhysRevLett.116.061102",
         "10.48550/arXiv.2303.08774", "10.1093/nar/gkab1112", "10.1038/s41586-021-03819-2", "10.1145/3372297.3417880", "10.1007/978-3-030-58452-8_13",
         "10.1175/1520-0477(1996)077<0437:TNYRP>2.0.CO;2", "10.1371/journal.pone.0214321", "10.1126/science.aaw1234", "10.3847/1538-4357/ac1234")


def _doi(ctx: Ctx) -> str:
    if ctx.chance(0.6):
        return ctx.pick(_DOIS)
    return ctx.pick((f"10.{ctx.rng.randint(1000, 9999)}/{ctx.en.word()}.{ctx.rng.randint(2015, 2025)}.{ctx.rng.randrange(1000, 99999)}",
                     f"10.{ctx.rng.randint(1000, 9999)}/s{ctx.rng.randrange(10000, 99999)}-0{ctx.rng.randint(19, 25)}-"
                     f"{ctx.rng.randrange(1000, 9999)}-{ctx.rng.randint(0, 9)}"))


def _filter_param(ctx: Ctx, name: str, obj: dict[str, Any]) -> str:
    """A JSON filter document as one query parameter; its slotted strings are json_query slots."""
    return f"{name}={ctx.qenc(json.dumps(obj, ensure_ascii=ctx.json_ascii, separators=(',', ':')))}"


_EQUATIONS = (r"\mathcal{L}(\theta) = -\sum_{i=1}^{n} \log p_\theta(y_i \mid x_i) + \lambda \|\theta\|_2^2", r"\hat{\beta} = (X^\top X)^{-1} X^\top y",
              r"f(x) = \begin{cases} 0 & x < 0 \\ x^2 & 0 \le x \le 1 \\ 1 & x > 1 \end{cases}", r"\int_0^\infty e^{-x^2}\,dx = \frac{\sqrt{\pi}}{2}",
              r"P(A \mid B) = \frac{P(B \mid A)\,P(A)}{P(B)}", r"\nabla \cdot \mathbf{E} = \frac{\rho}{\varepsilon_0}",
              r"\| u_h - u \|_{L^2(\Omega)} \leq C h^{k+1} |u|_{H^{k+1}(\Omega)}", r"\mathbb{E}[X] = \sum_{x} x \, p(x) < \infty",
              r"a_{n+1} = \frac{a_n}{2} + \frac{1}{a_n}, \quad a_0 = 1", r"\Pr\left[|\bar{X}_n - \mu| > \varepsilon\right] \le \frac{\sigma^2}{n\varepsilon^2}")


def _math_comment(ctx: Ctx) -> str:
    """A co-author's or reviewer's remark on the maths: inline TeX, comparisons, \\ref and %."""
    return ctx.pick((
        r"Shouldn't the sum start at $i=0$? Otherwise $\mathcal{L}$ drops the bias term.",
        r"Typo: $\le$ vs $<$ in Eq.~\eqref{eq:main} -- the bound isn't strict.",
        r"Can we use \DeclareMathOperator*{\argmin}{arg\,min} instead of \text{argmin}? Looks off in the PDF.",
        r"Reviewer 2 wants exact p-values instead of $p < 0.05$; see Table~\ref{tab:results}.",
        r"I'd write $\|\theta\|_2^2$ rather than $||\theta||^2$ -- the spacing's wrong with ||.",
        r"Replaced \frac{1}{2} with \tfrac{1}{2} inline; the line spacing was awful.",
        f"% TODO: cite {ctx.fake.last_name()} et al. ({ctx.rng.randint(2015, 2025)}) here -- @{ctx.fake.first_name()} do you have the bibkey?",
        r"The \input{sections/appendix} line breaks the build if the file's missing -- commented it out for now.",
        r"Is $f \in C^{1,\alpha}(\bar\Omega)$ enough here, or do we need $\alpha > 1/2$ for the trace theorem?",
        f"Use \\SI{{{ctx.rng.randint(1, 900)}}}{{\\nano\\meter}} (siunitx) rather than ${ctx.rng.randint(1, 900)} nm$ -- units shouldn't be italic.",
        r"Eq. (3) and (4) disagree on the sign of $\partial_t u$; one of them must be $-\Delta u$.",
        v.prose(ctx, 1, 2, trap_rate=0.4), user_note(ctx),
    ))


# --------------------------------------------------------------------------
# LaTeX collaborative editor: source saves, OT edits, BibTeX, compiles, comments, settings
# --------------------------------------------------------------------------

_MODELS = ("OLS", r"Ridge ($\lambda=0.1$)", "GP", "Ours")
_TEX_FILES = ("main.tex", "sections/intro.tex", "sections/method.tex", "chapters/02-background.tex", "appendix.tex", "thesis.tex", "slides/talk.tex")


def _tex_paragraph(ctx: Ctx) -> str:
    """A paragraph of LaTeX prose as authors write it: inline maths, citations, refs, comments."""
    eq = ctx.pick(_EQUATIONS)
    return ctx.pick((
        f"As shown in Section~\\ref{{sec:{ctx.en.word()}}}, the estimator $\\hat{{\\beta}}$ is unbiased whenever $\\mathbb{{E}}[\\varepsilon \\mid X] = 0$ "
        f"\\cite{{{ctx.fake.last_name().lower()}2019}}.",
        "We minimise \\eqref{eq:main} with Adam ($\\eta = 10^{-3}$, $\\beta_1 = 0.9$); training stops once $|\\Delta \\mathcal{L}| < 10^{-6}$. % "
        "TODO: rerun with seed 42",
        f"Let $u \\in H^1_0(\\Omega)$ satisfy ${eq}$. Then for $n \\le 8$ the claim follows from Lemma~\\ref{{lem:{ctx.en.word()}}}.",
        f"Results for {ctx.rng.randint(3, 12)} runs are in Table~\\ref{{tab:results}}; all $p$-values are $< 0.01$ (two-sided, Welch's $t$-test).",
        f"Our code is at \\url{{https://github.com/{ctx.en.user_name()}/{ctx.en.word()}}} and the data at \\href{{https://doi.org/{_doi(ctx)}}}{{Zenodo}}.",
        f"The authors thank {_name(ctx)} for comments on an earlier draft \\& the anonymous referees for their careful reading.",
        f"{v.sentence(ctx)} {v.sentence(ctx)} % {ctx.pick(('FIXME', 'TODO', 'check with ' + ctx.fake.first_name()))}",
    ))


def _tex_source(ctx: Ctx, slot_kind: str, name: str) -> str:
    """A .tex file: a full document with a preamble (main files) or a section file; one paragraph is a slot."""
    para = ctx.slot(slot_kind, name, _tex_paragraph(ctx))
    label = ctx.en.word()
    body = [f"\\section{{{ctx.pick(('Introduction', 'Related work', 'Method', 'Experiments', 'Discussion'))}}}\\label{{sec:{label}}}", str(para), "",
            f"\\begin{{equation}}\\label{{eq:main}}\n  {ctx.pick(_EQUATIONS)}\n\\end{{equation}}"]
    if ctx.chance(0.5):
        body += ["\\begin{table}[t]\n  \\centering\n  \\begin{tabular}{lrr}\n    \\toprule\n    Model & RMSE & $R^2$ \\\\\n    \\midrule",
                 "\n".join(f"    {ctx.pick(_MODELS)} & {ctx.rng.uniform(0.1, 3):.3f} & {ctx.rng.uniform(0.5, 1):.2f} " + "\\\\"
                           for _ in range(ctx.rng.randint(2, 4))),
                 "    \\bottomrule\n  \\end{tabular}\n  \\caption{Held-out error; lower is better.}\\label{tab:results}\n\\end{table}"]
    if ctx.chance(0.4):
        body.append("\\begin{figure}[htbp]\n  \\centering\n  "
                    f"\\includegraphics[width=0.8\\linewidth]{{figures/{ctx.en.word()}_{ctx.rng.randint(1, 9)}.pdf}}\n"
                    f"  \\caption{{{v.sentence(ctx)}}}\n\\end{{figure}}")
    if ctx.chance(0.4):
        body.append("\\begin{itemize}\n" + "\n".join(f"  \\item {v.sentence(ctx)}" for _ in range(ctx.rng.randint(2, 4))) + "\n\\end{itemize}")
    if not ctx.chance(0.45):
        return "\n".join(body) + "\n"
    first, second = _name(ctx), _name(ctx)
    options, cls = ctx.pick(("11pt,a4paper", "10pt", "twocolumn", "aspectratio=169")), ctx.pick(("article", "amsart", "revtex4-2", "report"))
    preamble = [f"\\documentclass[{options}]{{{cls}}}",
                "\\usepackage[utf8]{inputenc}", "\\usepackage{amsmath,amssymb,amsthm}", "\\usepackage{graphicx,booktabs}",
                "\\usepackage[colorlinks=true]{hyperref}",
                "\\usepackage[backend=biber,style=numeric]{biblatex}", "\\addbibresource{refs.bib}", "\\newtheorem{theorem}{Theorem}[section]",
                "\\newcommand{\\R}{\\mathbb{R}}", "\\DeclareMathOperator*{\\argmin}{arg\\,min}", "",
                f"\\title{{{ctx.en.sentence(nb_words=6).rstrip('.')}}}",
                f"\\author{{{first} \\and {second}\\thanks{{{ctx.fake.company()}, {ctx.fake.city()}}}}}",
                "\\begin{document}", "\\maketitle", f"\\begin{{abstract}}\n{v.sentence(ctx)} {v.sentence(ctx)}\n\\end{{abstract}}", ""]
    tail = ["", f"\\input{{sections/{ctx.pick(('method', 'results', 'appendix'))}}}", "\\printbibliography", "\\end{document}"]
    return "\n".join(preamble + body + tail) + "\n"


def _ref(ctx: Ctx) -> dict[str, Any]:
    """One bibliographic record the citation formats below are written from."""
    authors = [ctx.pick(_BIB_AUTHORS) if ctx.chance(0.4) else f"{ctx.fake.last_name()}, {ctx.fake.first_name()}" for _ in range(ctx.rng.randint(1, 5))]
    title = ctx.pick((r"On the Convergence of {Adam} and Beyond", r"A Survey of $\mathcal{O}(n \log n)$ Solvers for Elliptic {PDEs}",
                      "Drop-out, Select-in: Sparse Training for Union-Find Structures", "Where Do Programs Fail? A Study of Null Pointer Exceptions",
                      r"{CRISPR}--{Cas9} Off-Target Effects in Human {iPSC}-Derived Neurons", r"The {$H_0$} Tension: Type {Ia} Supernovae at $z < 0.15$",
                      "Is 'Less' More? Sample Size and p < 0.05 in Psychology", r"Single-cell {RNA-seq} of the Murine Hippocampus {\&} Cortex",
                      ctx.en.sentence(nb_words=ctx.rng.randint(4, 10)).rstrip(".")))
    kind = ctx.pick(("article", "article", "inproceedings", "book", "misc"))
    year = ctx.rng.randint(1995, 2025)
    return {"key": f"{re.sub(r'[^a-z]', '', authors[0].split(',')[0].lower())[:12] or 'anon'}{year}{ctx.en.word()}",
            "kind": kind, "authors": authors, "title": title, "year": year, "doi": _doi(ctx),
            "container": ctx.pick(("J. Comput. Phys.", "Nature", "Phys. Rev. Lett.", "Proc. NeurIPS", "Nucleic Acids Res.", "Astrophys. J.", "PLoS ONE",
                                   ctx.fake.company() + " Press")),
            "volume": str(ctx.rng.randint(1, 600)), "pages": f"{(p := ctx.rng.randint(1, 900))}--{p + ctx.rng.randint(3, 30)}",
            "note": ctx.pick(("", f"Preprint: arXiv:{ctx.rng.randint(1801, 2512)}.{ctx.rng.randrange(10000, 99999)}", "In press", "Erratum in vol. 12, p. 3")),
            "abstract": ctx.pick(("", v.sentence(ctx), r"We show that $\|x_k - x^*\| \le C\rho^k$ for $\rho < 1$; see Eq. (2)."))}


def _bibtex(ctx: Ctx, refs: list[dict[str, Any]], slot_kind: str) -> str:
    """A .bib file; the first entry's title and note are slots (the file's raw text carries them as typed)."""
    out = [f"% Encoding: UTF-8\n% Exported {v.iso_date(ctx)} -- {ctx.pick(('JabRef 5.12', 'Zotero Better BibTeX', 'Mendeley', 'texcollab'))}\n"]
    for i, ref in enumerate(refs):
        title, note = (ctx.slot(slot_kind, "bib.title", ref["title"]), ctx.slot(slot_kind, "bib.note", ref["note"])) if i == 0 else (ref["title"], ref["note"])
        venue = "journal" if ref["kind"] == "article" else "booktitle" if ref["kind"] == "inproceedings" else "publisher"
        fields = [("author", " and ".join(ref["authors"])), ("title", f"{{{title}}}"), (venue, ref["container"]), ("year", str(ref["year"])),
                  ("volume", ref["volume"]), ("pages", ref["pages"]), ("doi", ref["doi"])]
        if note:
            fields.append(("note", note))
        if ref["abstract"]:
            fields.append(("abstract", ref["abstract"]))
        out.append(f"@{ref['kind']}{{{ref['key']},\n" + ",\n".join(f"  {k:<9} = {{{val}}}" if k != "title" else f"  {k:<9} = {val}" for k,
                                                                   val in fields) + "\n}\n")
    return "\n".join(out)


_TEX_ACCENTS = ((r"{\~{\^e}}", "ễ"), (r'{\"u}', "ü"), (r'{\"o}', "ö"), (r'{\"e}', "ë"), (r"{\'a}", "á"), (r"{\'o}", "ó"), (r"{\'\i}", "í"),
                (r"{\H{o}}", "ő"), (r"{\v{r}}", "ř"), (r"{\v{e}}", "ě"), (r"{\u{a}}", "ă"), (r"{\l}", "ł"), (r"{\L}", "Ł"), (r"\&", "&"))


def _detex(text: str) -> str:
    """BibTeX text as RIS and CSL-JSON carry it: TeX accents as Unicode, protective braces dropped (maths kept)."""
    for tex, char in _TEX_ACCENTS:
        text = text.replace(tex, char)
    parts = text.split("$")
    return "$".join(part if k % 2 else part.replace("{", "").replace("}", "") for k, part in enumerate(parts))


def _ris(ctx: Ctx, refs: list[dict[str, Any]], slot_kind: str) -> str:
    """An .ris export: two-letter tags, `  - ` separators, `ER  - ` record ends; the first title is a slot."""
    out = []
    for i, ref in enumerate(refs):
        title = ctx.slot(slot_kind, "ris.title", _detex(ref["title"])) if i == 0 else _detex(ref["title"])
        lines = [f"TY  - {'JOUR' if ref['kind'] == 'article' else 'CONF' if ref['kind'] == 'inproceedings' else 'BOOK' if ref['kind'] == 'book' else 'GEN'}"]
        lines += [f"AU  - {ctx.pick(_NAMES) if ctx.chance(0.3) else _detex(a)}" for a in ref["authors"]]
        lines += [f"TI  - {title}", f"T2  - {ref['container']}", f"PY  - {ref['year']}///", f"VL  - {ref['volume']}", f"SP  - {ref['pages'].split('--')[0]}",
                  f"EP  - {ref['pages'].split('--')[1]}", f"DO  - {ref['doi']}", f"UR  - https://doi.org/{ref['doi']}"]
        if ref["abstract"]:
            lines.append(f"AB  - {ref['abstract']}")
        lines += [f"KW  - {ctx.en.word()}" for _ in range(ctx.rng.randint(0, 3))] + ["ER  - ", ""]
        out.append("\n".join(lines))
    return "\n".join(out)


def _csl_item(ctx: Ctx, ref: dict[str, Any], prefix: str | None) -> dict[str, Any]:
    """A CSL-JSON item; with a prefix its title and first author's family name are json slots."""
    authors = []
    for k, a in enumerate(ref["authors"]):
        family, _, given = _detex(a).partition(", ")
        authors.append({"family": j(ctx, f"{prefix}.author[0].family", family) if prefix and k == 0 else family, "given": given})
    title = _detex(ref["title"])
    return {"id": ref["key"], "type": {"article": "article-journal", "inproceedings": "paper-conference", "book": "book"}.get(ref["kind"], "document"),
            "title": j(ctx, f"{prefix}.title", title) if prefix else title, "author": authors, "container-title": ref["container"],
            "issued": {"date-parts": [[ref["year"], ctx.rng.randint(1, 12)]]}, "volume": ref["volume"], "page": ref["pages"].replace("--", "-"),
            "DOI": ref["doi"]}


@template("train", ("/texcollab/",), weight=1.1)
def texcollab_editor(ctx: Ctx) -> Request:
    """LaTeX editor: .tex saves (raw, If-Match), OT edits (JSON), refs.bib saves, compiles and SyncTeX look-ups,
    comment threads on maths, figure uploads, settings forms."""
    kind = ctx.pick(("save", "save", "ops", "bib", "compile", "comment", "comment", "upload", "settings"))
    project = v.hex_token(ctx, 24)
    if kind == "save":
        doc = ctx.pick(_TEX_FILES)
        extra = (("If-Match", f'"{ctx.rng.randint(1, 900)}"'), ("X-Texcollab-Client", f"web/{ctx.rng.randint(3, 5)}.{ctx.rng.randint(0, 30)}"))
        return req("PUT", f"/texcollab/api/projects/{project}/files/{seg(ctx, 'doc', doc)}",
                   headers_for(ctx, "xhr", content_type=ctx.pick(("text/x-tex; charset=utf-8", "text/x-tex", "text/plain; charset=utf-8")), auth="jwt",
                               extra=extra),
                   body=_tex_source(ctx, "multipart", "tex.paragraph"))
    if kind == "ops":  # operational-transform edits from the editor, a few keystrokes' worth
        ops = [{"p": ctx.rng.randint(0, 9000), "i": j(ctx, "op[0].i", ctx.pick((f"${ctx.pick(_EQUATIONS)}$", _tex_paragraph(ctx), r"\\", "~\\cite{", " % ")))}]
        if ctx.chance(0.4):
            ops.append({"p": ctx.rng.randint(0, 9000), "d": j(ctx, "op[1].d", ctx.pick((r"\left(", "$$", "\\begin{align}", v.sentence(ctx))))})
        body = {"doc": v.hex_token(ctx, 24), "v": ctx.rng.randint(1, 20000), "op": ops,
                "meta": {"source": v.alnum_token(ctx, 20), "ts": ctx.rng.randrange(1_700_000_000_000, 1_760_000_000_000)}}
        return req("POST", f"/texcollab/api/projects/{project}/docs/{seg(ctx, 'doc_id', v.hex_token(ctx, 24))}/ops",
                   site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "bib":
        refs = [_ref(ctx) for _ in range(ctx.rng.randint(1, 6))]
        return req("PUT", f"/texcollab/api/projects/{project}/files/refs.bib",
                   headers_for(ctx, "xhr", content_type="application/x-bibtex; charset=utf-8", auth="jwt",
                               extra=(("If-Match", f'"{ctx.rng.randint(1, 300)}"'),)),
                   body=_bibtex(ctx, refs, "multipart"))
    if kind == "compile":
        r = ctx.rng.random()
        if r < 0.5:
            body = {"rootDocPath": j(ctx, "rootDocPath", ctx.pick(("main.tex", "thesis.tex", "slides/talk.tex", "Paper (final).tex"))),
                    "compiler": ctx.pick(("pdflatex", "xelatex", "lualatex", "latex")), "draft": ctx.chance(0.2), "stopOnFirstError": ctx.chance(0.3),
                    "incrementalCompilesEnabled": True, "texliveVersion": ctx.pick(("2023.1", "2024.1", "2025.1")),
                    "bibliographyTool": ctx.pick(("biber", "bibtex")), "jobName": j(ctx, "jobName", ctx.pick(("output", "paper-camera-ready", "thesis_v3")))}
            return req("POST", f"/texcollab/api/projects/{project}/compile", site_headers(ctx, "xhr", "application/json", "jwt"),
                       qs(ctx, [("auto_compile", ctx.pick(("true", "false")))]),
                       body=dumps(ctx, body))
        if r < 0.8:  # SyncTeX: from a PDF click to the source line, or back
            pairs: list[tuple[str, Any]] = [("file", ctx.pick(_TEX_FILES)), ("line", ctx.rng.randint(1, 900)), ("column", ctx.rng.randint(0, 80)),
                                            ("editorId", ctx.fake.uuid4()), ("buildId", f"{v.hex_token(ctx, 12)}-{v.hex_token(ctx, 16)}")]
            return req("GET", f"/texcollab/api/projects/{project}/sync/code", headers_for(ctx, "xhr", auth="jwt"), qs(ctx, pairs, fixed=("editorId",)))
        build = f"{v.hex_token(ctx, 12)}-{v.hex_token(ctx, 16)}"
        return req(ctx.pick(("GET", "HEAD")),
                   f"/texcollab/build/{project}/{seg(ctx, 'build', build)}/output/{ctx.pick(('output.pdf', 'output.log', 'output.blg', 'output.synctex.gz'))}",
                   headers_for(ctx, "nav", accept="*/*", cookies=True),
                   qs(ctx, [("compileGroup", ctx.pick(("standard", "priority"))), ("clsiserverid", f"clsi-{ctx.rng.randint(1, 40)}")]))
    if kind == "comment":
        thread = v.hex_token(ctx, 24)
        r = ctx.rng.random()
        if r < 0.6:
            body = {"content": j(ctx, "content", _math_comment(ctx)),
                    "quotedText": j(ctx, "quotedText", ctx.pick((f"${ctx.pick(_EQUATIONS)}$", _tex_paragraph(ctx)))),
                    "range": {"doc": v.hex_token(ctx, 24), "p": ctx.rng.randint(0, 9000), "length": ctx.rng.randint(1, 200)}}
            return req("POST", f"/texcollab/api/projects/{project}/threads/{seg(ctx, 'thread', thread)}/messages",
                       site_headers(ctx, "xhr", "application/json", "jwt"),
                       body=dumps(ctx, body))
        if r < 0.8:
            return req("PATCH", f"/texcollab/api/projects/{project}/threads/{seg(ctx, 'thread', thread)}", site_headers(ctx, "xhr", "application/json", "jwt"),
                       body=dumps(ctx,
                                  {"resolved": ctx.chance(0.8),
                                   "resolvedNote": j(ctx, "resolvedNote", ctx.pick(("", "Fixed in r" + str(ctx.rng.randint(10, 900)), _math_comment(ctx))))}))
        if r < 0.93:
            return req("DELETE", f"/texcollab/api/projects/{project}/threads/{thread}/messages/{seg(ctx, 'message', v.hex_token(ctx, 24))}",
                       headers_for(ctx, "xhr", auth="jwt"))
        return preflight(ctx, f"/texcollab/api/projects/{project}/threads/{thread}/messages", ("POST", "PATCH", "DELETE"),
                         ("authorization,content-type", "content-type,x-csrf-token"))
    if kind == "upload":
        fields = [("folder_id", v.hex_token(ctx, 24)),
                  ("name", ctx.pick(("loss_curve.pdf", "fig3 (final).png", "diagram_v2.svg", "tikz-preamble.sty", "Müller_logo.eps"))),
                  ("qqfilename", ctx.pick(("loss_curve.pdf", "figure.png"))), ("relativePath", ctx.pick(("null", "figures/", "img/plots/")))]
        if ctx.chance(0.5):
            sty = ("\\NeedsTeXFormat{LaTeX2e}\n\\ProvidesPackage{tikz-preamble}[2024/05/01 shared "
                   "macros]\n\\RequirePackage{tikz}\n\\usetikzlibrary{arrows.meta,positioning}\n"
                   "\\newcommand{\\norm}[1]{\\left\\lVert #1 \\right\\rVert}\n\\newcommand{\\todo}[1]{\\textcolor{red}{[TODO: #1]}}\n% "
                   f"{v.sentence(ctx)}\n\\endinput\n")
            files = [("qqfile", "tikz-preamble.sty", "application/x-tex", sty)]
        else:
            files = [empty_file("qqfile")]
        ctype, body2 = multipart(ctx, fields, files)
        return req("POST", f"/texcollab/project/{project}/upload", form_headers(ctx, f"/texcollab/project/{project}", ctype), body=body2)
    fields2: list[tuple[str, Any]] = [("_csrf", v.alnum_token(ctx, 36)),
                                      ("name", ctx.pick(("PhD thesis -- final", f"{ctx.fake.last_name()} et al. (NeurIPS '25)", "Grant: ERC-StG 2026",
                                                         "Übungsblatt 3 (Analysis II)", v.sentence(ctx)))),
                                      ("compiler", ctx.pick(("pdflatex", "xelatex", "lualatex"))), ("rootDoc_id", v.hex_token(ctx, 24)),
                                      ("spellCheckLanguage", ctx.pick(("en_GB", "en_US", "de", "fr", ""))), ("description", ctx.pick(("", _math_comment(ctx))))]
    return req("POST", f"/texcollab/project/{seg(ctx, 'project', project)}/settings", form_headers(ctx, "/texcollab/project"),
               body=form(ctx, fields2, fixed=("_csrf",)))


# --------------------------------------------------------------------------
# Citation manager: BibTeX / RIS / CSL-JSON imports, DOI look-ups, items, searches, citations
# --------------------------------------------------------------------------


@template("train", ("/citeshelf/",), weight=1.1)
def citeshelf_manager(ctx: Ctx) -> Request:
    """Citation manager: file imports (multipart .bib/.ris/.json, raw BibTeX from a CLI), DOI look-ups, CSL-JSON items,
    filtered searches, formatted citations, notes."""
    kind = ctx.pick(("import", "import", "doi", "item", "item", "search", "cite", "note"))
    library = f"users/{ctx.rng.randrange(100000, 9999999)}" if ctx.chance(0.7) else f"groups/{ctx.rng.randrange(1000, 999999)}"
    if kind == "import":
        refs = [_ref(ctx) for _ in range(ctx.rng.randint(1, 8))]
        fmt = ctx.pick(("bibtex", "ris", "csl", "raw"))
        if fmt == "raw":  # `curl --data-binary @refs.bib` from a build script
            return req("POST", f"/citeshelf/api/{library}/items/import", headers_for(ctx, "sdk", content_type="application/x-bibtex", auth="apikey"),
                       qs(ctx, [("collection", ctx.pick(("thesis", "to-read", "Review 2025"))), ("dedupe", ctx.pick(("doi", "title+year", "none")))],
                          fixed=("dedupe",)),
                       body=_bibtex(ctx, refs, "multipart"))
        if fmt == "bibtex":
            file = (ctx.pick(("library.bib", "refs.bib", "My Library.bib")), "application/x-bibtex", _bibtex(ctx, refs, "multipart"))
        elif fmt == "ris":
            file = (ctx.pick(("export.ris", "pubmed-citations.ris", "scopus.ris")), "application/x-research-info-systems", _ris(ctx, refs, "multipart"))
        else:
            items = [_csl_item(ctx, ref, None) for ref in refs]
            items[0]["note"] = ctx.slot("multipart", "csl.note", ctx.pick(("", "Read 2x -- key result in Thm. 3", _math_comment(ctx))))
            file = ("items.json", "application/vnd.citationstyles.csl+json", json.dumps(items, ensure_ascii=False, indent=ctx.pick((None, 2))))
        fields = [("collection", ctx.pick(("", "PhD -- chapter 2", "Reading group (Müller lab)", "to-read"))),
                  ("tags", ctx.pick(("", "imported; review", "méta-analyse")))]
        ctype, body = multipart(ctx, fields, [("file", *file)])
        return req("POST", f"/citeshelf/api/{library}/imports", site_headers(ctx, "xhr", ctype, "jwt"), body=body)
    if kind == "doi":
        if ctx.chance(0.55):
            return req("GET", f"/citeshelf/api/lookup/doi/{seg(ctx, 'doi', _doi(ctx))}",
                       headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")),
                                   accept=ctx.pick(("application/vnd.citationstyles.csl+json", "application/x-bibtex", "application/json"))))
        isbn = f"ISBN 978-{ctx.rng.randint(0, 1)}-{ctx.rng.randrange(100, 999)}-{ctx.rng.randrange(10000, 99999)}-{ctx.rng.randint(0, 9)}"
        pairs: list[tuple[str, Any]] = [("identifier",
                                         ctx.pick((f"https://doi.org/{_doi(ctx)}", f"doi:{_doi(ctx)}",
                                                   f"arXiv:{ctx.rng.randint(1801, 2512)}.{ctx.rng.randrange(10000, 99999)}",
                                                   f"PMID: {ctx.rng.randrange(10**7, 4 * 10**7)}",
                                                   isbn)))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/citeshelf/api/lookup", headers_for(ctx, ctx.pick(("xhr", "mobile"))), qs(ctx, pairs))
    item = v.alnum_token(ctx, 8).upper()
    if kind == "item":
        r = ctx.rng.random()
        if r < 0.45:
            ref = _ref(ctx)
            body2 = _csl_item(ctx, ref, "item")
            body2["abstract"] = j(ctx, "item.abstract", ctx.pick((ref["abstract"], v.sentence(ctx), "")))
            return req("PATCH", f"/citeshelf/api/{library}/items/{seg(ctx, 'item', item)}",
                       headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/vnd.citationstyles.csl+json", auth="jwt",
                                   extra=(("If-Unmodified-Since-Version", str(ctx.rng.randint(1, 9000))),)), body=dumps(ctx, body2))
        if r < 0.75:
            items = [_csl_item(ctx, _ref(ctx), f"[{i}]" if i == 0 else None) for i in range(ctx.rng.randint(1, 3))]
            return req("POST", f"/citeshelf/api/{library}/items", headers_for(ctx, "sdk", content_type="application/json", auth="apikey",
                                                                              extra=(("Citeshelf-Write-Token", v.hex_token(ctx, 32)),)), body=dumps(ctx, items))
        if r < 0.92:
            return req("DELETE", f"/citeshelf/api/{library}/items/{seg(ctx, 'item', item)}",
                       headers_for(ctx, "xhr", auth="jwt", extra=(("If-Unmodified-Since-Version", str(ctx.rng.randint(1, 9000))),)))
        return preflight(ctx, f"/citeshelf/api/{library}/items", ("POST", "PATCH", "DELETE"),
                         ("authorization,content-type", "content-type,if-unmodified-since-version"))
    if kind == "search":
        pairs = [("q",
                  ctx.pick((ctx.fake.last_name(), "O'Neil", r"M{\"u}ller", "null hypothesis", "select-in", "union-find", '"p < 0.05"', v.tricky_search(ctx),
                            ctx.pick(_DOIS)))),
                 ("qmode", ctx.pick(("titleCreatorYear", "everything"))), ("sort", ctx.pick(("dateModified", "title", "creator"))),
                 ("direction", ctx.pick(("asc", "desc"))),
                 ("limit", ctx.pick((25, 50, 100))), ("format", ctx.pick(("json", "csljson", "bibtex")))]
        pairs += [("tag", t) for t in ctx.rng.sample(["to-read", "méthodes", "chapter 2", "R&R", "stats || ML"], ctx.rng.randint(0, 2))]
        q = qs(ctx, pairs, fixed=("qmode", "direction", "limit"))
        if ctx.chance(0.6):
            where = {"creator": {"contains": ctx.slot("json_query", "filter.creator", ctx.pick(("Müller", "O'Brien", ctx.fake.last_name())))},
                     "year": {"gte": ctx.rng.randint(1990, 2020)}, "itemType": {"in": ["journalArticle", "preprint"]},
                     "extra": {"like": ctx.slot("json_query", "filter.extra", ctx.pick(("%arXiv%", "%PMID%", "%tex.ids%")))}}
            q += "&" + _filter_param(ctx, "filter", where)
        return req("GET", f"/citeshelf/api/{library}/items", headers_for(ctx, ctx.pick(("xhr", "sdk", "mobile")), auth=ctx.pick(("jwt", "apikey"))), q)
    if kind == "cite":
        body3 = {"style": j(ctx, "style", ctx.pick(("apa", "ieee", "chicago-author-date", "nature", "https://www.zotero.org/styles/american-physics-society"))),
                 "locale": ctx.pick(("en-US", "en-GB", "de-DE", "fr-FR")), "format": ctx.pick(("html", "text", "rtf")),
                 "items": [_csl_item(ctx, _ref(ctx), "items[0]" if i == 0 else None) for i in range(ctx.rng.randint(1, 3))],
                 "citationPrefix": j(ctx, "citationPrefix", ctx.pick(("", "see", "cf.", "e.g."))),
                 "locator": j(ctx, "locator", ctx.pick(("", "p. 12", "Thm. 3.1", "Eq. (7)")))}
        return req("POST", "/citeshelf/api/cite", headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="application/json", auth="apikey"),
                   body=dumps(ctx, body3))
    fields2: list[tuple[str, Any]] = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))), ("note[parent]", item),
                                      ("note[body]",
                                       ctx.pick((_math_comment(ctx), f"<p>Key claim: {ctx.pick(_EQUATIONS)} (p. {ctx.rng.randint(1, 40)})</p>",
                                                 user_note(ctx)))),
                                      ("note[tags]", ctx.pick(("", "important, thm", "disagree?")))]
    return req("POST", f"/citeshelf/library/items/{seg(ctx, 'item', item)}/notes", form_headers(ctx, "/citeshelf/library"),
               body=form(ctx, fields2, fixed=("authenticity_token",)))


# --------------------------------------------------------------------------
# Bioinformatics workflow portal: Nextflow/Snakemake configs, FASTA/VCF uploads, sample sheets, runs
# --------------------------------------------------------------------------

_PIPELINES = (("nf-core/rnaseq", "3.14.0"), ("nf-core/sarek", "3.4.2"), ("nf-core/atacseq", "2.1.2"), ("nf-core/mag", "2.5.4"), ("nf-core/viralrecon", "2.6.0"))
_GENOMES = ("GRCh38", "GRCm39", "GRCh37", "R64-1-1", "TAIR10", "WBcel235")


def _nextflow_config(ctx: Ctx) -> str:
    """A nextflow.config as people paste it: params, process selectors, executor and container settings."""
    return (f"params {{\n  input  = 's3://{ctx.en.word()}-lab/runs/{v.iso_date(ctx)}/samplesheet.csv'\n  outdir = './results'\n  genome = "
            f"'{ctx.pick(_GENOMES)}'\n"
            f"  max_memory = '{ctx.pick((64, 128, 256))}.GB'\n  max_cpus   = {ctx.pick((16, 32, 64))}\n}}\n\n"
            f"process {{\n  executor = '{ctx.pick(('slurm', 'awsbatch', 'local', 'google-batch'))}'\n  queue    = "
            f"'{ctx.pick(('short', 'long', 'gpu', 'spot-q'))}'\n"
            f"  withName: 'NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN' {{\n    cpus   = {ctx.pick((8, 16))}\n    memory = {{ 32.GB * task.attempt }}\n"
            "    errorStrategy = { task.exitStatus in 137..140 ? 'retry' : 'finish' }\n    maxRetries = 2\n  }\n"
            f"  withLabel: process_high {{ time = '{ctx.rng.randint(8, 72)}h' }}\n}}\n\n"
            f"singularity {{\n  enabled    = true\n  autoMounts = true\n  cacheDir   = '/scratch/{ctx.en.user_name()}/.singularity'\n}}\n"
            f"// {ctx.pick(('TODO: bump to 3.15 when the STAR index is rebuilt', 'copied from the HPC wiki -- do not edit', v.sentence(ctx)))}\n")


def _snakefile(ctx: Ctx, comment: Any) -> str:
    """A Snakefile: rules with wildcards, shell blocks with pipes and redirects, a config lookup."""
    return (f"# {comment}\nconfigfile: \"config/config.yaml\"\nSAMPLES = glob_wildcards(\"data/reads/{{sample}}_R1.fastq.gz\").sample\n\n"
            "rule all:\n    input:\n        expand(\"results/calls/{sample}.vcf.gz\", sample=SAMPLES),\n        \"results/qc/multiqc_report.html\"\n\n"
            "rule bwa_map:\n    input:\n        ref=config[\"reference\"],\n        r1=\"data/reads/{sample}_R1.fastq.gz\",\n        "
            "r2=\"data/reads/{sample}_R2.fastq.gz\"\n"
            "    output:\n        temp(\"results/mapped/{sample}.bam\")\n    threads: 8\n    log:\n        \"logs/bwa/{sample}.log\"\n"
            "    shell:\n        \"bwa mem -t {threads} -R '@RG\\\\tID:{sample}\\\\tSM:{sample}' {input.ref} {input.r1} {input.r2} 2> {log} \"\n"
            "        \"| samtools sort -@ 4 -o {output} -\"\n\n"
            "rule call_variants:\n    input:\n        bam=\"results/mapped/{sample}.bam\",\n        ref=config[\"reference\"]\n    output:\n        "
            "\"results/calls/{sample}.vcf.gz\"\n"
            f"    params:\n        extra=\"--min-MQ {ctx.pick((20, 30))} --max-depth {ctx.pick((250, 1000))}\"\n"
            "    shell:\n        \"bcftools mpileup {params.extra} -f {input.ref} {input.bam} | bcftools call -mv -Oz -o {output}\"\n")


_PROTEINS = ((">sp|P69905|HBA_HUMAN Hemoglobin subunit alpha OS=Homo sapiens OX=9606 GN=HBA1 PE=1 SV=2",
              "MVLSPADKTNVKAAWGKVGAHAGEYGAEALERMFLSFPTTKTYFPHFDLSHGSAQVKGHGKKVADALTNAVAHVDDMPNALSALSDLHAHKLRVDPVNFKLLSHCLLVTLAAHLPAEFTPAVHASLDKFLASVSTVLTSKYR"),
             (">sp|P0DTC2|SPIKE_SARS2 Spike glycoprotein OS=Severe acute respiratory syndrome coronavirus 2 OX=2697049 GN=S PE=1 SV=1",
              "MFVFLVLLPLVSSQCVNLTTRTQLPPAYTNSFTRGVYYPDKVFRSSVLHSTQDLFLPFFSNVTWFHAIHVSGTNGTKRFDNPVLPFNDGVYFASTEKSNIIRGWIFGTTLDSKTQSLLIVNNATNVVIKVCEF"
              "QFCNDPFLGVYYHKNNKSWMESEFRVYSSANNCTFEYVSQPFLMDLEGKQGNFKNLREFVFKNIDGYFKIYSKHTPINLVRDLPQGFSALEPLVDLPIGINITRFQTLLALHRSYLTPGDSSSGWTAGAAAYYVGYLQ"),
             (">NC_045512.2:21563-21600 Severe acute respiratory syndrome coronavirus 2 isolate Wuhan-Hu-1, complete genome",
              "ATGTTTGTTTTTCTTGTTTTATTGCCACTAGTCTCTAGTCAGTGTGTTAATCTT"))


def _fasta(ctx: Ctx, header: Any) -> str:
    """A FASTA file, 60 residues a line; the first record's header line is given (a slot)."""
    out = []
    for i in range(ctx.rng.randint(1, 3)):
        head, seq = ctx.pick(_PROTEINS)
        if i > 0 and ctx.chance(0.5):
            head = f">contig_{ctx.rng.randint(1, 9999)} len={ctx.rng.randint(200, 90000)} cov={ctx.rng.uniform(2, 300):.1f}"
            seq = "".join(ctx.pick("ACGT") for _ in range(ctx.rng.randint(60, 400)))
        if i == 0:
            head = f">{header}"
        out.append(head + "\n" + "\n".join(seq[k:k + 60] for k in range(0, len(seq), 60)))
    return "\n".join(out) + "\n"


def _vcf(ctx: Ctx, sample: Any) -> str:
    """A VCF 4.2 file: `##` meta lines with `<ID=...>`, a tab-separated header, INFO with `;` and `=`; the sample column name is given (a slot)."""
    lines = ["##fileformat=VCFv4.2", f"##fileDate={v.iso_date(ctx).replace('-', '')}", f"##source=bcftools_callV{ctx.pick(('1.17', '1.19', '1.20'))}",
             f"##reference=file:///refs/{ctx.pick(_GENOMES)}/genome.fa", '##INFO=<ID=DP,Number=1,Type=Integer,Description="Raw read depth">',
             '##INFO=<ID=AF,Number=A,Type=Float,Description="Allele Frequency">', '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
             '##FORMAT=<ID=AD,Number=R,Type=Integer,Description="Allelic depths for the ref and alt alleles">', '##FILTER=<ID=LowQual,Description="QUAL < 30">',
             "\t".join(("#CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO", "FORMAT", str(sample)))]
    pos = ctx.rng.randrange(10000, 10**6)
    for _ in range(ctx.rng.randint(3, 25)):
        pos += ctx.rng.randint(5, 40000)
        ref, alt = ctx.pick((("A", "G"), ("C", "T"), ("G", "GA"), ("TTC", "T"), ("A", "<DEL>"), ("G", "A,C")))
        qual = ctx.rng.randint(5, 250)
        dp = ctx.rng.randint(4, 200)
        lines.append("\t".join((f"chr{ctx.pick(('1', '2', '7', '17', 'X'))}", str(pos), ctx.pick((".", f"rs{ctx.rng.randrange(10**5, 10**9)}")), ref, alt,
                                str(qual),
                                "PASS" if qual >= 30 else "LowQual", f"DP={dp};AF={ctx.rng.uniform(0.05, 1):.3f}", "GT:AD",
                                f"{ctx.pick(('0/1', '1/1', '0|1'))}:{dp // 2},{dp - dp // 2}")))
    return "\n".join(lines) + "\n"


def _sample_name(ctx: Ctx) -> str:
    return ctx.pick((f"S{ctx.rng.randint(1, 96):02d}_{ctx.pick(('ctrl', 'KO', 'WT', 'treated'))}_rep{ctx.rng.randint(1, 3)}",
                     f"{ctx.fake.last_name()}-{ctx.rng.randint(1, 40)}", f"PT{ctx.rng.randrange(1000, 9999)}_tumour",
                     f"mouse#{ctx.rng.randint(1, 30)} (hippocampus)"))


@template("train", ("/seqflow/",), weight=1.1)
def seqflow_portal(ctx: Ctx) -> Request:
    """Workflow portal: pipeline launches with pasted nextflow.config (JSON), Snakefiles (raw), FASTA/VCF uploads,
    sample sheets (CSV), run lists, Nextflow weblog events."""
    kind = ctx.pick(("launch", "launch", "snakemake", "upload", "upload", "samplesheet", "runs", "weblog"))
    workspace = f"{ctx.en.word()}-lab"
    if kind == "launch":
        pipeline, rev = ctx.pick(_PIPELINES)
        params = {"input": f"s3://{workspace}/samplesheet.csv", "genome": ctx.pick(_GENOMES), "aligner": ctx.pick(("star_salmon", "hisat2", "bwa-mem2")),
                  "skip_trimming": ctx.chance(0.2),
                  "extra_fastp_args": j(ctx, "params.extra_fastp_args", ctx.pick(("--cut_front --cut_tail -q 20", "--length_required 36", "")))}
        body = {"pipeline": pipeline, "revision": rev,
                "runName": j(ctx, "runName",
                             ctx.pick((f"{ctx.en.word()}_{ctx.en.word()}", f"RNAseq batch {ctx.rng.randint(1, 9)} -- Müller lab", "re-run (OOM fix)"))),
                "profiles": ctx.rng.sample(["docker", "singularity", "test", "slurm"], ctx.rng.randint(1, 2)), "workDir": f"s3://{workspace}/work",
                "paramsText": j(ctx, "paramsText", json.dumps(params, indent=2)), "configText": j(ctx, "configText", _nextflow_config(ctx)),
                "labels": [j(ctx, "labels[0]", ctx.pick(("grant:R01-GM12345", "priority", "qc-only")))], "computeEnvId": v.alnum_token(ctx, 22)}
        return req("POST", f"/seqflow/api/workspaces/{seg(ctx, 'workspace', workspace)}/launch",
                   site_headers(ctx, ctx.pick(("xhr", "xhr", "sdk")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "snakemake":
        if ctx.chance(0.6):
            comment = ctx.slot("multipart", "snakefile.comment",
                               ctx.pick(("Variant calling -- 2x150 PE, see README", "TODO: add GATK BQSR step", v.sentence(ctx))))
            repo = seg(ctx, "repo", ctx.pick(("variant-calling", "rnaseq-de", "amplicon")))
            return req("PUT", f"/seqflow/api/workspaces/{workspace}/repos/{repo}/files/workflow/Snakefile",
                       headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/plain; charset=utf-8", auth="jwt",
                                   extra=(("If-Match", f'"{v.hex_token(ctx, 16)}"'),)),
                       body=_snakefile(ctx, comment))
        config = (f"reference: \"refs/{ctx.pick(_GENOMES)}/genome.fa\"\nsamples: config/samples.tsv\nbcftools:\n  min_mq: {ctx.pick((20, 30))}\n"
                  f"# {v.sentence(ctx)}\n")
        fields = [("message", ctx.pick(("Update config -- new reference", "fix: threads for bwa", v.sentence(ctx)))),
                  ("branch", ctx.pick(("main", "dev", "feature/bqsr")))]
        ctype, body2 = multipart(ctx, fields, [("files[]", "config.yaml", "application/x-yaml", config)])
        return req("POST", f"/seqflow/api/workspaces/{workspace}/repos/variant-calling/commits", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "upload":
        if ctx.chance(0.5):
            header = ctx.slot("multipart", "fasta.header",
                              ctx.pick((f"{_sample_name(ctx)} consensus | {ctx.pick(('Omicron BA.2.86', 'B.1.1.7'))} | {v.iso_date(ctx)}",
                                        "sp|P69905|HBA_HUMAN Hemoglobin subunit alpha OS=Homo sapiens OX=9606 GN=HBA1 PE=1 SV=2",
                                        f"lcl|ORF{ctx.rng.randint(1, 40)} [organism=Escherichia coli] [strain=K-12] {v.sentence(ctx)}")))
            file = (ctx.pick(("consensus.fasta", "proteins.faa", "contigs.fa", "seqs (1).fasta")), ctx.pick(("text/x-fasta", "application/octet-stream")),
                    _fasta(ctx, header))
        else:
            sample = ctx.slot("multipart", "vcf.sample", _sample_name(ctx))
            file = (f"{ctx.pick(('calls', 'filtered', 'PT_tumour'))}.vcf", ctx.pick(("text/x-vcard", "text/plain", "application/octet-stream")),
                    _vcf(ctx, sample))
        fields = [("dataset", ctx.pick(("Cohort A", "pilot-2025", "Müller & O'Brien WGS"))),
                  ("description", ctx.pick(("", v.sentence(ctx), "Re-called with bcftools 1.20; QUAL < 30 flagged")))]
        ctype, body2 = multipart(ctx, fields, [("file", *file)])
        return req("POST", f"/seqflow/api/workspaces/{workspace}/datasets/uploads", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "samplesheet":
        rows: list[list[Any]] = [["sample", "fastq_1", "fastq_2", "strandedness", "notes"]]
        for i in range(ctx.rng.randint(2, 24)):
            name, notes = _sample_name(ctx), ctx.pick(("", "re-sequenced; low RIN (6.2)", "contaminated? check FastQC", 'label says "KO-3", tube says KO-8'))
            if i == 0:
                name, notes = ctx.slot("multipart", "csv.sample", name), ctx.slot("multipart", "csv.notes", notes)
            stem = f"s3://{workspace}/fastq/{ctx.en.word()}_{i + 1}"
            rows.append([name, f"{stem}_R1.fastq.gz", f"{stem}_R2.fastq.gz", ctx.pick(("auto", "reverse", "forward", "unstranded")), notes])
        return req("PUT", f"/seqflow/api/workspaces/{workspace}/runs/{seg(ctx, 'run', v.alnum_token(ctx, 14))}/samplesheet",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv", auth="jwt"), body=csv_text(rows))
    if kind == "runs":
        run = v.alnum_token(ctx, 14)
        r = ctx.rng.random()
        if r < 0.45:
            pairs = [("search", ctx.pick(("", f"{ctx.en.word()}_{ctx.en.word()}", "status:failed", 'label:"qc-only"', "user:o'brien"))),
                     ("status", ctx.pick(("", "RUNNING", "FAILED"))),
                     ("max", ctx.pick((20, 50))), ("offset", ctx.rng.randint(0, 200))]
            q = qs(ctx, pairs, fixed=("max",))
            if ctx.chance(0.5):
                q += "&" + _filter_param(ctx, "filter", {"params.genome": {"eq": ctx.pick(_GENOMES)},
                                                         "labels": {"contains": ctx.slot("json_query", "filter.labels",
                                                                                         ctx.pick(("qc-only", "grant:R01-GM12345", "o'brien")))}})
            return req(ctx.pick(("GET", "GET", "HEAD")), f"/seqflow/api/workspaces/{workspace}/runs", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"), q)
        if r < 0.7:
            return req("PATCH", f"/seqflow/api/workspaces/{workspace}/runs/{seg(ctx, 'run', run)}", site_headers(ctx, "xhr", "application/json", "jwt"),
                       body=dumps(ctx,
                                  {"labels": [j(ctx, "labels[0]", ctx.pick(("published", "bad-run", "keep")))],
                                   "description": j(ctx, "description", ctx.pick(("", user_note(ctx))))}))
        if r < 0.9:
            return req("DELETE", f"/seqflow/api/workspaces/{workspace}/runs/{seg(ctx, 'run', run)}", headers_for(ctx, "xhr", auth="jwt"),
                       qs(ctx, [("force", ctx.pick(("true", "false")))]))
        return preflight(ctx, f"/seqflow/api/workspaces/{workspace}/runs/{run}", ("PATCH", "DELETE"), ("authorization", "authorization,content-type"))
    process = ctx.pick(("FASTQC", "STAR_ALIGN", "SALMON_QUANT", "MULTIQC", "TRIMGALORE"))
    sample = _sample_name(ctx)
    script = {"FASTQC": f"fastqc --quiet --threads 2 {sample}_1.fastq.gz {sample}_2.fastq.gz",
              "STAR_ALIGN": f"STAR --genomeDir star --readFilesIn {sample}_1.fq.gz {sample}_2.fq.gz --runThreadN 16 --readFilesCommand zcat --outSAMtype BAM "
                            "SortedByCoordinate",
              "SALMON_QUANT": f"salmon quant --geneMap genes.gtf --threads 6 --libType=A -i salmon -1 {sample}_1.fq.gz -2 {sample}_2.fq.gz -o {sample}",
              "MULTIQC": "multiqc -f --config multiqc_config.yml . \ncat <<-END_VERSIONS > versions.yml\n\"MULTIQC\":\n    multiqc: $( multiqc --version | sed "
                         "-e \"s/multiqc, version //g\" )\nEND_VERSIONS",
              "TRIMGALORE": f"[ ! -f  {sample}_1.fastq.gz ] && ln -s input_1.fq.gz {sample}_1.fastq.gz\ntrim_galore --cores 4 --paired --gzip "
                            f"{sample}_1.fastq.gz {sample}_2.fastq.gz"}[process]
    body3 = {"runName": f"{ctx.en.word()}_{ctx.en.word()}", "runId": ctx.fake.uuid4(),
             "event": ctx.pick(("process_submitted", "process_started", "process_completed")),
             "utcTime": v.iso_datetime(ctx),
             "trace": {"task_id": ctx.rng.randint(1, 400), "process": f"NFCORE_RNASEQ:RNASEQ:{process}", "tag": j(ctx, "trace.tag", sample),
                       "name": f"{process} ({sample})",
                       "status": ctx.pick(("COMPLETED", "FAILED", "RUNNING")), "exit": ctx.pick((0, 0, 1, 137)),
                       "script": j(ctx, "trace.script", f"\n    {script}\n    "),
                       "workdir": f"/scratch/work/{v.hex_token(ctx, 2)}/{v.hex_token(ctx, 30)}", "%cpu": round(ctx.rng.uniform(50, 1600), 1),
                       "peak_rss": f"{ctx.rng.randint(1, 60)} GB"}}
    return req("POST", "/seqflow/api/weblog", headers_for(ctx, "sdk", content_type="application/json", extra=(("X-Seqflow-Token", v.alnum_token(ctx, 40)),)),
               body=dumps(ctx, body3))


# --------------------------------------------------------------------------
# Lab LIMS: samples and barcodes, protocols with formulas and units, plate maps, plate-reader XML, GraphQL
# --------------------------------------------------------------------------

_REAGENTS = (("Acetylsalicylic acid", "C9H8O4", "CC(=O)OC1=CC=CC=C1C(=O)O", "50-78-2"), ("Sodium chloride", "NaCl", "[Na+].[Cl-]", "7647-14-5"),
             ("Tris base", "C4H11NO3", "C(C(CO)(CO)N)O", "77-86-1"), ("EDTA disodium dihydrate", "C10H14N2Na2O8·2H2O",
                                                                      "C(CN(CC(=O)[O-])CC(=O)[O-])N(CC(=O)O)CC(=O)O.O.O.[Na+].[Na+]", "6381-92-6"),
             ("Ethanol (absolute)", "C2H5OH", "CCO", "64-17-5"), ("DMSO", "C2H6OS", "CS(=O)C", "67-68-5"),
             ("Caffeine", "C8H10N4O2", "CN1C=NC2=C1C(=O)N(C(=O)N2C)C", "58-08-2"),
             ("Copper(II) sulfate pentahydrate", "CuSO4·5H2O", "O.O.O.O.O.[O-]S(=O)(=O)[O-].[Cu+2]", "7758-99-8"),
             ("Hydrochloric acid 37%", "HCl", "Cl", "7647-01-0"),
             ("Sulfuric acid 95-98%", "H2SO4", "OS(=O)(=O)O", "7664-93-9"),
             ("Crystal violet", "C25H30ClN3", "CN(C)C1=CC=C(C=C1)C(=C2C=CC(=[N+](C)C)C=C2)C3=CC=C(C=C3)N(C)C.[Cl-]", "548-62-9"))
_STEPS = ("Prepare lysis buffer: 50 mM Tris-HCl pH 8.0, 150 mM NaCl, 1% (v/v) Triton X-100, 1 mM EDTA; add protease inhibitor (1 tablet / 10 mL) just before "
          "use.",
          "Dissolve 5.844 g NaCl (M = 58.44 g/mol) in 800 mL ddH2O, then make up to 1 L -> 0.1 M.",
          "Add 10 µL of 10 mg/mL proteinase K; incubate at 56 °C for 1 h (vortex every 15 min).",
          "CAUTION: conc. H2SO4 -- always add acid to water, never water to acid! Fume hood only.",
          "Centrifuge at 13,000 × g for 10 min at 4 °C; discard supernatant & keep the pellet.",
          "Dilute 1:1000 in PBS (Ca2+/Mg2+-free); final [Ab] ≈ 1 µg/mL.",
          "Stain with 0.1% crystal violet (C25H30ClN3) for 20 min; wash 3× with H2O; air-dry.",
          "Prepare CuSO4·5H2O stock (249.69 g/mol): 2.497 g in 100 mL => 0.1 M; store at RT, protect from light.",
          "PCR: 95 °C 3 min; 35 × (95 °C 30 s, 58 °C 30 s, 72 °C 1 min/kb); 72 °C 5 min; hold at 4 °C.",
          "Elute in 30 µL EB (10 mM Tris-Cl, pH 8.5); measure A260/A280 (target ≥ 1.8) and A260/A230 > 2.0.",
          "Quench with sat. NaHCO3 (aq.) until pH > 7; extract 3 × 20 mL EtOAc; dry over MgSO4; concentrate in vacuo.",
          "Titrate 0.1 M HCl against NaOH (phenolphthalein); V(eq) should be ~25.0 mL ± 0.1 mL.")


def _barcode(ctx: Ctx) -> str:
    """A tube or plate barcode: LIMS ids, supplier 2D codes, GS1 strings with application identifiers."""
    return ctx.pick((f"LIMS-{ctx.rng.randint(2022, 2026)}-{ctx.rng.randrange(1, 999999):06d}", f"FR{ctx.rng.randrange(10**9, 10**10)}",
                     f"SMP{ctx.rng.randrange(10**5, 10**6)}",
                     f"(01)0{ctx.rng.randrange(10**12, 10**13)}(10)LOT-{ctx.rng.randint(20, 26)}{ctx.pick('ABC')}(17){ctx.rng.randint(25, 29)}1231",
                     f"P{ctx.rng.randint(1, 999):03d}-{ctx.pick(('A01', 'H12', 'D07'))}"))


def _lims_note(ctx: Ctx) -> str:
    return ctx.pick(("Thawed once -- aliquot before next use!",
                     f"Conc. measured on NanoDrop: {ctx.rng.uniform(10, 900):.1f} ng/µL (A260/280 = {ctx.rng.uniform(1.6, 2.1):.2f})",
                     f"Hazard: H2SO4 > 95% -- store in acid cabinet #{ctx.rng.randint(1, 6)}", "Label smudged; original ID was KO-3 or KO-8?",
                     f"Moved from Freezer 3/Rack B to -80 °C #{ctx.rng.randint(1, 9)} (power cut on {v.iso_date(ctx)})",
                     f"pH 7.4 @ 25 °C; 0.22 µm filtered; [NaCl] = 150 mM",
                     user_note(ctx), v.prose(ctx, 1, 2, trap_rate=0.35)))


_GQL_SAMPLES = ("query Samples($filter: SampleFilter!, $first: Int = 50, $after: String) {\n  samples(filter: $filter, first: $first, after: $after) {\n"
                "    edges { node { id barcode name status volume { value unit } location { freezer rack box position } } }\n    pageInfo { hasNextPage "
                "endCursor }\n  }\n}")


def _plate_reader_xml(ctx: Ctx) -> str:
    """A plate reader's export as its instrument PC posts it; the first well's sample label and the run comment are slots."""
    rows = "ABCDEFGH"
    wells = []
    for i in range(ctx.rng.randint(4, 24)):
        pos = f"{rows[i // 12]}{i % 12 + 1}"
        label = ctx.pick(("Blank", f"Std {ctx.pick((0, 0.125, 0.25, 0.5, 1, 2))} mg/mL", _sample_name(ctx)))
        if i == 0:
            label = ctx.slot("xml", "Well.sample", label)
        wells.append(f'    <Well pos="{pos}" sample="{enc_xml(str(label))}"><OD wavelength="595">{ctx.rng.uniform(0.04, 2.5):.4f}</OD></Well>')
    comment = enc_xml(str(ctx.slot("xml", "Run.Comment",
                                   ctx.pick(("Bradford, BSA standards 0-2 mg/mL; R² = 0.994", "Edge wells evaporated -- exclude col 1 & 12",
                                             _lims_note(ctx))))))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<PlateReaderRun instrument="{ctx.pick(("Tecan Spark", "BMG CLARIOstar Plus", "BioTek Synergy H1"))}" serial="{ctx.rng.randrange(10**6, 10**7)}" '
            f'software="v{ctx.rng.randint(2, 4)}.{ctx.rng.randint(0, 9)}">\n'
            f'  <Method name="Bradford 595 nm" temperature="{ctx.rng.uniform(22, 37):.1f} °C" shake="5 s orbital"/>\n'
            f'  <Plate barcode="{enc_xml(_barcode(ctx))}" format="96">\n' + "\n".join(wells) + "\n  </Plate>\n"
            f"  <Operator>{enc_xml(_name(ctx))}</Operator>\n  <Comment>{comment}</Comment>\n</PlateReaderRun>\n")


@template("train", ("/benchlims/",), weight=1.1)
def benchlims_lab(ctx: Ctx) -> Request:
    """Lab LIMS: sample registration (JSON), barcode scans from handhelds, protocols with formulas/SMILES/units,
    plate maps (CSV), plate-reader XML, GraphQL searches."""
    kind = ctx.pick(("sample", "sample", "scan", "protocol", "protocol", "plate", "reader", "graphql"))
    if kind == "sample":
        r = ctx.rng.random()
        if r < 0.55:
            body = {"barcode": j(ctx, "barcode", _barcode(ctx)), "name": j(ctx, "name", _sample_name(ctx)),
                    "type": ctx.pick(("DNA", "RNA", "plasma", "tissue (FFPE)", "cell pellet", "compound")),
                    "volume": {"value": ctx.pick((20, 50, 100, 250, 1000)), "unit": ctx.pick(("µL", "uL", "mL"))},
                    "concentration": j(ctx, "concentration",
                                       ctx.pick((f"{ctx.rng.uniform(1, 900):.1f} ng/µL", "10 mM in DMSO", "1×10^6 cells/mL", "≥ 95% (HPLC)"))),
                    "storage": ctx.pick(("-80 °C", "-20 °C", "4 °C", "LN2 vapour", "RT")),
                    "location": j(ctx, "location",
                                  f"Freezer {ctx.rng.randint(1, 9)} / Rack {ctx.pick('ABCD')} / Box {ctx.rng.randint(1, 40)} / "
                                  f"{ctx.pick('ABCDEFGHI')}{ctx.rng.randint(1, 9)}"),
                    "projectId": rid(ctx), "notes": j(ctx, "notes", _lims_note(ctx))}
            return req("POST", "/benchlims/api/v1/samples", site_headers(ctx, ctx.pick(("xhr", "mobile")), "application/json", "jwt"), body=dumps(ctx, body))
        sample = str(rid(ctx))
        if r < 0.85:
            body = {"status": ctx.pick(("received", "in_process", "consumed", "discarded")), "comment": j(ctx, "comment", _lims_note(ctx))}
            return req("PATCH", f"/benchlims/api/v1/samples/{seg(ctx, 'sample', sample)}",
                       headers_for(ctx, ctx.pick(("xhr", "mobile")), content_type="application/json", auth="jwt",
                                   extra=(("If-Match", f'W/"{ctx.rng.randint(1, 60)}"'),)),
                       body=dumps(ctx, body))
        return req("DELETE", f"/benchlims/api/v1/samples/{sample}/aliquots/{seg(ctx, 'aliquot', _barcode(ctx))}", headers_for(ctx, "xhr", auth="jwt"),
                   qs(ctx, [("reason", ctx.pick(("used up", "contaminated", "tube cracked in -80", "duplicate barcode")))]))
    if kind == "scan":
        extra = (("X-Scanner-Id",
                  header_slot(ctx, "X-Scanner-Id", ctx.pick((f"Zebra TC52 #{ctx.rng.randint(1, 30)}", f"bench-{ctx.rng.randint(1, 12)} (Müller lab)")))),)
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/benchlims/api/v1/barcodes/{seg(ctx, 'barcode', _barcode(ctx))}",
                   headers_for(ctx, "mobile", auth="jwt", extra=extra),
                   qs(ctx, [("include", ctx.pick(("location", "location,history", "parent")))], fixed=("include",)))
    if kind == "protocol":
        reagents = []
        for i, (name, formula, smiles, cas) in enumerate(ctx.rng.sample(list(_REAGENTS), ctx.rng.randint(1, 4))):
            reagents.append({"name": name, "formula": j(ctx, f"reagents[{i}].formula", formula) if i == 0 else formula,
                             "smiles": j(ctx, f"reagents[{i}].smiles", smiles) if i == 0 else smiles,
                             "cas": cas, "amount": ctx.pick(("500 mg", "5.844 g", "10 mL", "2 × 50 µL", "q.s. to 1 L"))})
        steps = [{"n": k + 1, "text": j(ctx, f"steps[{k}].text", s) if k == 0 else s} for k,
                 s in enumerate(ctx.rng.sample(list(_STEPS), ctx.rng.randint(2, 6)))]
        body = {"title": j(ctx, "title",
                           ctx.pick(("Genomic DNA extraction (spin column) v3", "Bradford assay -- 96-well", "Western blot: transfer & blocking",
                                     "Aspirin synthesis (CHEM 231 lab)"))),
                "version": f"{ctx.rng.randint(1, 9)}.{ctx.rng.randint(0, 9)}", "reagents": reagents, "steps": steps,
                "safety": j(ctx, "safety", ctx.pick(("Lab coat, nitrile gloves, goggles.",
                                                     "H314: causes severe skin burns -- H2SO4/HCl", "")))}
        if ctx.chance(0.6):
            return req("PUT", f"/benchlims/api/v1/protocols/{seg(ctx, 'protocol', str(rid(ctx)))}",
                       headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                                   extra=(("If-Match", f'"{v.hex_token(ctx, 8)}"'),)),
                       body=dumps(ctx, body))
        return req("POST", "/benchlims/api/v1/protocols", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
    if kind == "plate":
        if ctx.chance(0.5):  # grid layout as drawn in a spreadsheet
            rows: list[list[Any]] = [["", *range(1, 13)]]
            for k, letter in enumerate("ABCDEFGH"):
                cells = [ctx.pick(("", "Blank", "NTC", f"Std {ctx.pick((1, 2, 5, 10))}", _sample_name(ctx))) for _ in range(12)]
                if k == 0:
                    cells[0] = ctx.slot("multipart", "csv.A1", cells[0] or "Blank")
                rows.append([letter, *cells])
        else:
            rows = [["Well", "Sample", "Type", "Concentration", "Unit", "Notes"]]
            for i in range(ctx.rng.randint(4, 30)):
                sample, notes = _sample_name(ctx), ctx.pick(("", "1:10 dilution", "duplicate of A1", 'tube says "KO-3"', "≥ 2 µL left"))
                if i == 0:
                    sample, notes = ctx.slot("multipart", "csv.sample", sample), ctx.slot("multipart", "csv.notes", notes)
                rows.append([f"{'ABCDEFGH'[i // 12 % 8]}{i % 12 + 1}", sample, ctx.pick(("sample", "standard", "blank", "control")),
                             f"{ctx.rng.uniform(0.1, 50):.2f}",
                             ctx.pick(("ng/µL", "mg/mL", "µM", "nM")), notes])
        plate = _barcode(ctx)
        if ctx.chance(0.5):
            return req("PUT", f"/benchlims/api/v1/plates/{seg(ctx, 'plate', plate)}/layout.csv",
                       headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type="text/csv; charset=utf-8", auth="jwt"),
                       body=csv_text(rows))
        fields = [("plate_barcode", plate), ("plate_type", ctx.pick(("96-well flat", "384-well", "96 PCR skirted"))),
                  ("experiment", ctx.pick(("Bradford 2025-06", "qPCR GAPDH/ACTB", v.sentence(ctx))))]
        ctype, body2 = multipart(ctx, fields, [("layout", ctx.pick(("plate_map.csv", "Plate 3 layout (final).csv")), "text/csv", csv_text(rows))])
        return req("POST", "/benchlims/plates/import", form_headers(ctx, "/benchlims/plates/new", ctype), body=body2)
    if kind == "reader":
        return req("POST", f"/benchlims/api/v1/instruments/{seg(ctx, 'instrument', ctx.pick(('spark-01', 'clariostar-2', 'synergy-h1')))}/results",
                   headers_for(ctx, "sdk", content_type=ctx.pick(("application/xml", "text/xml; charset=utf-8")), auth=ctx.pick(("basic", "apikey"))),
                   body=_plate_reader_xml(ctx))
    if ctx.chance(0.15):
        return preflight(ctx, "/benchlims/graphql", ("POST",), ("authorization,content-type", "content-type,apollo-require-preflight"))
    variables = {"filter": {"nameContains": j(ctx, "filter.nameContains", ctx.pick((_sample_name(ctx), "KO-", "O'Brien", "PT"))),
                            "status": ["RECEIVED", "IN_PROCESS"],
                            "storage": j(ctx, "filter.storage", ctx.pick(("-80 °C", "LN2", ""))),
                            "smilesSubstructure": j(ctx, "filter.smilesSubstructure", ctx.pick(("", "c1ccccc1", "C(=O)O", "[Cu+2]")))},
                 "first": 50, "after": ctx.pick((None, v.b64url(f"cursor:{rid(ctx)}".encode())))}
    return req("POST", "/benchlims/graphql", site_headers(ctx, "xhr", "application/json", "jwt"),
               body=dumps(ctx, {"operationName": "Samples", "query": _GQL_SAMPLES, "variables": variables}))


# --------------------------------------------------------------------------
# Statistics course grader: R / Stata / SAS / SPSS submissions, autograder results, feedback, gradebook
# --------------------------------------------------------------------------


def _stats_script(ctx: Ctx, lang: str, comment: Any) -> str:
    """A student's script in one of the four languages a stats course accepts; the header comment is given."""
    var = ctx.pick(("income", "wage", "bmi", "score", "hours"))
    if lang == "r":
        return (f"# {comment}\nlibrary(tidyverse)\nlibrary(broom)\n\nsurvey <- read_csv(\"data/{ctx.pick(('gss_2018', 'nhanes', 'hw3'))}.csv\") %>%\n"
                f"  filter(!is.na({var}), age >= 18) %>%\n  mutate(log_{var} = log({var} + 1))\n\n"
                f"fit <- lm(log_{var} ~ educ + age + I(age^2) + sex, data = survey)\nsummary(fit)\ntidy(fit, conf.int = TRUE)\n"
                f"# p-value for educ < 0.001, so we reject H0: beta_educ = 0\nt.test({var} ~ sex, data = survey, var.equal = FALSE)\n"
                f"ggplot(survey, aes(x = age, y = log_{var})) + geom_point(alpha = 0.3) + geom_smooth(method = \"lm\")\n")
    if lang == "stata":
        return (f"* {comment}\nclear all\nset more off\nuse \"data/nlsw88.dta\", clear\n\ndrop if missing(wage) | hours < 10\ngen lwage = ln(wage)\n"
                "label variable lwage \"log hourly wage\"\n\nregress lwage i.race##c.tenure grade, vce(robust)\ntest 2.race#c.tenure = 3.race#c.tenure\n"
                "// marginal effects at the means\nmargins race, at(tenure=(0(5)20)) atmeans\n"
                f"esttab using \"q{ctx.rng.randint(1, 6)}.rtf\", replace se star(* 0.10 ** 0.05 *** 0.01)\n")
    if lang == "sas":
        return (f"/* {comment} */\nlibname hw \"/home/u{ctx.rng.randrange(10**7, 10**8)}/sasuser.v94/hw2\";\n\ndata work.clean;\n  set hw.survey;\n"
                f"  where age >= 18 and {var} ne .;\n  length region $ 12;\n  if state in ('NY','NJ','CT') then region = 'Northeast';\n  else region = "
                "'Other';\nrun;\n\n"
                f"proc sql;\n  create table work.summary as\n  select region, count(*) as n, mean({var}) as avg_{var}\n  from work.clean\n  group by region\n"
                "  having count(*) > 30\n  order by avg_" + var + " desc;\nquit;\n\nproc glm data=work.clean;\n  class region;\n"
                f"  model {var} = region age / solution;\nrun; quit;\n%let alpha = 0.05;\n")
    return (f"* {comment}.\nGET FILE='C:\\Users\\{ctx.en.user_name()}\\Documents\\STAT200\\gss.sav'.\n"
            "RECODE age (18 thru 29=1) (30 thru 49=2) (50 thru HIGHEST=3) INTO agegrp.\nVALUE LABELS agegrp 1 '18-29' 2 '30-49' 3 '50+'.\n"
            "COMPUTE bmi = weight / (height/100)**2.\nSELECT IF (bmi > 10 AND bmi < 80).\nEXECUTE.\n"
            "CROSSTABS /TABLES=agegrp BY smoker /STATISTICS=CHISQ /CELLS=COUNT ROW.\n"
            f"REGRESSION /DEPENDENT {var} /METHOD=ENTER age educ.\n")


_STATS_EXT = {"r": ("hw.R", "text/x-r"), "stata": ("ps.do", "text/x-stata"), "sas": ("assignment.sas", "application/x-sas"), "spss": ("lab.sps", "text/plain")}


def _grader_feedback(ctx: Ctx) -> str:
    return ctx.pick(("Good, but `drop if wage == .` also drops the 12 obs with wage = 0 -- use missing() instead.",
                     "Use vce(robust) -- the residuals are clearly heteroskedastic (see your own rvfplot).",
                     "Your SELECT IF drops cases permanently; use FILTER BY or TEMPORARY. next time (-2).",
                     "proc sql: the HAVING count(*) > 30 should be a WHERE on the raw data? Re-read Q3.",
                     "R: `df$income[df$income < 0] <- NA` is fine, but don't overwrite the raw column. 8/10",
                     f"Interpretation of the interaction i.race##c.tenure is wrong: it's the *difference* in slopes. {ctx.rng.randint(5, 9)}/10",
                     "p = 0.049 is not 'highly significant' -- report the CI, not stars ;-)", user_note(ctx), v.prose(ctx, 1, 2, trap_rate=0.35)))


@template("train", ("/statgrader/",), weight=1.1)
def statgrader_course(ctx: Ctx) -> Request:
    """Stats course grader: script submissions (multipart), autograder callbacks with SAS/Stata logs, TA feedback,
    sandbox runs (raw code), gradebook, regrade forms."""
    kind = ctx.pick(("submit", "submit", "autograde", "feedback", "sandbox", "gradebook", "regrade"))
    course = ctx.pick(("STAT200-F25", "ECON-471", "psych-stats-2026", "BIOS-611"))
    lang = ctx.pick(("r", "r", "stata", "sas", "spss"))
    if kind == "submit":
        comment = ctx.slot("multipart", "script.comment",
                           ctx.pick((f"HW{ctx.rng.randint(1, 9)} -- Q{ctx.rng.randint(1, 5)}: {ctx.pick(('multiple regression', 'chi-square test', 'ANOVA'))}",
                                     f"{_name(ctx)} (student #{ctx.rng.randrange(10**6, 10**7)})", "Lab 5: recode and crosstabs",
                                     v.sentence(ctx))))
        fname, ftype = _STATS_EXT[lang]
        fields = [("assignment_id", str(rid(ctx))), ("language", lang),
                  ("student_comment", ctx.pick(("", "I couldn't get Q4's margins to run -- partial credit?", _grader_feedback(ctx)))),
                  ("honor_code", "on")]
        ctype, body = multipart(ctx, fields, [("submission", fname, ftype, _stats_script(ctx, lang, comment))])
        return req("POST", f"/statgrader/courses/{seg(ctx, 'course', course)}/submissions",
                   form_headers(ctx, f"/statgrader/courses/{course}/assignments", ctype), body=body)
    submission = str(rid(ctx))
    if kind == "autograde":
        log = ctx.pick(("NOTE: The data set WORK.CLEAN has 1523 observations and 12 variables.\nNOTE: PROCEDURE SQL used (Total process time):\n      real "
                        "time           0.02 seconds",
                        "WARNING: Variable income has already been defined as numeric.\nERROR 22-322: Syntax error, expecting one of the following: ;, (, "
                        "DATA, LAST, NULL.",
                        "(12 observations deleted)\n\nLinear regression                               Number of obs     =      2,234\n"
                        "                                                F(7, 2226)        =      98.41\n                                                Prob "
                        "> F          =     0.0000",
                        "Error in lm.fit(x, y, offset = offset, singular.ok = singular.ok, ...) :\n  0 (non-NA) cases\nCalls: lm -> lm.fit\nExecution halted",
                        ">>> Warning # 2005. The SELECT IF command drops 17 cases."))
        body2 = {"submissionId": submission, "language": lang, "score": round(ctx.rng.uniform(0, 10), 1), "maxScore": 10,
                 "tests": [{"name": ctx.pick(("q1: coefficient on educ", "q2: chi-square statistic", "q3: sample size after filtering", "q4: plot exists")),
                            "passed": ctx.chance(0.6),
                            "message": j(ctx, f"tests[{i}].message", ctx.pick((f"Expected beta_1 ≈ 0.532 (tol 1e-3), got {ctx.rng.uniform(0.4, 0.6):.3f}",
                                                                               "n = 2234 != 2246 (did you drop rows with hours < 10?)", "OK", "")))}
                           for i in range(ctx.rng.randint(1, 4))],
                 "log": j(ctx, "log", log), "runtimeMs": ctx.rng.randint(300, 90000)}
        return req("POST", f"/statgrader/api/grader/submissions/{seg(ctx, 'submission', submission)}/results",
                   headers_for(ctx, "sdk", content_type="application/json", auth="apikey",
                               extra=(("X-Grader-Node", f"grader-{ctx.rng.randint(1, 12)}.{lang}"),)), body=dumps(ctx, body2))
    if kind == "feedback":
        if ctx.chance(0.8):
            body2 = {"rubricItem": ctx.pick(("Q1", "Q2b", "code style", "interpretation")), "points": -ctx.rng.randint(0, 3),
                     "comment": j(ctx, "comment", _grader_feedback(ctx)),
                     "line": ctx.rng.randint(1, 40), "visibleToStudent": ctx.chance(0.9)}
            return req(ctx.pick(("PATCH", "PUT")), f"/statgrader/api/submissions/{seg(ctx, 'submission', submission)}/feedback",
                       site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body2))
        return req("DELETE", f"/statgrader/api/submissions/{submission}/feedback/{seg(ctx, 'comment', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
    if kind == "sandbox":
        code = ctx.slot("multipart", "sandbox.code", ctx.pick(("summary(lm(mpg ~ wt + hp, data = mtcars))", "x <- c(2, 4, NA, 8); mean(x, na.rm = TRUE)",
                                                               "proc means data=sashelp.class mean std; var height weight; run;",
                                                               "sysuse auto, clear\nregress price mpg weight if foreign == 1",
                                                               "FREQUENCIES VARIABLES=agegrp /ORDER=ANALYSIS.", _stats_script(ctx, lang, "scratch"))))
        return req("POST", "/statgrader/api/sandbox/run", headers_for(ctx, "xhr", content_type="text/plain; charset=utf-8", auth="jwt"),
                   qs(ctx, [("lang", lang), ("timeout", ctx.pick((10, 30)))], fixed=("lang", "timeout")), body=str(code))
    if kind == "gradebook":
        if ctx.chance(0.12):
            return preflight(ctx, f"/statgrader/api/courses/{course}/gradebook", ("GET", "PATCH"), ("authorization", "authorization,content-type"))
        pairs = [("section", ctx.pick(("001", "002", "all"))), ("assignment", ctx.pick(("HW3", "Midterm project", "Lab 5 (SPSS)"))),
                 ("student", ctx.pick(("", _name(ctx), "O'Brien", ctx.fake.email()))), ("format", ctx.pick(("json", "csv")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/statgrader/api/courses/{seg(ctx, 'course', course)}/gradebook",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), auth="jwt"),
                   qs(ctx, pairs, fixed=("format",)))
    fields2: list[tuple[str, Any]] = [("csrfmiddlewaretoken", v.alnum_token(ctx, 64)), ("submission", submission),
                                      ("question", ctx.pick(("Q2b", "Q4", "code style"))),
                                      ("reason", ctx.pick(("The grader says n = 2234 but my log shows 2246 -- I used `drop if missing(wage)` as in lecture 6.",
                                                           "My SAS proc sql has the WHERE clause; the autograder ran an old version?", _grader_feedback(ctx),
                                                           user_note(ctx))))]
    return req("POST", f"/statgrader/courses/{course}/regrade-requests", form_headers(ctx, f"/statgrader/courses/{course}/submissions/{submission}"),
               body=form(ctx, fields2, fixed=("csrfmiddlewaretoken", "submission")))


# --------------------------------------------------------------------------
# MATLAB / Octave grader: function submissions, run-code forms, CodeRunner question XML, results
# --------------------------------------------------------------------------

_M_FUNCS = ("function [t, y] = solve_pendulum(theta0, tspan)\n%SOLVE_PENDULUM  Integrate the nonlinear pendulum with ode45.\n%   [t, y] = solve_pendulum(pi/4, "
            "[0 10])\n"
            "g = 9.81; L = 1.0;\nf = @(t, y) [y(2); -(g/L) * sin(y(1))];\nopts = odeset('RelTol', 1e-8, 'AbsTol', 1e-10);\n[t, y] = ode45(f, tspan, [theta0; "
            "0], opts);\nend\n",
            "function x = newton(f, df, x0)\n% Newton's method; stops when |f(x)| < tol or after maxit steps\ntol = 1e-10; maxit = 50; x = x0;\nfor k = "
            "1:maxit\n"
            "    dx = f(x) / df(x);\n    x = x - dx;\n    if abs(dx) < tol && abs(f(x)) < tol\n        return;\n    end\nend\nwarning('newton:noConv', 'no "
            "convergence after %d steps', maxit);\nend\n",
            "function A = clean_matrix(A)\n% remove rows with NaN, then normalise columns\nA(any(isnan(A), 2), :) = [];\nA = (A - mean(A)) ./ std(A);\n"
            "fprintf('%d rows left\\n', size(A, 1));\nend\n",
            "function r = lsq_fit(x, y)\n% least squares line fit: r = [slope; intercept]\nX = [x(:), ones(numel(x), 1)];\nr = X \\ y(:);\n"
            "disp(['slope = ' num2str(r(1), '%.4f') ', R^2 = ' num2str(1 - sum((y(:) - X*r).^2) / sum((y - mean(y)).^2))]);\nend\n",
            "function s = caesar(msg, k)\n% shift letters by k; non-letters unchanged\ns = msg;\nidx = isletter(msg) & msg == upper(msg);\n"
            "s(idx) = char(mod(msg(idx) - 'A' + k, 26) + 'A');\nif ~strcmp(s, msg), disp(\"encoded\"); end\nend\n",
            "function y = fib(n)\n  # Octave style: comments with #, printf and endfunction\n  if n < 2\n    y = n;\n  else\n    a = 0; b = 1;\n    for k = "
            "2:n\n      [a, b] = deal(b, a + b);\n"
            "    endfor\n    y = b;\n  endif\n  printf(\"fib(%d) = %d\\n\", n, y);\nendfunction\n\n%!assert (fib (10), 55)\n%!error <Invalid call> fib ()\n")
_M_TESTS = ("assert(abs(newton(@(x) x^2 - 2, @(x) 2*x, 1) - sqrt(2)) < 1e-8)", "[t, y] = solve_pendulum(pi/6, [0 5]);\nassert(numel(t) == size(y, 1))",
            "r = lsq_fit(1:10, 2*(1:10) + 1);\nassert(norm(r - [2; 1]) < 1e-12, 'slope/intercept wrong')", "assert(isequal(caesar('ABC xyz', 3), 'DEF xyz'))",
            "A = clean_matrix([1 NaN; 2 3; 4 5]);\nassert(size(A, 1) == 2 && all(abs(mean(A)) < 1e-12))", "assert(fib(20) == 6765)")


def _coderunner_xml(ctx: Ctx) -> str:
    """A Moodle CodeRunner question export (the instructor imports it); question name and one test's code are slots."""
    name = enc_xml(str(ctx.slot("xml", "question.name",
                                ctx.pick(("Newton's method (Octave)", "Week 3 -- least squares & backslash", "ODE: pendulum <ode45>", v.sentence(ctx))))))
    cases = []
    for i in range(ctx.rng.randint(1, 4)):
        code = ctx.pick(_M_TESTS)
        if i == 0:
            code = ctx.slot("xml", "testcase.testcode", code)
        cases.append(f'      <testcase testtype="0" useasexample="{int(i == 0)}" hiderestiffail="0" mark="1.0000000">\n'
                     f"        <testcode><text>{enc_xml(str(code))}</text></testcode>\n        "
                     f"<expected><text>{ctx.pick(('', '1.4142', 'ans = 1'))}</text></expected>\n      </testcase>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n  <question type="coderunner">\n'
            f"    <name><text>{name}</text></name>\n"
            "    <questiontext format=\"html\"><text><![CDATA[<p>Write a function <code>x = newton(f, df, x0)</code> that stops when |f(x)| < "
            "1e-10.</p>]]></text></questiontext>\n"
            f"    <coderunnertype>{ctx.pick(('octave_function', 'matlab_function'))}</coderunnertype>\n    <answer>{enc_xml(ctx.pick(_M_FUNCS))}</answer>\n"
            "    <testcases>\n" + "\n".join(cases) + "\n    </testcases>\n  </question>\n</quiz>\n")


@template("train", ("/octagrade/",), weight=1.0)
def octagrade_grader(ctx: Ctx) -> Request:
    """MATLAB/Octave grader: function submissions (JSON), run-code forms, .m uploads, CodeRunner question imports (XML), results and test edits."""
    kind = ctx.pick(("submit", "submit", "run", "upload", "question", "results", "tests"))
    problem = f"{ctx.pick(('week', 'hw', 'lab'))}{ctx.rng.randint(1, 12)}-{ctx.pick(('newton', 'pendulum', 'lsq', 'caesar', 'fib'))}"
    if kind == "submit":
        body = {"problemId": problem, "engine": ctx.pick(("octave-8.4", "octave-9.2", "matlab-r2024b")),
                "files": [{"name": ctx.pick(("newton.m", "solve_pendulum.m", "lsq_fit.m", "fib.m")),
                           "content": j(ctx, "files[0].content", ctx.pick(_M_FUNCS))}],
                "comment": j(ctx, "comment",
                             ctx.pick(("", "Used x(:) because the test passes a row vector",
                                       "Why does A\\b give a warning 'matrix is singular to working precision'?", user_note(ctx))))}
        if ctx.chance(0.3):
            body["files"].append({"name": "helper.m",
                                  "content": j(ctx, "files[1].content",
                                               "function d = helper(v)\n% finite differences\nd = diff(v) ./ diff(1:numel(v));\nend\n")})
        return req("POST", f"/octagrade/api/problems/{seg(ctx, 'problem', problem)}/submissions",
                   site_headers(ctx, ctx.pick(("xhr", "xhr", "mobile")), "application/json", "jwt"),
                   body=dumps(ctx, body))
    if kind == "run":  # the "Run" button of a server-rendered page posts the editor's textarea
        fields = [("authenticity_token", v.b64url(ctx.rng.randbytes(32))),
                  ("code", ctx.pick(_M_FUNCS + ("A = magic(4);\nx = A \\ [1; 2; 3; 4]\ndisp(A')", "x = linspace(0, 2*pi, 100);\nplot(x, sin(x), 'r--');"))),
                  ("test_code", ctx.pick(("", ctx.pick(_M_TESTS)))), ("engine", ctx.pick(("octave", "matlab")))]
        return req("POST", f"/octagrade/problems/{seg(ctx, 'problem', problem)}/run", form_headers(ctx, f"/octagrade/problems/{problem}"),
                   body=form(ctx, fields, fixed=("authenticity_token",)))
    if kind == "upload":
        fname = ctx.pick(("newton.m", "solve_pendulum.m", "main.m"))
        code = ctx.slot("multipart", "file.m", ctx.pick(_M_FUNCS))
        ctype, body2 = multipart(ctx, [("problem", problem), ("note", ctx.pick(("", "data file attached (.mat)", v.sentence(ctx))))],
                                 [("files[]", fname, "text/x-matlab", str(code)),
                                  empty_file("files[]") if ctx.chance(0.5) else ("files[]", "data.mat", "application/octet-stream", "")])
        return req("POST", "/octagrade/api/uploads", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
    if kind == "question":
        return req("POST", f"/octagrade/api/courses/{seg(ctx, 'course', ctx.pick(('MA2102', 'ENGR-101', 'numerik-ws25')))}/questions/import",
                   headers_for(ctx, ctx.pick(("xhr", "sdk")), content_type=ctx.pick(("application/xml", "text/xml")), auth="jwt"),
                   qs(ctx, [("format", "moodlexml")], fixed=("format",)),
                   body=_coderunner_xml(ctx))
    if kind == "results":
        r = ctx.rng.random()
        if r < 0.15:
            return preflight(ctx, f"/octagrade/api/problems/{problem}/submissions", ("POST", "GET"), ("authorization,content-type",))
        pairs = [("student", ctx.pick(("", _name(ctx), ctx.fake.email()))), ("status", ctx.pick(("all", "failed", "passed"))),
                 ("sort", ctx.pick(("-submitted_at", "score")))]
        q = qs(ctx, pairs, fixed=("sort",))
        if ctx.chance(0.4):
            q += "&" + _filter_param(ctx, "where",
                                     {"output": {"contains": ctx.slot("json_query", "where.output",
                                                                      ctx.pick(("singular to working precision", "Undefined function",
                                                                                "error: 'x' undefined",
                                                                                "Index exceeds")))}})
        return req(ctx.pick(("GET", "GET", "HEAD")), f"/octagrade/api/problems/{seg(ctx, 'problem', problem)}/submissions", headers_for(ctx, "xhr", auth="jwt"),
                   q)
    if ctx.chance(0.7):
        body3 = {"tests": [{"name": j(ctx, f"tests[{i}].name",
                                      ctx.pick(("converges for sqrt(2)", "row vs column input", "handles NaN rows", "edge case: n < 2"))),
                            "code": j(ctx, f"tests[{i}].code", ctx.pick(_M_TESTS)), "points": ctx.pick((1, 2, 5)),
                            "hidden": ctx.chance(0.3)} for i in range(ctx.rng.randint(1, 3))],
                 "referenceSolution": j(ctx, "referenceSolution", ctx.pick(_M_FUNCS))}
        return req("PUT", f"/octagrade/api/problems/{seg(ctx, 'problem', problem)}/tests", headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                                                                                                       extra=(("If-Match", f'"{v.hex_token(ctx, 12)}"'),)),
                   body=dumps(ctx, body3))
    return req("DELETE", f"/octagrade/api/problems/{problem}/tests/{seg(ctx, 'test', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))


# --------------------------------------------------------------------------
# Preprint server: submissions, source uploads, searches, OAI-PMH harvesting, SWORD deposits, endorsements
# --------------------------------------------------------------------------

_CATEGORIES = ("math.AP", "math.PR", "hep-th", "astro-ph.CO", "q-bio.GN", "cs.LG", "stat.ME", "cond-mat.str-el", "quant-ph", "cs.DB")
_LICENCES = ("http://creativecommons.org/licenses/by/4.0/", "http://creativecommons.org/licenses/by-nc-sa/4.0/",
             "http://creativecommons.org/publicdomain/zero/1.0/",
             "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")


def _abstract(ctx: Ctx) -> str:
    """An abstract as authors paste it: inline maths with < and >, TeX macros, quotes, percentages."""
    return ctx.pick((
        r"We prove that every bounded solution of $\Delta u + f(u) = 0$ in $\mathbb{R}^n$, $n \le 8$, with $\partial_{x_n} u > 0$ is one-dimensional, "
        r"provided $f \in C^{1,\alpha}$. The case $n > 8$ remains open.",
        f"We measure $H_0 = {ctx.rng.uniform(67, 74):.2f} \\pm {ctx.rng.uniform(0.5, 1.5):.2f}$ km s$^{{-1}}$ Mpc$^{{-1}}$ from {ctx.rng.randint(40, 900)} "
        "Type Ia supernovae at $z < 0.15$, "
        "in $>4\\sigma$ tension with \\textit{Planck}.",
        r"Selecting the union of the top-$k$ sets drops the error from $O(1/\sqrt{n})$ to $O(\log n / n)$; we call the method \emph{select-and-drop}.",
        f"Using single-cell RNA-seq of {ctx.rng.randint(2, 90)},{ctx.rng.randrange(100, 999)} cells, we find that \"quiescent\" stem cells are "
        f"{ctx.rng.randint(10, 60)}% of the niche "
        "(95% CI; $p < 10^{-6}$).",
        r"We give a query algorithm for SQL-like joins where $|R \bowtie S| \le \sqrt{|R||S|}$, and show it's optimal up to $\log$ factors. Code: "
        r"https://github.com/",
        f"{v.sentence(ctx)} {v.sentence(ctx)} Our results hold for all $0 < \\epsilon < 1/2$.",
    ))


def _authors(ctx: Ctx, prefix: str) -> list[dict[str, Any]]:
    """An author list: names with diacritics and apostrophes, ORCID iDs, affiliations; the first author's name is a json slot."""
    out = []
    for i in range(ctx.rng.randint(1, 5)):
        name = _name(ctx)
        out.append({"name": j(ctx, f"{prefix}[0].name", name) if i == 0 else name, "orcid": _orcid(ctx) if ctx.chance(0.6) else None,
                    "affiliation": ctx.pick((f"Universität {ctx.fake.city()}", f"Dept. of Mathematics, {ctx.fake.city()} University",
                                             "CNRS & Université Paris-Saclay",
                                             f"{ctx.fake.company()} Research", "Trinity College Dublin")), "corresponding": i == 0})
    return out


def _sword_entry(ctx: Ctx) -> str:
    """A SWORD v2 Atom deposit from a repository client; title, summary and the first author's name are slots."""
    title, summary = (enc_xml(str(ctx.slot("xml", f"entry.{k}", val))) for k,
                      val in (("title", ctx.pick((r"On $L^p$ bounds for the Kakeya maximal function, $p < 2$", v.sentence(ctx)))),
                              ("summary", _abstract(ctx))))
    author = enc_xml(str(ctx.slot("xml", "author.name", _name(ctx))))
    more = "".join(f"  <author><name>{enc_xml(_name(ctx))}</name></author>\n" for _ in range(ctx.rng.randint(0, 3)))
    return ('<?xml version="1.0" encoding="utf-8"?>\n<entry xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" '
            'xmlns:dcterms="http://purl.org/dc/terms/">\n'
            f"  <title>{title}</title>\n  <id>urn:uuid:{ctx.fake.uuid4()}</id>\n  <updated>{v.iso_datetime(ctx)}</updated>\n"
            f"  <author><name>{author}</name><uri>https://orcid.org/{_orcid(ctx)}</uri></author>\n{more}"
            f"  <summary type=\"text\">{summary}</summary>\n  <arxiv:primary_category term=\"{ctx.pick(_CATEGORIES)}\"/>\n"
            f"  <dcterms:license>{ctx.pick(_LICENCES)}</dcterms:license>\n  <arxiv:comment>{ctx.rng.randint(5, 60)} pages, {ctx.rng.randint(1, 12)} "
            "figures</arxiv:comment>\n</entry>\n")


@template("train", ("/preprintbox/",), weight=1.1)
def preprintbox_server(ctx: Ctx) -> Request:
    """Preprint server: submission metadata (JSON), source uploads (multipart .tex), replacements, search syntax,
    OAI-PMH harvests, SWORD Atom deposits, endorsement forms."""
    kind = ctx.pick(("submit", "submit", "upload", "search", "search", "oai", "sword", "endorse", "manage"))
    sub = f"submit/{ctx.rng.randrange(10**6, 10**7)}"
    if kind == "submit":
        body = {"title": j(ctx, "title",
                           ctx.pick((r"Sharp $L^p$ estimates for $\bar\partial$ on pseudoconvex domains",
                                     "Drop-in replacements for \"union\" bounds in random graphs",
                                     f"{ctx.en.sentence(nb_words=7).rstrip('.')}: the case $n \\ge 3$",
                                     "Where's the mass? Weak lensing at z > 1"))),
                "abstract": j(ctx, "abstract", _abstract(ctx)), "authors": _authors(ctx, "authors"), "primaryCategory": ctx.pick(_CATEGORIES),
                "crossLists": ctx.rng.sample(list(_CATEGORIES), ctx.rng.randint(0, 2)), "license": ctx.pick(_LICENCES),
                "comments": j(ctx, "comments", ctx.pick((f"{ctx.rng.randint(5, 60)} pages, {ctx.rng.randint(1, 12)} figures; v2: corrected Eq. (7)",
                                                         "Accepted in Phys. Rev. D; 25 pp. -- added ref. to O'Neil (2019)",
                                                         "To appear in Proc. SODA'25 -- full version", ""))),
                "journalRef": j(ctx, "journalRef",
                                ctx.pick(("", f"J. Funct. Anal. {ctx.rng.randint(200, 290)} ({ctx.rng.randint(2020, 2025)}) {ctx.rng.randint(1, 900)}"))),
                "doi": ctx.pick((None, _doi(ctx))), "mscClass": ctx.pick((None, "35J61 (Primary) 35B08 (Secondary)")),
                "acmClass": ctx.pick((None, "H.2.4; F.2.2"))}
        if ctx.chance(0.7):
            return req("POST", "/preprintbox/api/submissions", site_headers(ctx, "xhr", "application/json", "jwt"), body=dumps(ctx, body))
        return req("PUT", f"/preprintbox/api/{sub}/metadata",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt", extra=(("If-Match", f'"{v.hex_token(ctx, 10)}"'),)),
                   body=dumps(ctx, body))
    if kind == "upload":
        src = (f"\\documentclass{{amsart}}\n\\usepackage{{amssymb}}\n\\title{{{ctx.en.sentence(nb_words=5).rstrip('.')}}}\n"
               f"\\author{{{_name(ctx)}}}\n\\begin{{document}}\n\\begin{{abstract}}\n{_abstract(ctx)}\n\\end{{abstract}}\n\\maketitle\n"
               "\\input{intro}\n\\bibliographystyle{amsplain}\n\\bibliography{refs}\n\\end{document}\n")
        fields = [("process_tex", ctx.pick(("1", "0"))), ("replace_existing", ctx.pick(("true", "false"))),
                  ("ancillary_note", ctx.pick(("", "anc/ has the Mathematica notebook", v.sentence(ctx))))]
        ctype, body2 = multipart(ctx, fields,
                                 [("upload", ctx.pick(("main.tex", "paper.tex", "ms_v2.tex")), "application/x-tex",
                                   src)] + ([empty_file("anc")] if ctx.chance(0.3) else []))
        return req("POST", f"/preprintbox/{seg(ctx, 'submission', sub)}/files", form_headers(ctx, f"/preprintbox/{sub}/files", ctype), body=body2)
    if kind == "search":
        query = ctx.pick(('au:"Müller, J" AND ti:quantum', 'abs:"$O(n \\log n)$"', "cat:math.AP AND submittedDate:[202401010000 TO 202412312359]",
                          "ti:drop AND (au:O'Brien OR au:D'Angelo)", 'all:"select the best" ANDNOT cat:cs.DB', f"orcid:{_orcid(ctx)}", f"doi:{_doi(ctx)}",
                          f"au:{ctx.fake.last_name()}", v.tricky_search(ctx), 'ti:"p < 0.05"'))
        pairs = [("query", query), ("searchtype", ctx.pick(("all", "title", "author", "abstract"))),
                 ("order", ctx.pick(("-announced_date_first", "", "submitted_date"))),
                 ("size", ctx.pick((25, 50, 200))), ("abstracts", ctx.pick(("show", "hide")))]
        if ctx.chance(0.4):
            return req("GET", "/preprintbox/api/query", headers_for(ctx, "sdk", accept="application/atom+xml"),
                       qs(ctx, [("search_query", query), ("start", ctx.rng.randint(0, 500)), ("max_results", ctx.pick((10, 100))), ("sortBy", "submittedDate")],
                          fixed=("sortBy",)))
        return req(ctx.pick(("GET", "GET", "HEAD")), "/preprintbox/search/advanced", headers_for(ctx, "nav"), qs(ctx, pairs, fixed=("size",)))
    if kind == "oai":
        if ctx.chance(0.5):
            pairs = [("verb", "ListRecords"), ("resumptionToken", f"{ctx.rng.randrange(10**6, 10**7)}|{ctx.rng.randint(1, 40000)}")]
        else:
            pairs = [("verb", ctx.pick(("ListRecords", "ListIdentifiers"))), ("metadataPrefix", ctx.pick(("oai_dc", "arXiv", "arXivRaw"))),
                     ("from", v.iso_date(ctx)),
                     ("set", ctx.pick(("math", "physics:astro-ph", "cs", "q-bio")))]
        return req("GET", "/preprintbox/oai2", headers_for(ctx, "sdk", accept="text/xml"), qs(ctx, pairs, fixed=("verb", "metadataPrefix")))
    if kind == "sword":
        extra = (("In-Progress", ctx.pick(("true", "false"))), ("On-Behalf-Of", header_slot(ctx, "On-Behalf-Of", ctx.fake.user_name())))
        return req("POST", f"/preprintbox/sword/collection/{seg(ctx, 'collection', ctx.pick(_CATEGORIES))}",
                   headers_for(ctx, "sdk", content_type="application/atom+xml;type=entry", auth="basic", extra=extra), body=_sword_entry(ctx))
    if kind == "endorse":
        fields2: list[tuple[str, Any]] = [("csrf_token", v.alnum_token(ctx, 40)), ("endorsement_code", ctx.fake.bothify("??????").upper()),
                                          ("endorser_comment",
                                           ctx.pick(("", f"I know {_name(ctx)}'s work on $L^p$ estimates -- happy to endorse.", v.prose(ctx, 1, 2)))),
                                          ("seen_paper", ctx.pick(("y", "n"))), ("knows_personally", ctx.pick(("y", "n")))]
        return req("POST", "/preprintbox/auth/endorse", form_headers(ctx, "/preprintbox/auth/endorse"), body=form(ctx, fields2, fixed=("csrf_token",)))
    r = ctx.rng.random()
    if r < 0.4:
        body3 = {"comments": j(ctx, "comments",
                               ctx.pick(("v3: fixed a gap in the proof of Lemma 4.2 (thanks to Z. O'Connor)", "Withdrawn -- Thm 2 is false for n > 3",
                                         _math_comment(ctx)))),
                 "reason": ctx.pick(("replacement", "journal_ref", "withdrawal"))}
        return req("PATCH", f"/preprintbox/api/papers/{seg(ctx, 'paper', f'{ctx.rng.randint(2101, 2512)}.{ctx.rng.randrange(10000, 99999)}')}",
                   site_headers(ctx, "xhr", "application/json", "jwt"),
                   body=dumps(ctx, body3))
    if r < 0.75:
        return req("DELETE", f"/preprintbox/api/{seg(ctx, 'submission', sub)}", headers_for(ctx, "xhr", auth="jwt"))
    return preflight(ctx, "/preprintbox/api/submissions", ("POST", "PUT", "PATCH"), ("authorization,content-type", "content-type,if-match"))


# --------------------------------------------------------------------------
# Telescope / HPC time proposals: targets, FITS headers, ADQL via TAP, VOTables, SLURM scripts
# --------------------------------------------------------------------------

_TARGETS = (("Sgr A*", 266.41683, -29.00781), ("M 31", 10.68471, 41.26875), ("NGC 1275", 49.95067, 41.51170), ("[HB89] 1225+317", 186.92735, 31.48864),
            ("2MASS J05352184-0546085", 83.84104, -5.76903), ("Barnard's Star", 269.45207, 4.69339), ("SN 2023ixf", 210.91067, 54.31166),
            ("PSR B1919+21", 290.43750, 21.88394),
            ("TRAPPIST-1", 346.62202, -5.04144), ("V* T CrB", 239.87567, 25.92017), ("HD 209458", 330.79488, 18.88432), ("3C 273", 187.27792, 2.05239),
            ("α Cen A", 219.90206, -60.83399), ("Gaia DR3 4472832130942575872", 269.44850, 4.73942))


def _sexagesimal(deg: float, hours: bool) -> str:
    value = deg / 15 if hours else abs(deg)
    d = int(value)
    m = int((value - d) * 60)
    s = (value - d - m / 60) * 3600
    return f"{d:02d}:{m:02d}:{s:05.2f}" if hours else f"{'-' if deg < 0 else '+'}{d:02d}:{m:02d}:{s:04.1f}"


def _adql(ctx: Ctx) -> str:
    """An ADQL query as astronomers type it into a TAP client: CONTAINS/POINT/CIRCLE, joins, TOP, comments."""
    name, ra, dec = ctx.pick(_TARGETS)
    return ctx.pick((
        f"SELECT TOP {ctx.pick((100, 500, 2000))} source_id, ra, dec, phot_g_mean_mag, parallax\nFROM gaiadr3.gaia_source\n"
        f"WHERE 1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', {ra}, {dec}, {ctx.pick((0.01, 0.05, 0.2))}))\n  AND parallax_over_error > 10\nORDER BY "
        "phot_g_mean_mag",
        "SELECT g.source_id, t.original_ext_source_id AS tmass_id, g.phot_g_mean_mag\nFROM gaiadr3.gaia_source AS g\n"
        "JOIN gaiadr3.tmass_psc_xsc_best_neighbour AS t USING (source_id)\nWHERE g.phot_g_mean_mag < 12 AND g.dec > -30",
        f"SELECT * FROM ivoa.obscore\nWHERE obs_collection = 'JWST' AND dataproduct_type = 'image'\n  AND s_ra BETWEEN {ra - 0.5:.3f} AND {ra + 0.5:.3f} AND "
        "t_min > 59580",
        "SELECT COUNT(*) AS n, ROUND(bp_rp, 1) AS colour\nFROM gaiadr3.gaia_source\nWHERE random_index < 1000000\nGROUP BY ROUND(bp_rp, 1)\nORDER BY colour",
        f"-- neighbours of {name}\nSELECT main_id, ra, dec, otype\nFROM basic\nWHERE DISTANCE(POINT('ICRS', ra, dec), POINT('ICRS', {ra}, {dec})) < 0.5\n  AND "
        "otype = 'QSO'",
        f"SELECT oid FROM basic JOIN ident ON oidref = oid WHERE id = '{name.replace(chr(39), chr(39) * 2)}'",
    ))


def _astro_abstract(ctx: Ctx) -> str:
    """A proposal abstract: magnitudes, limits with < and >, units, object names with + and *."""
    name = ctx.pick(_TARGETS)[0]
    return ctx.pick((f"We measure $H_0$ from {ctx.rng.randint(40, 900)} Type Ia supernovae at $z < 0.15$; the tension with \\textit{{Planck}} is $>4\\sigma$.",
                     f"Spectra of {name} with S/N > {ctx.pick((30, 50, 100))} per pixel at 6563 \u00c5 will show whether the H\u03b1 wings are broader than "
                     "3000 km/s.",
                     f"{name} brightened by \u0394V = {ctx.rng.uniform(0.5, 3):.1f} mag on {v.iso_date(ctx)} (ATel #{ctx.rng.randint(15000, 17500)}); we ask "
                     "for 3 epochs of follow-up.",
                     f"Targets fainter than G = 19 but with parallax_over_error > 5 are selected from Gaia DR3; {v.sentence(ctx)}"))


def _fits_header(ctx: Ctx, obj: Any, ra: float, dec: float) -> str:
    """A FITS primary header: 80-character cards, quoted strings with doubled quotes, / comments, COMMENT and HISTORY; the OBJECT value is given."""
    observer = v.full_name(ctx).encode("ascii", "ignore").decode() or "Observer"

    def card(key: str, value: str, comment: str = "") -> str:
        text = f"{key:<8}= " + (f"{value:<20}" if value.startswith("'") else f"{value:>20}") + (f" / {comment}" if comment else "")
        return text.ljust(80)

    def quoted(text: str) -> str:
        return "'" + text.replace("'", "''").ljust(8) + "'"

    cards = [card("SIMPLE", "T", "conforms to FITS standard"), card("BITPIX", "-32", "array data type"), card("NAXIS", "2", "number of array dimensions"),
             card("NAXIS1", str(ctx.pick((2048, 4096, 1024)))), card("NAXIS2", str(ctx.pick((2048, 4096, 1024)))),
             card("OBJECT", "'" + str(obj).replace("'", "''") + "'", "target name"),
             card("TELESCOP", quoted(ctx.pick(("NOT", "INT", "VLT-U4", "WHT", "LCO 1m0-04")))),
             card("INSTRUME", quoted(ctx.pick(("ALFOSC_FASU", "WFC", "MUSE", "Sinistro")))),
             card("RA", quoted(_sexagesimal(ra, True)), "[hh:mm:ss] Right ascension"), card("DEC", quoted(_sexagesimal(dec, False)), "[dd:mm:ss] Declination"),
             card("EQUINOX", "2000.0"), card("DATE-OBS", quoted(v.iso_datetime(ctx)[:19]), "UTC start of exposure"),
             card("EXPTIME", f"{ctx.pick((30, 120, 300, 900))}.0", "[s]"),
             card("AIRMASS", f"{ctx.rng.uniform(1.0, 2.2):.3f}"),
             card("FILTER", quoted(ctx.pick(("SDSS r'", "r'_SDSS", "B_Bessel", "Halpha 656/3", "g'"))), "filter name"),
             card("OBSERVER", quoted(observer)), card("CTYPE1", quoted("RA---TAN")), card("CTYPE2", quoted("DEC--TAN")), card("CRVAL1", f"{ra:.10f}"),
             card("CRVAL2", f"{dec:.10f}"),
             card("CD1_1", f"{-ctx.rng.uniform(5e-5, 2e-4):.6E}"), card("CD2_2", f"{ctx.rng.uniform(5e-5, 2e-4):.6E}"),
             f"COMMENT   Reduced with astropy {ctx.pick(('5.3', '6.0', '6.1'))} / ccdproc; bias & flat applied".ljust(80),
             f"HISTORY   ccdproc.subtract_bias(ccd, master_bias) -- {v.iso_date(ctx)}".ljust(80), "END".ljust(80)]
    return "\n".join(cards) + "\n"


def _slurm_script(ctx: Ctx) -> str:
    """A SLURM batch script attached to an HPC allocation request: #SBATCH lines, modules, srun with redirects."""
    code = ctx.pick(("Gadget4 param.txt 1", "athena -i athinput.disk -d $SCRATCH/run1", "pluto -restart 12", "python -m mpi4py fit_mcmc.py --walkers 256"))
    return (f"#!/bin/bash\n#SBATCH --job-name={ctx.en.word()}_{ctx.rng.randint(1, 99)}\n#SBATCH --nodes={ctx.pick((1, 4, 8, 32))}\n#SBATCH "
            f"--ntasks-per-node={ctx.pick((32, 64, 128))}\n"
            f"#SBATCH --time={ctx.rng.randint(1, 48)}:00:00\n#SBATCH --partition={ctx.pick(('compute', 'gpu', 'long'))}\n#SBATCH "
            f"--account=ast-{ctx.rng.randint(100, 999)}\n"
            "#SBATCH --output=slurm-%j.out\n\nmodule purge\nmodule load gcc/12.2 openmpi/4.1.5 fftw/3.3.10 hdf5/1.14\nexport OMP_NUM_THREADS=1\ncd "
            "$SLURM_SUBMIT_DIR\n\n"
            f"srun ./{code} > run_${{SLURM_JOB_ID}}.log 2>&1\n")


@template("train", ("/skyprop/",), weight=1.1)
def skyprop_proposals(ctx: Ctx) -> Request:
    """Telescope/HPC proposals: proposal documents (JSON), target lists (CSV, VOTable XML), name resolver,
    TAP/ADQL queries, FITS header uploads, HPC allocations with SLURM scripts."""
    kind = ctx.pick(("proposal", "proposal", "targets", "resolve", "tap", "tap", "fits", "hpc"))
    cycle = ctx.pick(("2026A", "2026B", "P117", "C25B"))
    proposal = f"{cycle}-{ctx.rng.randrange(100, 999)}"
    if kind == "proposal":
        targets = []
        for i in range(ctx.rng.randint(1, 4)):
            name, ra, dec = ctx.pick(_TARGETS)
            targets.append({"name": j(ctx, f"targets[{i}].name", name) if i == 0 else name, "ra": _sexagesimal(ra, True), "dec": _sexagesimal(dec, False),
                            "epoch": "J2000",
                            "magnitude": ctx.pick(("V=12.6", "K_s = 9.8", "G < 14", "r' ~ 18.5 (AB)")),
                            "exposure": f"{ctx.rng.randint(2, 40)} × {ctx.pick((60, 300, 900))} s"})
        body = {"title": j(ctx, "title",
                           ctx.pick((f"Reverberation mapping of {ctx.pick(_TARGETS)[0]}", "Hα kinematics of the NGC 1275 filaments",
                                     "Searching for 'missing' baryons at z < 0.3",
                                     v.sentence(ctx)))),
                "abstract": j(ctx, "abstract",
                              ctx.pick((_astro_abstract(ctx),
                                        f"We request {ctx.rng.randint(2, 40)} h to test whether $M_{{BH}} > 10^8 M_\\odot$ in {ctx.pick(_TARGETS)[0]}."))),
                "pi": {"name": j(ctx, "pi.name", _name(ctx)), "orcid": _orcid(ctx),
                       "institute": ctx.pick(("Instituto de Astrofísica de Canarias", "MPIA Heidelberg", "Univ. of Toronto"))},
                "instrument": ctx.pick(("ALFOSC", "MUSE", "X-shooter", "NIRSpec")), "targets": targets,
                "timeRequested": {"value": ctx.rng.uniform(1, 40), "unit": "h"},
                "constraints": j(ctx, "constraints",
                                 ctx.pick(('airmass < 1.5; seeing <= 0.8"; moon: dark (FLI < 0.3)', "photometric, any moon",
                                           "ToO: trigger if ATel reports Δm > 1 mag"))),
                "justification": j(ctx, "justification", ctx.pick((_math_comment(ctx), user_note(ctx), _abstract(ctx))))}
        method = ctx.pick(("PUT", "PUT", "PATCH"))
        return req(method, f"/skyprop/api/cycles/{cycle}/proposals/{seg(ctx, 'proposal', proposal)}",
                   headers_for(ctx, "xhr", content_type="application/json", auth="jwt",
                               extra=(("If-Match", f'"{v.hex_token(ctx, 12)}"'),)),
                   body=dumps(ctx, body))
    if kind == "targets":
        if ctx.chance(0.5):
            rows: list[list[Any]] = [["name", "ra", "dec", "pmra", "pmdec", "comment"]]
            for i in range(ctx.rng.randint(2, 14)):
                name, ra, dec = ctx.pick(_TARGETS)
                comment = ctx.pick(("", "faint companion 2\" N", "variable -- check AAVSO", "offset star: 'Star B', see finder"))
                if i == 0:
                    name, comment = ctx.slot("multipart", "csv.name", name), ctx.slot("multipart", "csv.comment", comment)
                rows.append([name, _sexagesimal(ra, True), _sexagesimal(dec, False), f"{ctx.rng.uniform(-800, 800):.2f}", f"{ctx.rng.uniform(-800, 800):.2f}",
                             comment])
            ctype, body2 = multipart(ctx, [("format", "csv"), ("coordinate_system", ctx.pick(("ICRS", "FK5 J2000", "Galactic")))],
                                     [("file", ctx.pick(("targets.csv", "target list (v2).csv")), "text/csv", csv_text(rows))])
            return req("POST", f"/skyprop/api/proposals/{seg(ctx, 'proposal', proposal)}/targets/import", site_headers(ctx, "xhr", ctype, "jwt"), body=body2)
        trs = []
        for i in range(ctx.rng.randint(1, 8)):
            name, ra, dec = ctx.pick(_TARGETS)
            note = ctx.pick(("", "PI's priority 1", "use offset star", f"mag < {ctx.rng.randint(10, 20)}"))
            if i == 0:
                name, note = ctx.slot("xml", "TD.name", name), ctx.slot("xml", "TD.comment", note)
            trs.append(f"        <TR><TD>{enc_xml(str(name))}</TD><TD>{ra}</TD><TD>{dec}</TD><TD>{enc_xml(str(note))}</TD></TR>")
        votable = ('<?xml version="1.0" encoding="UTF-8"?>\n<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3">\n  <RESOURCE '
                   'type="results">\n    <TABLE name="targets">\n'
                   '      <FIELD name="name" datatype="char" arraysize="*" ucd="meta.id;meta.main"/>\n      <FIELD name="ra" datatype="double" unit="deg" '
                   'ucd="pos.eq.ra;meta.main"/>\n'
                   '      <FIELD name="dec" datatype="double" unit="deg" ucd="pos.eq.dec;meta.main"/>\n      <FIELD name="comment" datatype="char" '
                   'arraysize="*"/>\n'
                   "      <DATA><TABLEDATA>\n" + "\n".join(trs) + "\n      </TABLEDATA></DATA>\n    </TABLE>\n  </RESOURCE>\n</VOTABLE>\n")
        return req("POST", f"/skyprop/api/proposals/{proposal}/targets/import",
                   headers_for(ctx, "sdk", content_type="application/x-votable+xml", auth="apikey"), body=votable)
    if kind == "resolve":
        if ctx.chance(0.15):
            return preflight(ctx, f"/skyprop/api/proposals/{proposal}/targets", ("POST", "DELETE"), ("authorization,content-type",))
        if ctx.chance(0.25):
            return req("DELETE", f"/skyprop/api/proposals/{proposal}/targets/{seg(ctx, 'target', str(rid(ctx)))}", headers_for(ctx, "xhr", auth="jwt"))
        pairs = [("name", ctx.pick(_TARGETS)[0]), ("services", ctx.pick(("SNV", "S", "NED,Simbad"))), ("epoch", ctx.pick(("J2000", "2026.5")))]
        return req(ctx.pick(("GET", "GET", "HEAD")), "/skyprop/api/resolve", headers_for(ctx, ctx.pick(("xhr", "sdk")), auth=ctx.pick((None, "jwt"))),
                   qs(ctx, pairs, fixed=("services",)))
    if kind == "tap":
        if ctx.chance(0.55):  # TAP sync GET, as pyvo and TOPCAT send it
            pairs = [("REQUEST", "doQuery"), ("LANG", "ADQL"), ("FORMAT", ctx.pick(("votable", "csv", "json"))), ("MAXREC", ctx.pick((1000, 20000))),
                     ("QUERY", _adql(ctx))]
            return req("GET", "/skyprop/tap/sync", headers_for(ctx, "sdk", accept="application/x-votable+xml, */*"),
                       qs(ctx, pairs, fixed=("REQUEST", "LANG", "MAXREC")))
        fields = [("REQUEST", "doQuery"), ("LANG", "ADQL"), ("QUERY", _adql(ctx)), ("PHASE", ctx.pick(("RUN", "RUN", ""))),
                  ("RUNID", ctx.pick(("", f"{ctx.fake.user_name()}-finder")))]
        return req("POST", "/skyprop/tap/async", headers_for(ctx, ctx.pick(("sdk", "nav")), content_type="application/x-www-form-urlencoded", cookies=True),
                   body=form(ctx, fields, fixed=("REQUEST", "LANG")))
    if kind == "fits":
        name, ra, dec = ctx.pick(_TARGETS)
        header = _fits_header(ctx, ctx.slot("multipart", "fits.OBJECT", name.replace("α", "alf")), ra, dec)
        if ctx.chance(0.5):
            return req("PUT", f"/skyprop/api/proposals/{proposal}/preimaging/{seg(ctx, 'frame', f'ALDc{ctx.rng.randrange(10**5, 10**6)}.hdr')}",
                       headers_for(ctx, "sdk", content_type="text/plain; charset=us-ascii", auth="apikey"), body=header)
        ctype, body2 = multipart(ctx,
                                 [("proposal", proposal),
                                  ("description", ctx.pick(("Pre-imaging for slit placement", "Finder chart; north up, east left", v.sentence(ctx))))],
                                 [("header", "frame.hdr", "text/plain", header)])
        return req("POST", "/skyprop/preimaging/upload", form_headers(ctx, f"/skyprop/proposals/{proposal}", ctype), body=body2)
    body3 = {"project": j(ctx, "project", ctx.pick(("Cosmological zoom-ins of MW analogues", "MHD turbulence in protoplanetary discs", v.sentence(ctx)))),
             "resource": ctx.pick(("cpu-partition", "gpu-a100", "gpu-h100")), "nodeHours": ctx.pick((50000, 250000, 1200000)),
             "software": [j(ctx, "software[0]", ctx.pick(("GADGET-4 (commit 8a1f2c)", "Athena++ 24.0", "PLUTO 4.4p2", "emcee 3.1 + mpi4py")))],
             "jobScript": j(ctx, "jobScript", _slurm_script(ctx)), "storageTB": ctx.pick((5, 20, 120)),
             "justification": j(ctx, "justification",
                                ctx.pick((_abstract(ctx),
                                          f"Scaling tests on {ctx.pick((64, 512, 4096))} cores show {ctx.rng.randint(70, 96)}% parallel efficiency (see Fig. "
                                          "2).")))}
    return req("POST", f"/skyprop/api/hpc/calls/{seg(ctx, 'call', ctx.pick(('2026-1', 'EuroHPC-Reg-25', 'DiRAC-18')))}/applications",
               site_headers(ctx, "xhr", "application/json", "jwt"),
               body=dumps(ctx, body3))


SCIENCE: tuple[str, ...] = (
    "texcollab_editor", "citeshelf_manager", "seqflow_portal", "benchlims_lab",
    "statgrader_course", "octagrade_grader", "preprintbox_server", "skyprop_proposals",
)

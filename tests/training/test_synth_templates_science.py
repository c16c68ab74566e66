"""Research and teaching train templates (content is notation, code and scientific formats): registered as train,
own routes, seeded, well-formed, injectable, varied."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections import Counter
from typing import Any

import pytest

from tests.training import template_checks as checks
from tests.training.template_checks import _ctype
from tests.training.test_synth_templates_holdout import MARK, PAYLOADS
from waf_proxy.training import synth_templates_science
from waf_proxy.training.synth_templates import REGISTRY, Template
from waf_proxy.training.synth_templates_science import SCIENCE

MINE = [REGISTRY[name] for name in SCIENCE]
SEEDS = range(30)
KEY = "science:{name}:{seed}"
BODILESS = ("GET", "HEAD", "DELETE", "OPTIONS")
# domain text bodies the apps store as they are: LaTeX sources, BibTeX files, Snakefiles, FITS headers, code run in a sandbox
RAW_TEXT = ("text/plain", "text/x-tex", "application/x-bibtex")


def _parse_body(record: dict[str, Any]) -> Any:
    """Parse a body by its content type, as the receiving app would; raises if malformed."""
    return checks.parse_body(record, RAW_TEXT)


def _render_all(tpl: Template) -> list[dict[str, Any]]:
    return checks.render_all(tpl, KEY, SEEDS)


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return checks.finish_all(MINE, KEY, range(60), "sci")


def _texts(record: dict[str, Any]) -> list[str]:
    return checks.user_texts(record, _parse_body)


@pytest.fixture(scope="module")
def blob(records) -> str:
    return "\n".join(t for r in records for t in _texts(r))


def _of(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in records if r["source"] == f"synth:{name}"]


def _orcid_ok(orcid: str) -> bool:
    """ISO 7064 11,2 check character, as ORCID defines it."""
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def test_science_templates_are_registered_as_train() -> None:
    assert len(SCIENCE) == 8
    assert isinstance(SCIENCE, tuple)
    checks.check_registered(SCIENCE, synth_templates_science, "train")


def test_routes_are_specific_and_disjoint_from_every_other_template() -> None:
    checks.check_app_routes(MINE)


def test_rendering_is_deterministic_per_seed() -> None:
    checks.check_deterministic(MINE, _render_all, 1.0)  # every seed a different request


def test_benign_requests_are_valid_parse_and_stay_on_their_routes(records) -> None:
    checks.check_benign(records, SCIENCE, _parse_body, BODILESS)
    checks.check_bodies(records, BODILESS, 0.85)  # realistic sizes
    assert any(len(r["body"]) > 2500 for r in records)  # and some whole documents (LaTeX files, bibliographies, configs)


def test_module_covers_methods_formats_clients_and_naming_styles(records) -> None:
    assert {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} <= {r["method"] for r in records}
    ctypes = Counter(_ctype(r).split(";")[0] for r in records)
    assert {"application/json", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "text/csv", "application/xml",
            "text/xml"} <= set(ctypes)
    assert {"text/x-tex", "application/x-bibtex", "application/vnd.citationstyles.csl+json", "application/atom+xml", "application/x-votable+xml"} <= set(ctypes)
    assert ctypes["application/json"] > len(records) / 4
    for tpl in MINE:  # every template is used with several methods and formats
        mine = _of(records, tpl.name)
        assert len({r["method"] for r in mine}) >= 3, tpl.name
        assert len({_ctype(r).split(";")[0] for r in mine}) >= 3, tpl.name  # including bodiless requests
    uas = {v for r in records for k, v in r["headers"] if k == "User-Agent"}
    assert any(ua.startswith("Mozilla/5.0") for ua in uas) and any("okhttp" in ua or "CFNetwork" in ua or "Dart/" in ua for ua in uas)
    assert any(re.match(r"(python-requests|axios|curl|Go-http-client)", ua) for ua in uas)
    header_names = {k.lower() for r in records for k, _ in r["headers"]}
    assert {"cookie", "authorization", "origin", "referer", "access-control-request-method", "if-match"} <= header_names
    assert header_names & {"x-api-key", "api-key", "x-api-token"}
    assert {"if-unmodified-since-version", "x-scanner-id", "on-behalf-of", "x-grader-node"} <= header_names  # the apps' own headers
    auth = {v.split(" ")[0] for r in records for k, v in r["headers"] if k == "Authorization"}
    assert {"Bearer", "Basic"} <= auth
    accepts = {v for r in records for k, v in r["headers"] if k == "Accept"}
    assert {"application/vnd.citationstyles.csl+json", "application/atom+xml"} & accepts
    # naming styles: Rails brackets and arrays in forms, upper-case TAP parameters, camelCase and kebab-case JSON
    names = {k for r in records for k, _ in urllib.parse.parse_qsl(r["query"] + "&" + (r["body"] if "urlencoded" in _ctype(r) else ""), keep_blank_values=True)}
    assert any(re.fullmatch(r"\w+\[\w+\]", n) for n in names)  # note[body]
    assert {"REQUEST", "LANG", "QUERY", "verb", "search_query"} <= names
    bodies = [json.loads(r["body"]) for r in records if "json" in _ctype(r)]
    keys = {k for b in bodies if isinstance(b, dict) for k in b}
    assert any(re.fullmatch(r"[a-z]+[A-Z]\w*", k) for k in keys) and "container-title" in keys
    assert any(isinstance(b, list) and b and isinstance(b[0], dict) for b in bodies)  # CSL-JSON item arrays
    assert any(isinstance(b, dict) and "operationName" in b and "variables" in b for b in bodies)  # GraphQL over POST
    # JSON filter documents inside query parameters
    values = [v for r in records for k, v in urllib.parse.parse_qsl(r["query"], keep_blank_values=True) if k in ("filter", "where")]
    assert values and all(isinstance(json.loads(v), dict) for v in values)
    # the XML the apps speak: plate-reader exports, CodeRunner questions, SWORD Atom deposits, VOTables
    roots = {_parse_body(r).tag.split("}")[-1] for r in records if "xml" in _ctype(r)}
    assert {"PlateReaderRun", "quiz", "entry", "VOTABLE"} <= roots


def test_benign_free_text_has_the_false_positive_traps(blob, records) -> None:
    # general traps
    assert re.search(r"\b(O|D|L)'[A-ZÉ]", blob)  # names with apostrophes
    assert re.search(r"Müller|Zoë|Łukasz|Nguyễn|Siobhán|Erdős", blob)  # and diacritics
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff\u0400-\u04ff]", blob)  # non-Latin scripts
    assert re.search(r"(?i)\b(select|drop|union|delete|insert)\b", blob)  # SQL words in prose and titles
    assert " -- " in blob and "; " in blob and '"' in blob
    assert re.search(r"https?://[\w.-]+/", blob)
    # LaTeX: preambles, \input, equations, inline maths with comparisons, % comments
    assert "\\documentclass" in blob and "\\input{sections/" in blob and "\\begin{equation}\\label{eq:main}" in blob
    assert re.search(r"\$[^$\n]*[<>][^$\n]*\$", blob) and re.search(r"% (TODO|FIXME)", blob)
    # citations: BibTeX with TeX accents, RIS, DOIs with <, > and ;
    assert re.search(r"@(article|inproceedings|book|misc)\{\w+,", blob) and 'M{\\"u}ller, J{\\"o}rg' in blob
    assert "TY  - " in blob and "ER  - " in blob
    assert "(SICI)1097-4636(199606)31:2<213::AID-JBM9>3.0.CO;2-K" in blob
    orcids = re.findall(r"\b\d{4}-\d{4}-\d{4}-\d{3}[\dX]\b", blob)
    assert orcids and all(_orcid_ok(o) for o in orcids)
    # bioinformatics: Nextflow config, Snakemake rules with shell pipes, FASTA, VCF
    assert "withName: 'NFCORE_RNASEQ" in blob and "errorStrategy = { task.exitStatus in 137..140" in blob
    assert "| samtools sort" in blob and "2> {log}" in blob and "{input.ref}" in blob
    assert re.search(r"^>sp\|P69905\|HBA_HUMAN", blob, re.M) and "##INFO=<ID=DP," in blob and "#CHROM\tPOS\tID" in blob
    # LIMS: SMILES, formulas, units, GS1 barcodes
    assert "[Na+].[Cl-]" in blob and "CC(=O)OC1=CC=CC=C1C(=O)O" in blob and re.search(r"\d ?µL", blob) and "°C" in blob and "H2SO4" in blob
    assert re.search(r"\(01\)\d{14}\(10\)LOT-", blob)
    # statistics code: R, Stata, SAS, SPSS
    assert "%>%" in blob and "<- read_csv(" in blob and "regress lwage i.race##c.tenure" in blob
    assert "proc sql;" in blob and "SELECT IF (bmi > 10" in blob and "drop if missing(wage)" in blob
    # MATLAB / Octave
    assert "ode45(" in blob and "@(x)" in blob and "%!assert" in blob and re.search(r"= X \\ y", blob)
    # preprints: search syntax, licences
    assert 'au:"Müller, J" AND ti:' in blob or "ANDNOT cat:" in blob
    assert "creativecommons.org/licenses/by/4.0/" in blob
    # astronomy: ADQL, FITS cards, object names, SLURM scripts
    assert "1 = CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS'," in blob
    assert re.search(r"^FILTER  = '(SDSS r'''|r''_SDSS)", blob, re.M) and re.search(r"^OBJECT  = '", blob, re.M)
    assert "Sgr A*" in blob and "Barnard's Star" in blob and "[HB89] 1225+317" in blob
    assert "#SBATCH --nodes=" in blob and "2>&1" in blob
    non_ascii = sum(not (urllib.parse.unquote_plus(r["query"]) + r["body"]).isascii() for r in records)
    assert non_ascii / len(records) > 0.15


def test_benign_content_is_never_an_attack(blob) -> None:
    """The code, notation and formats are what users of these apps write, never an injection break-out or probe."""
    for bad in ("' OR 1=1", "' OR '1'='1", "<script", "javascript:", "../../", "/etc/passwd", "/etc/shadow", "; rm -rf", "UNION SELECT", "| nc ",
                "bash -i >&", "/dev/tcp/", "{{7*7}}", "${7*7}", "\\write18", "\\immediate"):
        assert bad not in blob, bad


def test_csv_uploads_have_quoted_cells_and_stay_rectangular(records) -> None:
    csvs = [r["body"] for r in records if _ctype(r).startswith("text/csv")]
    csvs += [r["body"].split("Content-Type: text/csv\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0] for r in records
             if "multipart" in _ctype(r) and "Content-Type: text/csv\r\n" in r["body"]]
    assert len(csvs) >= 5
    quoted = 0
    for body in csvs:
        checks.parse_csv(body, min_rows=2)
        quoted += body.count('"') > 0
    assert quoted / len(csvs) > 0.5


def test_fits_headers_are_80_column_cards(records) -> None:
    headers = [r["body"] if r["body"].startswith("SIMPLE  =") else r["body"].split("Content-Type: text/plain\r\n\r\n", 1)[1].rsplit("\r\n--", 1)[0]
               for r in records if "SIMPLE  =" in r["body"]]
    assert headers
    for text in headers:
        cards = text.rstrip("\n").split("\n")
        assert cards[-1].rstrip() == "END" and all(len(card) == 80 for card in cards), cards


@pytest.mark.parametrize("tpl", MINE, ids=lambda t: t.name)
def test_a_payload_in_any_slot_lands_in_the_request_once_and_decodes_back(tpl: Template) -> None:
    renders = checks.check_slot_injection(tpl, 10, _parse_body, PAYLOADS, MARK)
    checks.check_user_text_outside_headers(renders)


def test_slot_kinds_across_the_module() -> None:
    kinds = checks.slot_kinds(MINE, "k:{seed}", range(40))
    assert checks.EVERY_SLOT_KIND <= set(kinds), kinds


def test_generated_train_attacks_reach_science_templates() -> None:
    checks.check_module_attacks(SCIENCE, _parse_body, PAYLOADS, 400, 5)

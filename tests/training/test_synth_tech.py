"""Images and code as benign values: well formed, varied, harmless, and in the train traffic."""

from __future__ import annotations

import base64
import random
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

from waf_proxy.training import synth, synth_tech
from waf_proxy.training.synth_values import Ctx

HANDLER = re.compile(r"<script|\bon[a-z]+\s*=|javascript:|<foreignobject|<iframe", re.I)


def _ctx(seed: int) -> Ctx:
    return Ctx.new(random.Random(seed))


def test_svg_images_parse_and_carry_no_script() -> None:
    svgs = [synth_tech.svg_image(_ctx(i)) for i in range(200)]
    for svg in svgs:
        root = ET.fromstring(svg.split("?>", 1)[-1])
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert not HANDLER.search(svg), svg
    assert len(set(svgs)) == len(svgs)  # built from parts, not drawn from a short list


def test_data_uris_decode_to_images() -> None:
    kinds = set()
    for i in range(200):
        uri = synth_tech.data_uri(_ctx(i))
        head, _, data = uri.partition(",")
        assert head.startswith("data:image/")
        kinds.add(head.split(";")[0])
        if head.endswith(";base64"):
            raw = base64.b64decode(data, validate=True)
            if "svg" in head:
                ET.fromstring(raw.decode())
        else:
            ET.fromstring(unquote(data))
    assert {"data:image/png", "data:image/svg+xml", "data:image/jpeg"} <= kinds


def test_shell_and_ci_snippets_vary_and_use_ordinary_tools() -> None:
    lines = [synth_tech.shell_line(_ctx(i)) for i in range(300)]
    assert len(set(lines)) > 150
    assert any("&&" in line for line in lines) and any("| " in line for line in lines)
    for line in lines:
        assert not re.search(r"/etc/passwd|\bnc\b|wget .*\| *sh|\brm -rf /\s*$", line), line
    configs = [synth_tech.ci_config(_ctx(i)) for i in range(50)]
    assert any(c.startswith("FROM ") for c in configs) and any("runs-on:" in c for c in configs)


def test_train_traffic_carries_images_and_code() -> None:
    bodies = [r["body"] or "" for r in synth.generate_benign(3000, seed=0)]
    assert sum("data:image/" in b for b in bodies) >= 10
    assert sum("<svg" in b for b in bodies) >= 4
    assert sum("&&" in b or "runs-on" in b or "RUN " in b for b in bodies) >= 10


def test_held_out_templates_do_not_use_the_new_values() -> None:
    """The held-out sets stay as they were written: these values are for training only,
    so neither the held-out templates nor the value helpers they share may call them."""
    import inspect

    from waf_proxy.training import synth_templates_holdout, synth_templates_holdout3, synth_values

    for module in (synth_templates_holdout, synth_templates_holdout3, synth_values):
        assert "synth_tech" not in inspect.getsource(module)

"""The TimelineJS export in TimelineJS itself, in a real headless browser.

Needs Debian's `chromium` and the npm package `@knight-lab/timelinejs` (both installed by
.ci/run, the package under .ci/npm; or point SYRIA_TIMELINE_TIMELINEJS at its `dist` folder).
Skips, saying why, where either is missing. A page loads TimelineJS, builds the timeline
from our export, and writes what it shows (headlines, dates, era rows, group rows), the
console errors and any script that ran into a <pre>, which `--dump-dom` hands back.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tui.formats import timelinejs
from tui.timeline_file import builtin_path, load, loads
from tui.event_outline import era_of

from conftest import ROOT

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _dist() -> Path | None:
    candidates = [os.environ.get("SYRIA_TIMELINE_TIMELINEJS", ""), str(ROOT / ".ci/npm/node_modules/@knight-lab/timelinejs/dist")]
    for candidate in candidates:
        if candidate and (Path(candidate) / "js/timeline.js").is_file():
            return Path(candidate)
    return None


def _browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


pytestmark = [
    pytest.mark.skipif(_browser() is None, reason="no chromium (apt-get install chromium; .ci/run does)"),
    pytest.mark.skipif(_dist() is None, reason="no @knight-lab/timelinejs (npm install --prefix .ci/npm @knight-lab/timelinejs; .ci/run does)"),
]

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{css}">
<script>
window.__errors = []; window.__ran = [];
window.addEventListener('error', e => window.__errors.push('error: ' + e.message));
const originalError = console.error.bind(console);
console.error = (...a) => {{ window.__errors.push('console.error: ' + a.join(' ')); originalError(...a); }};
</script>
<script src="{js}"></script>
</head><body>
<div id="timeline-embed" style="width: 1200px; height: 700px"></div>
<pre id="result"></pre>
<script>
const data = {data};
try {{ new TL.Timeline('timeline-embed', data); }} catch (e) {{ window.__errors.push('throw: ' + e); }}
setTimeout(() => {{
  const texts = sel => [...document.querySelectorAll(sel)].map(e => e.textContent);
  document.getElementById('result').textContent = JSON.stringify({{
    errors: window.__errors, ran: window.__ran,
    groups: texts('.tl-timegroup-message'),
    eras: texts('.tl-timeera .tl-headline'),
    headlines: texts('.tl-slide .tl-headline'),
    dates: texts('.tl-slide .tl-headline-date'),
  }});
}}, 4000);
</script></body></html>
"""


def show_in_browser(document: str, tmp_path: Path) -> dict:
    dist = _dist()
    assert dist is not None
    data = document.replace("</", "<\\/")  # JSON allows \\/; keeps </script> in data from ending the script
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(css=(dist / "css/timeline.css").as_uri(), js=(dist / "js/timeline.js").as_uri(), data=data), encoding="utf-8")
    result = subprocess.run(
        [_browser(), "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
         "--virtual-time-budget=15000", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    found = re.search(r'<pre id="result">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found and found.group(1), result.stderr[-2000:]
    return json.loads(html.unescape(found.group(1)))


def test_the_builtin_timeline_loads_in_timelinejs(tmp_path):
    timeline = load(builtin_path())
    shown = show_in_browser(timelinejs.render(timeline, timeline.events), tmp_path)
    assert shown["errors"] == [] and shown["ran"] == []
    assert shown["headlines"][0] == timeline.title  # the title slide
    assert shown["headlines"][1:] == [event.title for event in timeline.events]
    assert len([d for d in shown["dates"] if d]) == len(timeline.events)
    assert shown["eras"] == [era.title for era in timeline.eras]
    groups = {era_of(timeline, event).title for event in timeline.events if era_of(timeline, event)}
    assert set(shown["groups"]) - {""} == groups


HOSTILE = """\
version: 1
title: "Title <img src=x onerror=\\"window.__ran.push('title')\\">"
actors:
  a: {name: "Actor <img src=x onerror=\\"window.__ran.push('actor')\\">", short: "<b>A</b>"}
eras:
  - {id: e1, title: "Era <img src=x onerror=\\"window.__ran.push('era')\\"> & co", start: 2011, end: 2012}
  - {id: e2, title: "<script>window.__ran.push('era2')</script>", start: 2013, end: 2014}
events:
  - id: one
    date: 2011-03-15
    title: "Headline <img src=x onerror=\\"window.__ran.push('headline')\\"> &amp; </script>"
    actors: [a]
    text: |
      Text <img src=x onerror="window.__ran.push('text')"> with <svg onload="window.__ran.push('svg')">.

      A second paragraph &lt;b&gt;.
    claims: [{by: a, says: "<iframe src=javascript:window.__ran.push('claim')>", via: "<b>via</b>"}]
    sources: [{publisher: "P <img src=x onerror=\\"window.__ran.push('source')\\">", url: "javascript:window.__ran.push('url')"}]
  - id: two
    date: ~2013-08
    title: "Approximate <u>date</u>"
    actors: [a]
    text: Plain.
    sources: [{publisher: Wire, url: "https://example.org/?a=1&b=<2>"}]
"""


def test_a_hostile_timeline_runs_no_script_and_shows_its_text_literally(tmp_path):
    timeline = loads(HOSTILE, "hostile.yaml")
    shown = show_in_browser(timelinejs.render(timeline, timeline.events), tmp_path)
    assert shown["ran"] == [], shown["ran"]
    assert shown["errors"] == []
    assert shown["headlines"] == [timeline.title] + [event.title for event in timeline.events]
    assert shown["eras"] == [era.title for era in timeline.eras]
    assert set(shown["groups"]) - {""} == {era.title for era in timeline.eras}  # era rows, literally
    assert "~Aug 2013" in shown["dates"]

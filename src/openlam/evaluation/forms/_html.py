"""The HTML of a generated form: its controls, its theme, and the script that validates a
submission, records it in ``window.__openlamForm`` and shows the confirmation."""

from __future__ import annotations

import html
import json
import random
from typing import TYPE_CHECKING

from openlam.evaluation.forms._kinds import NAV, THEMES

if TYPE_CHECKING:
    from openlam.evaluation.forms._pages import Field, FormTask


def render(task: FormTask, title: str, rng: random.Random) -> str:
    accent, background = rng.choice(THEMES)
    nav = rng.sample(NAV, rng.randint(0, 4))
    controls = "\n".join(_control(f) for f in task.fields)
    esc = html.escape
    schema = json.dumps(
        [
            {
                "key": f.key,
                "label": f.label,
                "kind": f.kind,
                "required": f.required,
                "default": f.default,
            }
            for f in task.fields
        ]
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(title)} — {esc(task.site)}</title>
<style>
body {{ font-family: system-ui, sans-serif; background: {background}; margin: 0; }}
header {{ background: {accent}; color: #fff; padding: 14px 28px; font-size: 20px; }}
nav a {{ color: #fff; margin-left: 16px; font-size: 14px; }}
main {{ max-width: 540px; margin: 32px auto; background: #fff; padding: 24px 30px;
        border-radius: 8px; }}
label {{ display: block; margin: 12px 0 4px; font-weight: 600; }}
input, textarea, select {{ width: 100%; padding: 7px; font-size: 15px; box-sizing: border-box; }}
input[type=checkbox], input[type=radio] {{ width: auto; }}
.choice {{ font-weight: normal; display: inline-block; margin-right: 12px; }}
button {{ margin-top: 16px; background: {accent}; color: #fff; border: 0; padding: 9px 18px;
          font-size: 15px; border-radius: 6px; }}
#error {{ color: #a00; }} #done {{ color: #1d6b2f; font-weight: 600; }}
</style></head>
<body>
<header>{esc(task.site)} <nav>{"".join(f'<a href="#">{esc(n)}</a>' for n in nav)}</nav></header>
<main id="main">
<h1>{esc(title)}</h1>
<form id="form" novalidate>
{controls}
<button type="submit">{esc(task.button)}</button>
</form>
<p id="error" hidden></p><p id="done" hidden></p>
</main>
<script>
const FIELDS = {schema};
const AFTER = {json.dumps(task.after)};
const DONE = {json.dumps(task.confirmation)};
window.__openlamForm = {{valid: 0, invalid: 0, last: null}};
function read(f) {{
  if (f.kind === "checkbox") return String(document.getElementById(f.key).checked);
  if (f.kind === "radio") {{
    const on = document.querySelector(`input[name="${{f.key}}"]:checked`);
    return on ? on.value : "";
  }}
  return document.getElementById(f.key).value.trim();
}}
document.getElementById("form").addEventListener("submit", (event) => {{
  event.preventDefault();
  const values = {{}};
  let problem = "";
  for (const f of FIELDS) {{
    values[f.key] = read(f);
    const empty = values[f.key] === "" || (f.kind === "select" && values[f.key] === f.default
                                            && f.default.startsWith("Choose"));
    if (!problem && f.required && empty) problem = `Please fill in ${{f.label}}.`;
    const email = /^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/;
    if (!problem && f.kind === "email" && values[f.key] && !email.test(values[f.key]))
      problem = "Please enter a valid email address.";
  }}
  const error = document.getElementById("error");
  if (problem) {{
    window.__openlamForm.invalid += 1;
    error.textContent = problem; error.hidden = false; return;
  }}
  error.hidden = true;
  window.__openlamForm.valid += 1;
  window.__openlamForm.last = values;
  const done = document.getElementById("done");
  done.textContent = DONE; done.hidden = false;
  if (AFTER === "hide") document.getElementById("form").hidden = true;
  if (AFTER === "keep") document.getElementById("form").reset();
  if (AFTER === "replace") {{
    const main = document.getElementById("main");
    main.replaceChildren(done);
  }}
}});
</script>
</body></html>
"""


def _control(f: Field) -> str:
    esc = html.escape
    if f.kind == "checkbox":
        checked = " checked" if f.default == "true" else ""
        return (
            f'<label class="choice"><input id="{f.key}" type="checkbox"{checked}> '
            f"{esc(f.label)}</label>"
        )
    if f.kind == "radio":
        items = "".join(
            f'<label class="choice"><input type="radio" name="{f.key}" value="{esc(o)}"> '
            f"{esc(o)}</label>"
            for o in f.options
        )
        return f"<fieldset><legend>{esc(f.label)}</legend>{items}</fieldset>"
    head = f'<label for="{f.key}">{esc(f.label)}</label>'
    if f.kind == "select":
        options = "".join(f"<option>{esc(o)}</option>" for o in f.options)
        return f'{head}<select id="{f.key}">{options}</select>'
    if f.kind == "textarea":
        return f'{head}<textarea id="{f.key}" rows="3"></textarea>'
    return f'{head}<input id="{f.key}" type="{f.kind}">'

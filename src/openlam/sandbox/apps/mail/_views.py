"""Mail GUI building blocks: wording per layout, the message list, the message and forms."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi.responses import HTMLResponse

from openlam.sandbox._html import Labels, e, field, options, page
from openlam.sandbox._world import Layout, World
from openlam.sandbox.apps.mail._data import FOLDERS, PRIORITIES, SPEC

LABELS = Labels(
    {
        "inbox": ("Inbox", "Received"),
        "starred": ("Starred", "Flagged"),
        "sent": ("Sent", "Outbox"),
        "trash": ("Trash", "Bin"),
        "compose": ("Compose", "New message"),
        "search": ("Search mail", "Find messages"),
        "go": ("Search", "Find"),
        "show": ("Show", "Filter"),
        "since": ("Received after", "Since"),
        "star": ("Star", "Flag"),
        "unstar": ("Unstar", "Unflag"),
        "select": ("Select", "Pick"),
        "delete_selected": ("Delete selected", "Move picked to bin"),
        "delete": ("Delete", "Move to bin"),
        "restore": ("Restore", "Put back"),
        "reply": ("Reply", "Answer"),
        "forward": ("Forward", "Pass on"),
        "to": ("To", "Recipient"),
        "cc": ("Cc", "Copy to"),
        "subject": ("Subject", "Topic"),
        "body": ("Message", "Text"),
        "note": ("Note", "Add a note"),
        "priority": ("Priority", "Importance"),
        "send": ("Send", "Send now"),
        "empty": ("Empty trash", "Empty bin"),
        "confirm_empty": ("Delete forever", "Yes, empty it"),
        "keep": ("Cancel", "Keep them"),
        "older": ("Older", "Next page"),
        "newer": ("Newer", "Previous page"),
    }
)
SHOW = {"all": "All messages", "unread": "Unread only", "files": "With attachments"}
PAGE_SIZE = 10
# the body arrives after the headers, like a mail client fetching it separately
BODY_SCRIPT = """setTimeout(() => {
  const src = document.getElementById('body-src');
  const out = document.getElementById('body');
  if (src && out) out.innerHTML = JSON.parse(src.textContent);
}, 300);"""
_CSS = """<style>
.tabs { display: flex; gap: 4px; margin: 4px 0 12px; border-bottom: 1px solid #d6dbe1; }
.tabs a { padding: 7px 14px; text-decoration: none; color: inherit; margin: 0; }
.tabs a[aria-selected=true] { font-weight: 700; border-bottom: 3px solid currentColor; }
h1.folder { font-size: 20px; margin-bottom: 4px; }
table.list { margin: 4px 0; } table.list td, table.list th { padding: 4px 8px; }
td.pick { white-space: nowrap; width: 64px; }
tr.unread td { font-weight: 700; }
.badge { font-size: 11px; background: #d93025; color: #fff; border-radius: 8px;
         padding: 1px 6px; margin-left: 4px; }
button.icon { background: none; color: #c58a00; font-size: 17px; padding: 0 6px;
               line-height: 1; }
.msg-body { border-top: 1px solid #e1e5ea; padding: 8px 0; }
.msg-body p { margin: 4px 0; }
.atts { list-style: none; padding: 0; display: flex; gap: 10px; flex-wrap: wrap; }
.atts li { border: 1px solid #d6dbe1; border-radius: 5px; padding: 5px 10px; }
.bar { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
td.when { white-space: nowrap; }
</style>"""


def render(
    world: World, title: str, body: str, current: str = "", script: str = ""
) -> HTMLResponse:
    """A page in the mail chrome."""
    lay = world.layout
    nav = [("Mail", "/mail/"), (LABELS("compose", lay), "/mail/compose")]
    return HTMLResponse(
        page(
            app_title=SPEC.title,
            title=title,
            body=_CSS + body,
            layout=lay,
            nav=nav,
            current=current,
            script=script,
        )
    )


def tabs(lay: Layout, current: str, unread: int) -> str:
    """The folder tabs (Inbox, Starred, Sent, Trash)."""
    out = []
    for folder in FOLDERS:
        href = "/mail/" if folder == "inbox" else f"/mail/{folder}"
        on = "true" if folder == current else "false"
        out.append(f'<a role=tab aria-selected={on} href="{href}">{LABELS(folder, lay)}</a>')
    if unread:
        out.append(f"<span class=muted style='margin-left:auto'>{unread} unread</span>")
    return f"<nav class=tabs role=tablist>{''.join(out)}</nav>"


def flash_box(flash: str, error: str) -> str:
    """The result of the last action, if any."""
    return (f"<p class=flash>{e(flash)}</p>" if flash else "") + (
        f"<p class=error>{e(error)}</p>" if error else ""
    )


def folder_path(folder: str) -> str:
    """The GUI path of a folder."""
    return "/mail/" if folder == "inbox" else f"/mail/{folder}"


def search_form(lay: Layout, folder: str, q: str, show: str, since: str) -> str:
    """Search box with its filters; it searches the folder it is shown in."""
    query = field(
        LABELS("search", lay),
        f'<input type=search id=q name=q value="{e(q)}" placeholder="Sender, subject or text">',
        "q",
    )
    filt = field(
        LABELS("show", lay),
        "<select id=show name=show>"
        + "".join(
            f'<option value="{k}"{" selected" if k == show else ""}>{e(v)}</option>'
            for k, v in SHOW.items()
        )
        + "</select>",
        "show",
    )
    date = field(
        LABELS("since", lay),
        f'<input type=date id=since name=since value="{e(since)}">',
        "since",
    )
    fields = query + filt + date if lay == "a" else date + filt + query
    return (
        f'<form method=get action="{folder_path(folder)}" role=search><div class=row>{fields}'
        f"<div><button>{LABELS('go', lay)}</button></div></div></form>"
    )


def pager(lay: Layout, folder: str, args: dict[str, str], page_no: int, total: int) -> str:
    """``1-10 of 31`` with Newer / Older links."""
    pages = max(1, -(-total // PAGE_SIZE))
    first = (page_no - 1) * PAGE_SIZE + 1
    last = min(page_no * PAGE_SIZE, total)
    links = []
    for label, number in (("newer", page_no - 1), ("older", page_no + 1)):
        if 1 <= number <= pages:
            query = urlencode({**args, "page_no": number})
            links.append(f'<a href="{folder_path(folder)}?{e(query)}">{LABELS(label, lay)}</a>')
    if not total:
        return "<span class=pager><span class=muted>No messages found</span></span>"
    return (
        f"<span class=pager><span class=muted>{first}–{last} of {total} messages · "
        f"page {page_no} of {pages}</span>{''.join(links)}</span>"
    )


def message_row(lay: Layout, m: dict[str, Any], back: str) -> str:
    """One row of the message list: select box, star, sender, subject, date."""
    subject = m["subject"]
    star_key = "unstar" if m["starred"] else "star"
    select = (
        f'<input type=checkbox name=ids value="{m["id"]}" '
        f'aria-label="{LABELS("select", lay)} {e(subject)}">'
    )
    star = (
        f'<button class=icon formaction="/mail/m/{m["id"]}/star" name=back value="{e(back)}" '
        f'aria-label="{LABELS(star_key, lay)} {e(subject)}">{"★" if m["starred"] else "☆"}'
        f"</button>"
    )
    who = m["recipient"] if m["folder"] == "sent" else m["sender_name"]
    new = " <span class=badge>New</span>" if m["unread"] else ""
    files = m["files"]
    clip = f" <span class=muted>· {files} attachment{'s' * (files > 1)}</span>" if files else ""
    cells = [
        f"<td class=pick>{select}{star}</td>",
        f"<td>{e(who)}{new}</td>",
        f'<td><a href="/mail/m/{m["id"]}">{e(subject)}</a>{clip}</td>',
        f"<td class=when>{e(m['date'])}</td>",
    ]
    if lay == "b":
        cells = [cells[3], cells[1], cells[2], cells[0]]
    return f"<tr{' class=unread' if m['unread'] else ''}>{''.join(cells)}</tr>"


def message_table(
    lay: Layout, rows: list[dict[str, Any]], back: str, folder: str, pages: str
) -> str:
    """The list of messages inside a form for bulk actions (delete selected), with the
    pager (``pages``) on the same bar."""
    bulk = ""
    if folder != "trash" and rows:
        bulk = (
            f'<button class=secondary name=back value="{e(back)}">'
            f"{LABELS('delete_selected', lay)}</button>"
        )
    bar = (
        f"<div class=bar>{bulk}{pages}</div>"
        if lay == "a"
        else f"<div class=bar>{pages}{bulk}</div>"
    )
    if not rows:
        return f"{bar}<p>No messages here.</p>"
    heads = ["", "From" if folder != "sent" else "To", "Subject", "Date"]
    if lay == "b":
        heads = [heads[3], heads[1], heads[2], heads[0]]
    head = "".join(f"<th>{h}</th>" for h in heads)
    return (
        f'<form method=post action="/mail/selected/delete">{bar}<table class=list><tr>{head}</tr>'
        f"{''.join(message_row(lay, m, back) for m in rows)}</table></form>"
    )


def empty_dialog(lay: Layout, count: int) -> str:
    """The Empty trash button and its confirmation dialog."""
    return (
        f"<div class=bar><button class=danger onclick=\"document.getElementById('empty')"
        f'.showModal()">{LABELS("empty", lay)}</button></div>'
        f"<dialog id=empty><p>Delete all {count} messages in the trash for good? "
        f"This cannot be undone.</p><form method=post action='/mail/trash/empty'>"
        f"<button class=danger>{LABELS('confirm_empty', lay)}</button> <button type=button "
        f"class=secondary onclick=\"this.closest('dialog').close()\">{LABELS('keep', lay)}"
        f"</button></form></dialog>"
    )


def body_html(body: str) -> str:
    """A message body as paragraphs (escaped)."""
    return "".join(f"<p>{e(line)}</p>" for line in body.split("\n") if line.strip())


def delayed_body(body: str) -> str:
    """The body placeholder and the escaped body the script fills in after a delay."""
    payload = json.dumps(body_html(body)).replace("<", "\\u003c")
    return (
        "<div id=body class=msg-body><p class=muted>Loading message…</p></div>"
        f"<script type=application/json id=body-src>{payload}</script>"
    )


def attachment_list(m: dict[str, Any]) -> str:
    """The message's attachments as name and size chips."""
    if not m["attachments"]:
        return ""
    items = "".join(
        f"<li>{e(a['name'])} <span class=muted>{a['size_kb']} KB</span></li>"
        for a in m["attachments"]
    )
    return f"<h2>Attachments ({len(m['attachments'])})</h2><ul class=atts>{items}</ul>"


def send_form(
    lay: Layout, action: str, values: dict[str, str], *, note: bool = False, cc: bool = True
) -> str:
    """A compose-style form: To, Cc, Subject, Priority and the message (or a note)."""
    to = field(
        LABELS("to", lay),
        f'<input type=email id=to name=to multiple value="{e(values.get("to", ""))}">',
        "to",
    )
    copy = field(
        LABELS("cc", lay),
        f'<input type=email id=cc name=cc multiple value="{e(values.get("cc", ""))}">',
        "cc",
    )
    subject = field(
        LABELS("subject", lay),
        f'<input type=text id=subject name=subject value="{e(values.get("subject", ""))}"'
        f"{' readonly' if note else ''}>",
        "subject",
    )
    priority = field(
        LABELS("priority", lay),
        f"<select id=priority name=priority>"
        f"{options(PRIORITIES, values.get('priority', 'Normal'))}</select>",
        "priority",
    )
    key = "note" if note else "body"
    text = field(
        LABELS(key, lay),
        f"<textarea id={key} name={key}>{e(values.get(key, ''))}</textarea>",
        key,
    )
    heads = [to, copy if cc else "", subject, "" if note else priority]
    if lay == "b":
        heads = [subject, to, copy if cc else "", "" if note else priority]
    return (
        f'<form method=post action="{e(action)}"><div class=row>{"".join(heads)}</div>{text}'
        f"<p><button>{LABELS('send', lay)}</button></p></form>"
    )


def message_page(lay: Layout, m: dict[str, Any], flash: str, error: str) -> str:
    """A message: headers, action buttons, the body (loaded after a delay), attachments."""
    fields = (
        ("From", f"{m['sender_name']} <{m['sender']}>"),
        ("To", m["recipient"] + (f", cc {m['cc']}" if m["cc"] else "")),
        ("Date", m["date"]),
        ("Priority", m["priority"]),
    )
    head = "".join(
        f"<tr><th>{k}</th><td>{e(val)}</td></tr>"
        for k, val in fields
        if k != "Priority" or val != "Normal"
    )
    head, tools = f"<table>{head}</table>", _tools(lay, m)
    parts = [head, tools, delayed_body(m["body"]), attachment_list(m)]
    if lay == "b":
        parts = [head, attachment_list(m), delayed_body(m["body"]), tools]
    return (
        f"{tabs(lay, m['folder'], 0)}{flash_box(flash, error)}"
        f"<h1>{e(m['subject'])}</h1>{''.join(parts)}"
    )


def _tools(lay: Layout, m: dict[str, Any]) -> str:
    """The message's action buttons."""
    mid = m["id"]
    if m["folder"] == "trash":
        return (
            f"<form class=bar method=post action='/mail/m/{mid}/restore'>"
            f"<button>{LABELS('restore', lay)}</button></form>"
        )
    star = LABELS("unstar" if m["starred"] else "star", lay)
    return (
        f"<form class=bar method=post action='/mail/m/{mid}/delete'>"
        f"<a class=btn href='/mail/m/{mid}/reply'>{LABELS('reply', lay)}</a>"
        f"<a class=btn href='/mail/m/{mid}/forward'>{LABELS('forward', lay)}</a>"
        f"<button class=secondary formaction='/mail/m/{mid}/star'>{star}</button>"
        f"<button class=danger>{LABELS('delete', lay)}</button></form>"
    )

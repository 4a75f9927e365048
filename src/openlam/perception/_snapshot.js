// openlam page snapshot: the interactive elements and visible text of the current page.
//
// Run with page.evaluate(source, options). Returns a JSON string for openlam.perception and keeps
// the listed elements in window.__openlam.els, so that element index i (1-based) resolves to
// window.__openlam.els[i - 1] (and window.__openlam.points[i - 1] says where to click it when
// its middle is covered); those references never leave the page.
(options) => {
  const opt = Object.assign(
    { maxElements: 120, nameChars: 60, valueChars: 80, textChars: 1500, maxOptions: 15,
      generation: 0 },
    options || {});
  const VW = window.innerWidth;
  const VH = window.innerHeight;
  const ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'tab', 'menuitem',
    'menuitemcheckbox', 'menuitemradio', 'option', 'combobox', 'textbox', 'searchbox', 'switch',
    'slider', 'spinbutton', 'treeitem']);
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'IFRAME', 'OBJECT',
    'EMBED']);
  const OPAQUE = new Set(['SELECT', 'TEXTAREA', 'OPTION', 'DATALIST']);  // their text is a value
  const BUTTON_TYPES = new Set(['button', 'submit', 'reset', 'image']);
  const FIELD = ['input', 'select', 'textarea', 'button', 'a[href]']
    .concat(Array.from(ROLES, (r) => `[role=${r}]`)).join(', ');

  const collapse = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const cut = (s, n) => (s.length > n ? s.slice(0, n - 1).trimEnd() + '…' : s);

  // ---- 1. one walk over the rendered DOM (open shadow roots included) ----------------------
  const cands = [];  // candidates: {el, target, owner, kind, inView, listed, covers, dropped}
  const texts = [];  // text nodes and separators, in document order
  const rectCache = new Map();
  const rectOf = (el) => {
    let r = rectCache.get(el);
    if (!r) { r = el.getBoundingClientRect(); rectCache.set(el, r); }
    return r;
  };
  const intersects = (r) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 &&
    r.left < VW && r.top < VH;

  const isCheckable = (el) => el.tagName === 'INPUT' && (el.type === 'checkbox' ||
    el.type === 'radio');

  function kindOf(el, style, parentCursor, owner) {
    const tag = el.tagName;
    if (tag === 'A' && el.hasAttribute('href')) return 'strong';
    if (tag === 'BUTTON' || tag === 'SELECT' || tag === 'TEXTAREA') return 'strong';
    if (tag === 'INPUT') return el.type === 'hidden' ? null : 'strong';
    if (tag === 'SUMMARY' && el.parentElement && el.parentElement.tagName === 'DETAILS') {
      return 'strong';
    }
    const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (ROLES.has(role)) return 'strong';
    if (el.isContentEditable && !(el.parentElement && el.parentElement.isContentEditable)) {
      return 'strong';
    }
    // A label acts through its control, which is listed on its own.
    if (tag === 'LABEL' && el.control) return null;
    // Weak signals: not inside a real control (one entry per widget). Inside another weak one
    // they win: the outer one is then a wrapper that delegates events (see below).
    if (owner && owner.kind === 'strong') return null;
    if (el.hasAttribute('tabindex') && el.tabIndex >= 0) return 'weak';
    if (el.hasAttribute('onclick') || typeof el.onclick === 'function') return 'weak';
    if (style.cursor === 'pointer' && parentCursor !== 'pointer') return 'weak';
    if (hoverPointer.has(el)) return 'weak';
    if (style.userSelect === 'none' && isSymbolKey(el)) return 'weak';
    if (isBarItem(el, style, owner)) return 'weak';
    return null;
  }

  // Side-by-side boxes with their own text in one clickable bar (MiniWoB's "Reply | Forward")
  // are separate buttons whose handlers the DOM does not show; the bar is then listed as them.
  function isBarItem(el, style, owner) {
    if (!owner || owner.kind !== 'weak' || owner.el !== el.parentElement) return false;
    if (!style.display.startsWith('inline-')) return false;
    let items = 0;
    for (const c of el.parentElement.children) {
      const display = getComputedStyle(c).display;
      if (display.startsWith('inline-') && collapse(c.textContent)) items++;
    }
    return items >= 2;
  }

  // A lone symbol its author made unselectable ("+", "-", "×") is a stepper or close button
  // whose handler the DOM does not show.
  function isSymbolKey(el) {
    if (el.childElementCount || !/^[^\p{L}\p{N}\s]{1,2}$/u.test(collapse(el.textContent))) {
      return false;
    }
    return !el.parentElement || getComputedStyle(el.parentElement).userSelect !== 'none';
  }

  // Elements that get a pointer cursor only on :hover (MiniWoB's social-media icons, many menus):
  // strip :hover from such rules and ask which elements the rest of the selector matches.
  function hoverPointerElements() {
    const found = new Set();
    const visitRules = (rules, depth) => {
      for (const rule of rules) {
        if (rule.cssRules && depth < 3) visitRules(rule.cssRules, depth + 1);
        if (!rule.selectorText || !rule.style || rule.style.cursor !== 'pointer') continue;
        if (!rule.selectorText.includes(':hover')) continue;
        for (const part of rule.selectorText.split(',')) {
          if (!part.includes(':hover')) continue;
          const selector = part.replace(/:hover/g, '').trim() || '*';
          try {
            for (const el of document.querySelectorAll(selector)) {
              // a pointer over a whole menu list means each item is the thing to click
              const items = /^(UL|OL|MENU)$/.test(el.tagName) ? Array.from(el.children) : [el];
              for (const item of items) found.add(item);
            }
          } catch (e) { /* a selector this engine cannot query once :hover is gone */ }
        }
      }
    };
    for (const sheet of document.styleSheets) {
      try { visitRules(sheet.cssRules, 0); } catch (e) { /* cross-origin sheet: unreadable */ }
    }
    return found;
  }
  const hoverPointer = hoverPointerElements();

  // The element hit at the middle of the visible part of target, or null when something else
  // (an overlay, the edge of a scrolled container) is there. A target whose middle is covered
  // (MiniWoB's overlapping buttons) may still show a corner: a few more points are tried, within
  // a page-wide budget, and the one hit is kept in hitPoint so that a click lands there.
  let hitPoint = null;
  let extraProbes = 600;
  function hitTest(el, target, r) {
    const left = Math.max(r.left, 0);
    const top = Math.max(r.top, 0);
    const w = Math.min(r.right, VW) - left;
    const h = Math.min(r.bottom, VH) - top;
    hitPoint = null;
    const middle = hitAt(el, target, left + w / 2, top + h / 2);
    if (middle || w < 6 || h < 6) return middle;
    for (const [fx, fy] of EDGE_POINTS) {
      if (extraProbes-- <= 0) return null;
      const x = left + w * fx;
      const y = top + h * fy;
      const hit = hitAt(el, target, x, y);
      if (hit) {
        hitPoint = { x, y };
        return hit;
      }
    }
    return null;
  }
  const EDGE_POINTS = [[0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85], [0.5, 0.15],
    [0.5, 0.85], [0.15, 0.5], [0.85, 0.5]];

  function hitAt(el, target, x, y) {
    const root = target.getRootNode();
    const hit = (root.elementFromPoint ? root : document).elementFromPoint(x, y);
    if (!hit) return null;
    if (hit === target || target.contains(hit) || hit.contains(target)) return hit;
    // a floating label drawn over its own input still leads to that input
    const onLabel = !!el.labels && Array.from(el.labels).some((l) => l.contains(hit));
    return onLabel ? hit : null;
  }

  function consider(el, style, owner, kind) {
    let target = el;
    if (isCheckable(el) && el.labels && el.labels.length) {
      // Custom checkboxes hide the native input and show its label; act on the label then.
      const r = rectOf(el);
      if (style.display === 'none' || style.opacity === '0' || r.width < 2 || r.height < 2) {
        target = el.labels[0];
      }
    }
    const r = rectOf(target);
    if (r.width < 1 || r.height < 1 || (r.width < 2 && r.height < 2)) return null;
    // also false inside closed <details> and other content-visibility:hidden subtrees
    if (!target.checkVisibility({ checkVisibilityCSS: true })) return null;
    const hit = intersects(r) ? hitTest(el, target, r) : null;
    // A clickable span or div acts through whatever its handler listens on; the innermost
    // element under its middle is where a real click lands, so act on that one.
    if (kind === 'weak' && hit && el.contains(hit)) target = hit;
    // where to click a partly covered target, relative to its padding box as Playwright's
    // click position is (null: the middle)
    let point = null;
    if (hit && hitPoint) {
      const t = rectOf(target);
      point = { x: Math.floor(hitPoint.x - t.left - target.clientLeft),
        y: Math.floor(hitPoint.y - t.top - target.clientTop) };
    }
    const cand = { el, target, owner, kind, inView: !!hit, listed: false, covers: false,
      dropped: false, point };
    cands.push(cand);
    return cand;
  }

  function walk(node, owner, parentCursor) {
    for (let c = node.firstChild; c; c = c.nextSibling) visit(c, owner, parentCursor);
  }

  function visit(node, owner, parentCursor) {
    if (node.nodeType === 3) {
      texts.push(node.data.trim() ? { node, owner } : ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node;
    if (SKIP.has(el.tagName)) return;
    if (el.getAttribute('aria-hidden') === 'true' || el.hasAttribute('inert')) return;
    const style = getComputedStyle(el);
    if (style.display === 'none') {
      if (isCheckable(el)) consider(el, style, owner, 'strong');
      return;
    }
    if (style.opacity === '0' && !isCheckable(el)) return;
    const kind = kindOf(el, style, parentCursor, owner);
    const cand = kind ? consider(el, style, owner, kind) : null;
    // a picture's description is part of the page's text (food labels, icons with alt text)
    if (el.tagName === 'IMG' && collapse(el.alt)) texts.push({ node: el, owner: cand || owner });
    if (OPAQUE.has(el.tagName)) return;
    const sep = separator(style.display);
    if (sep) texts.push(sep);
    const inner = cand || owner;
    if (el.shadowRoot) walk(el.shadowRoot, inner, style.cursor);
    walk(el, inner, style.cursor);
    if (sep) texts.push(sep);
  }

  // What separates an element's text from its neighbours' in the text excerpt.
  function separator(display) {
    if (display === 'inline' || display === 'contents') return '';
    if (display === 'table-cell') return ' | ';
    return display.startsWith('inline') ? ' ' : '\n';
  }

  if (document.body) visit(document.body, null, 'auto');
  // A clickable wrapper around other clickable things (a menu, a toolbar) is listed as its parts.
  for (const c of cands) if (c.owner && c.owner.kind === 'weak') c.owner.dropped = true;
  const kept = cands.filter((c) => !c.dropped);

  // ---- 2. describe the elements in view, within the element budget -------------------------
  const consumed = new Set();  // labels and label-like text nodes already shown as a name
  const usedCache = new Map();
  const usedAsName = (el) => {
    if (!el) return false;
    let used = usedCache.get(el);
    if (used === undefined) {
      used = consumed.has(el) || usedAsName(el.parentElement);
      usedCache.set(el, used);
    }
    return used;
  };

  function textOf(node, skip) {
    let out = '';
    const add = (n) => {
      for (let c = n.firstChild; c && out.length < 300; c = c.nextSibling) {
        if (c.nodeType === 3) { out += c.data; continue; }
        if (c.nodeType !== 1 || c === skip) continue;
        const tag = c.tagName;
        if (SKIP.has(tag) || OPAQUE.has(tag) || tag === 'INPUT') continue;
        if (c.getAttribute('aria-hidden') === 'true') continue;
        if (tag === 'IMG') { out += ' ' + (c.getAttribute('alt') || '') + ' '; continue; }
        if (tag === 'SLOT') {
          for (const a of c.assignedNodes({ flatten: true })) {
            out += a.nodeType === 3 ? a.data : ' ' + textOf(a, skip) + ' ';
          }
          continue;
        }
        if (getComputedStyle(c).display === 'none') continue;
        out += ' ';
        add(c.shadowRoot || c);
        out += ' ';
      }
    };
    add(node.shadowRoot || node);
    return collapse(out);
  }

  function rendered(el) {
    return !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility === 'visible';
  }

  // The nearest short text before (or after) a control that has no label: MiniWoB and many
  // hand-written forms label inputs with plain text. Another control in between means the text
  // belongs to that one.
  function nearbyText(el, backwards) {
    const root = el.getRootNode() === document ? document.body : el.getRootNode();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    walker.currentNode = el;
    for (let i = 0; i < 40; i++) {
      const n = backwards ? walker.previousNode() : walker.nextNode();
      if (!n) return '';
      if (n.nodeType === 1) {
        if (n !== el && !n.contains(el) && !el.contains(n) && n.matches(FIELD)) return '';
        continue;
      }
      const t = collapse(n.data);
      if (!t || !rendered(n.parentElement)) continue;
      const p = n.parentElement;
      if (p.closest(FIELD)) return '';
      const lab = p.closest('label');
      if (lab && lab.control && lab.control !== el) return '';
      if (t.length > 50) return '';
      consumed.add(n);
      return t;
    }
    return '';
  }

  function roleOf(el) {
    const role = (el.getAttribute('role') || '').trim().split(/\s+/)[0];
    if (ROLES.has(role)) return role;
    const tag = el.tagName;
    if (tag === 'A') return 'link';
    if (tag === 'BUTTON' || tag === 'SUMMARY') return 'button';
    if (tag === 'SELECT') return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
    if (tag === 'TEXTAREA') return 'textbox';
    if (tag === 'INPUT') {
      const type = el.type;
      if (type === 'checkbox' || type === 'radio') return type;
      if (BUTTON_TYPES.has(type)) return 'button';
      if (type === 'range') return 'slider';
      if (type === 'file' || type === 'color') return type;
      return 'textbox';
    }
    if (el.isContentEditable) return 'textbox';
    return tag.toLowerCase();
  }

  const isField = (el) => el.tagName === 'INPUT' || el.tagName === 'SELECT' ||
    el.tagName === 'TEXTAREA';

  function nameOf(el, cand) {
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean);
    const root = el.getRootNode();
    let name = ids.map((id) => {
      const ref = root.getElementById ? root.getElementById(id) : document.getElementById(id);
      if (ref) consumed.add(ref);
      return ref ? textOf(ref, el) : '';
    }).join(' ');
    name = collapse(name) || collapse(el.getAttribute('aria-label'));
    if (!name && isField(el) && el.labels && el.labels.length) {
      name = collapse(Array.from(el.labels).map((l) => { consumed.add(l); return textOf(l, el); })
        .join(' '));
    }
    if (!name && el.tagName === 'INPUT' && BUTTON_TYPES.has(el.type)) {
      name = collapse(el.type === 'image' ? el.alt : el.value) ||
        (el.type === 'submit' ? 'Submit' : '');
    }
    if (!name && !isField(el) && !el.isContentEditable) {
      const own = textOf(el, null);
      cand.covers = own.length <= opt.nameChars;  // the name shows all of its text
      name = own;
    }
    name = name || collapse(el.getAttribute('placeholder') || el.getAttribute('title') ||
      el.getAttribute('alt'));
    if (!name && el.tagName === 'A') name = collapse(el.getAttribute('href'));
    if (!name && (isField(el) || el.isContentEditable)) {
      name = isCheckable(el) ? nearbyText(el, false) || nearbyText(el, true)
        : nearbyText(el, true);
    }
    if (!name) name = hintOf(el);
    // "From:" and "Email *" read the same without the punctuation, for fewer tokens
    return cut(name.replace(/\s*[:*]+$/, '') || name, opt.nameChars);
  }

  // A nameless icon is still told apart by a readable id or class ("#open-menu", ".reply");
  // generated ones (css-1x2y3z, long hashes) say nothing and are skipped.
  function hintOf(el) {
    const readable = (s) => /^[a-zA-Z][\w-]{1,24}$/.test(s) && !/\d{3}|[a-z]\d[a-z]\d/.test(s);
    for (let node = el, depth = 0; node && depth < 3; node = node.firstElementChild, depth++) {
      if (node.id && readable(node.id)) return '#' + node.id;
      const cls = Array.from(node.classList).find(readable);
      if (cls) return '.' + cls;
    }
    return '';
  }

  function valueOf(el) {
    const tag = el.tagName;
    let v = null;
    if (tag === 'SELECT') {
      v = Array.from(el.selectedOptions).map((o) => collapse(o.label || o.text)).join(', ');
    } else if (tag === 'TEXTAREA') {
      v = el.value;
    } else if (tag === 'INPUT') {
      if (isCheckable(el) || BUTTON_TYPES.has(el.type)) return null;
      if (el.type === 'password') return el.value ? '***' : null;
      v = el.type === 'file' ? Array.from(el.files || []).map((f) => f.name).join(', ') : el.value;
    } else if (el.isContentEditable) {
      v = el.innerText;
    } else if (el.hasAttribute('aria-valuetext') || el.hasAttribute('aria-valuenow')) {
      v = el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow');
    }
    v = collapse(v);
    return v ? cut(v, opt.valueChars) : null;
  }

  let active = document.activeElement;
  while (active && active.shadowRoot && active.shadowRoot.activeElement) {
    active = active.shadowRoot.activeElement;
  }
  // A focused menu, listbox or grid keeps the focus itself and points at its current item
  // (keyboard navigation moves that item): show the item as focused too.
  const activeId = active && active.getAttribute('aria-activedescendant');
  const activeItem = activeId ? active.getRootNode().getElementById(activeId) : null;

  function statesOf(el) {
    const s = [];
    const aria = (name) => el.getAttribute('aria-' + name);
    if (el.tagName === 'INPUT' && el.type !== 'text' && roleOf(el) === 'textbox') s.push(el.type);
    // a text area takes several lines (and Enter types a newline instead of submitting)
    if (el.tagName === 'TEXTAREA' || aria('multiline') === 'true') s.push('multiline');
    const checked = isCheckable(el) ? String(el.checked) : aria('checked');
    if (checked === 'true') s.push('checked');
    else if (checked === 'mixed') s.push('mixed');
    if (aria('selected') === 'true') s.push('selected');
    if (aria('pressed') === 'true') s.push('pressed');
    let expanded = aria('expanded');
    if (el.tagName === 'SUMMARY') expanded = String(el.parentElement.open);
    if (expanded === 'true') s.push('expanded');
    else if (expanded === 'false') s.push('collapsed');
    if (el.matches(':disabled') || aria('disabled') === 'true') s.push('disabled');
    if (el.readOnly || aria('readonly') === 'true') s.push('readonly');
    if (el.required || aria('required') === 'true') s.push('required');
    if (el === active || el === activeItem) s.push('focused');
    // a long text box shows only its start as the value: say how far it is scrolled
    const overflow = el.scrollHeight - el.clientHeight;
    if (el.tagName === 'TEXTAREA' && overflow > 1) {
      s.push(`scrolled ${Math.round((100 * el.scrollTop) / overflow)}%`);
    }
    return s;
  }

  function optionsOf(el) {
    if (el.tagName !== 'SELECT') return [];
    const all = Array.from(el.options).map((o) => cut(collapse(o.label || o.text), 40));
    if (all.length <= opt.maxOptions) return all;
    return all.slice(0, opt.maxOptions).concat([`+${all.length - opt.maxOptions} more`]);
  }

  const inView = kept.filter((c) => c.inView);
  const listed = inView.slice(0, opt.maxElements);
  for (const c of listed) c.listed = true;
  // labels of controls left out by the budget would only add stray words to the text
  for (const c of inView.slice(opt.maxElements)) {
    if (isField(c.el) && c.el.labels) for (const l of c.el.labels) consumed.add(l);
  }
  const elements = listed.map((c) => ({
    role: roleOf(c.el),
    name: nameOf(c.el, c),
    value: valueOf(c.el),
    states: statesOf(c.el),
    options: optionsOf(c.el),
  }));
  window.__openlam = { generation: opt.generation, els: listed.map((c) => c.target),
    points: listed.map((c) => c.point) };

  // ---- 3. visible text not already shown as an element name --------------------------------
  // text inside an element already named in full, or inside one out of view (scrolled away
  // in its container, covered) is left out
  const skipText = (c) => {
    for (; c; c = c.owner) if (!c.dropped && (!c.listed || c.covers)) return true;
    return false;
  };
  const visibleCache = new Map();
  const visible = (el) => {
    let v = visibleCache.get(el);
    if (v === undefined) {
      v = el.checkVisibility({ checkVisibilityCSS: true }) && intersects(rectOf(el));
      visibleCache.set(el, v);
    }
    return v;
  };
  let out = '';
  for (const t of texts) {
    if (out.length > opt.textChars * 2) break;
    if (typeof t === 'string') { out += t; continue; }
    const image = t.node.nodeType === 1;
    const parent = image ? t.node : t.node.parentElement;
    if (!parent || consumed.has(t.node) || usedAsName(parent)) continue;
    if (skipText(t.owner) || !visible(parent)) continue;
    out += image ? ` ${collapse(t.node.alt)} ` : t.node.data;
  }
  const lines = out.split('\n')
    .map((l) => collapse(l).replace(/^(\| )+|( \|)+$/g, '').replace(/( \|)+ /g, ' | '))
    .filter((l) => l && l !== '|');
  let text = lines.join('\n');
  if (text.length > opt.textChars) {
    text = text.slice(0, opt.textChars).replace(/\s+\S*$/, '') + ' …';
  }
  // One JSON string crosses the driver boundary several times faster than a nested object.
  return JSON.stringify({
    url: location.href,
    title: collapse(document.title),
    elements,
    offscreen: kept.length - inView.length,
    omitted: inView.length - listed.length,
    text,
  });
}

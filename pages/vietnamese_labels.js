// Streamlit's English labels and sizes, mended into Vietnamese as they are drawn (pages/vietnamese_labels.py
// fills in its config and says what is mended and why). Installed once per page: the element holding it is drawn
// again on every run. Only text is set (an attribute, a text node's data), never HTML.
(() => {
  const body = document.body;
  if (body.dataset.kdclLabels) return;
  body.dataset.kdclLabels = "on";
  const config = __KDCL_CONFIG__;
  const patterns = config.patterns.map(([scope, re, to]) => [scope, new RegExp(re, "s"), to]);
  const uploadErrors = config.upload_errors.map(([re, to]) => [new RegExp(re, "s"), to]);
  const watched = [...config.attributes.map((name) => `[${name}]`), ...Object.keys(config.texts)].join(",");
  const months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"];
  const own = (table, text) => (Object.hasOwn(table, text) ? table[text] : text);  // never "toString"'s
  const sizeRe = new RegExp(config.size[0]);
  const sized = (text) => text.replace(sizeRe, config.size[1]);  // "3.0KB" -> "3,0 KB"

  function label(el, text) {
    if (el.matches(config.chip)) return sized(text);
    if (el.matches(config.named)) return text;
    if (own(config.words, text) !== text) return config.words[text];
    for (const [scope, re, to] of patterns) if (el.closest(scope) && re.test(text)) return text.replace(re, to);
    return text;
  }

  function title(el, text) {  // a name, but for Streamlit's own one
    return el.matches(config.named) ? text : own(config.titles, text);
  }

  function mendAttributes(el) {
    for (const name of config.attributes) {
      const was = el.getAttribute(name);
      if (!was) continue;
      const now = name === "title" ? title(el, was) : label(el, was);
      if (now !== was) el.setAttribute(name, now);
    }
  }

  function selectedDate(text) {  // react-aria's "Selected Date: December 02, 2026"
    const found = /^Selected Date: (\w+) (\d{1,2}), (\d{4})$/.exec(text);
    const month = found ? months.indexOf(found[1]) + 1 : 0;
    return month ? `Ngày đã chọn: ${found[2].padStart(2, "0")}/${String(month).padStart(2, "0")}/${found[3]}` : text;
  }

  function chipText(text) {  // a file's size, or why the browser refused it
    if (sized(text) !== text) return sized(text);
    const refusal = uploadErrors.find(([re]) => re.test(text));
    return refusal ? text.replace(refusal[0], refusal[1]) : text;
  }

  function said(kind, text) {
    if (kind === "chip") return chipText(text);
    if (kind === "date") return selectedDate(text);
    return own(config.words, text);
  }

  function mendText(el) {
    // the element's whole text, held in text nodes only ("Error: " and its message are two): an element with
    // other elements inside (a sentence with a bold word) is never changed in part
    const selector = Object.keys(config.texts).find((s) => el.matches(s));
    const nodes = [...el.childNodes];
    if (!selector || !nodes.length || nodes.some((node) => node.nodeType !== Node.TEXT_NODE)) return;
    const whole = el.textContent, was = whole.trim(), now = said(config.texts[selector], was);
    if (!was || now === was) return;
    const at = whole.indexOf(was);
    nodes.forEach((node, i) => { node.data = i ? "" : whole.slice(0, at) + now + whole.slice(at + was.length); });
  }

  const mend = (el) => { mendAttributes(el); mendText(el); };
  const mendTree = (root) => {
    if (!(root instanceof Element)) return;
    mend(root);
    root.querySelectorAll(watched).forEach(mend);
  };
  // What is set is never one of the English words or patterns again (tests/test_vietnamese_labels.py), so a
  // change the observer makes is seen once and left. (Other code that wrote English back on every change
  // would fight it for ever; React writes a label only when its own value changes.)
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "attributes") mend(change.target);
      else if (change.type === "characterData") mendTree(change.target.parentElement);
      else {
        change.addedNodes.forEach(mendTree);
        if (change.target instanceof Element) mendText(change.target);
      }
    }
  }).observe(body, {subtree: true, childList: true, characterData: true, attributes: true,
                    attributeFilter: config.attributes});
  mendTree(body);
})();

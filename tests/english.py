"""What a browser test reads as English on a page of ours: the words Streamlit and plotly.js would paint
(ENGLISH, on the screen, in style sheets' `::before`/`::after`, in placeholders) and the labels Streamlit
gives screen readers (LABELS, in `aria-label`, `title`, `alt` of every element not hidden by
`display: none`), with its file sizes ("3.0KB")."""
from __future__ import annotations

import re

ENGLISH = ("Browse files", "Drag and drop", "Choose options", "Choose an option", "No results", "Page not found",
           "Running", "Upload", "per file", "Download", "Zoom", "Autoscale", "Reset axes", "Pan", "Fullscreen",
           "Select all", "You can only select", "or smaller", "Image download", "Produced with",
           "Show/hide columns", "Search", "Sort ascending", "Sort descending", "Statistics", "Autosize",
           "Pin column", "Unpin column", "Hide column", "Format", "January", "February", "March", "April", "June", "July", "August",
           "September", "October", "November", "December")
_ENGLISH = re.compile(r"\b(" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")
# Streamlit's English labels for screen readers (written down from what its frontend drew on our pages)
LABELS = ("Collapse sidebar", "Expand sidebar", "Sidebar", "App pages", "Main menu", "Running", "Show/hide columns",
          "Search", "Fullscreen", "Clear selection", "Choose date", "Help", "Help for", "Link to heading", "Open",
          "Close", "Clear value", "Clear all", "Selected values", "Next", "Previous", "Next month", "Previous month",
          "Remove", "Cancel upload", "Add files", "progress", "Increment", "Decrement", "Dataframe column menu",
          "Copy column name", "Pagination", "Clear date", "Clear dates", "file upload", "Selected Date",
          "Use arrow keys", "Click to retry")
_ENGLISH_LABEL = re.compile(r"^(" + "|".join(re.escape(word) for word in LABELS) + r")\b|\d\.\d(KB|MB|B)\b")
# Painted text: a text node whose element has a size and is not hidden; then what style sheets draw.
SHOWN = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement, text = node.textContent.trim();
    if (!text || !el) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.fontSize) > 0 && style.visibility !== 'hidden' && el.getClientRects().length) out.push(text);
  }
  for (const el of document.querySelectorAll('*')) {
    for (const part of ['::before', '::after']) {
      const content = getComputedStyle(el, part).content;
      if (content && content.startsWith('"')) out.push(content);
    }
    if (el.placeholder) out.push(el.placeholder);
  }
  return out;
}"""
# What a screen reader reads of an element shown: its labels, and the text of what it says describes it
# (aria-describedby points to a hidden element: "Selected Date: December 02, 2026").
_READ_ALOUD = """() => [...document.querySelectorAll('[aria-label],[title],[alt],[aria-describedby]')]
  .filter(el => el.checkVisibility())
  .flatMap(el => [...['aria-label', 'title', 'alt'].map(name => el.getAttribute(name)),
                  ...(el.getAttribute('aria-describedby') || '').split(' ').map(id => document.getElementById(id)?.textContent)])
  .filter(Boolean)"""


def english_on(page) -> list[str]:
    """English words painted on the screen, and English labels a screen reader would read."""
    return sorted({text for text in page.evaluate(SHOWN) if _ENGLISH.search(text)} |
                  {label for label in page.evaluate(_READ_ALOUD) if _ENGLISH_LABEL.search(label)})

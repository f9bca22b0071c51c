"""MkDocs hook: notebook pages get the same headings as the Markdown pages.

mkdocs-jupyter renders a notebook with nbconvert, whose headings end in
`<a class="anchor-link">¶</a>`, and builds the page's table of contents from a
separate Markdown conversion that drops inline code from a heading's name and
so gives it another id ("Every method, with" linking to #every-method-with).
For every notebook page, this hook:

- turns nbconvert's anchor links into Material's own permalinks (class
  "headerlink"), which the search index leaves out of section titles, so search
  never offers "lifespan¶";
- rebuilds the table of contents from the headings actually on the page, with
  their code and their real ids.

It is a hook, not a Markdown extension, because notebook pages never go
through Python-Markdown; it exists only for the mkdocs-jupyter plugin.
"""

import html
import re

from mkdocs.structure.toc import get_toc

HEADING = re.compile(r'<h(?P<level>[1-6]) id="(?P<id>[^"]+)">(?P<inner>.*?)</h(?P=level)>', re.S)
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="#(?P<id>[^"]+)">¶</a>')
PERMALINK = '<a class="headerlink" href="#{id}" title="Permanent link">¶</a>'


def on_page_content(content, page, config, files):
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    content = ANCHOR_LINK.sub(lambda m: PERMALINK.format(id=m["id"]), content)
    page.toc = get_toc(toc_tokens(content))
    return content


def toc_tokens(content: str) -> list[dict]:
    """Nested table-of-contents tokens for the h2-h6 headings of a page, in order.

    The h1 is the page's title and stays out, as on the Markdown pages.
    """
    root: list[dict] = []
    stack: list[dict] = []
    for match in HEADING.finditer(content):
        level = int(match["level"])
        if level == 1:
            continue
        inner = re.sub(r'<a class="headerlink".*?</a>', "", match["inner"], flags=re.S)
        token = {
            "level": level,
            "id": match["id"],
            "name": inner.strip(),  # keeps <code>: Material renders the name as HTML
            "html": inner.strip(),
            "data-toc-label": html.unescape(re.sub(r"<[^>]+>", "", inner)).strip(),
            "children": [],
        }
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root

"""The allowlist HTML policy for contributed content, and the Markdown it is rendered with.

Articles come from pull requests, so their rendered HTML is untrusted. `sanitize_html` keeps
only what the handbook's Markdown extensions legitimately emit (headings, lists, tables,
highlighted code, admonitions, details, footnotes, abbreviations, keys, math, Mermaid
blocks, headerlinks) and drops everything else: no `style`, no `on...` handlers, no
`<script>`, `<style>`, `<base>`, `<meta>`, `<form>`, `<iframe>`, `<object>`, `<embed>`,
`<svg>`; links only to http(s), mailto, relative and `#` URLs; images only from the site
itself. It is a pure function with no MkDocs import, so any site generator can call it; the
MkDocs hook applies it to every generated page, and `--check` (validate.py) uses the same
policy to reject at `path:line` what would be stripped.
"""
from __future__ import annotations

import re

import markdown
import nh3
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor

# What Python-Markdown + pymdownx emit for the handbook's extensions (mkdocs.yml), plus the
# extensions other branches add (tabs, task lists, math, Mermaid's <pre class="mermaid">).
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "input", "ins", "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
# Removed together with their content: their text is code or markup, never prose.
CONTENT_DROPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
                                  "textarea", "select", "title", "noembed", "noframes", "xmp"})
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir"})
TAG_ATTRIBUTES = {
    "a": {"href", "name"},
    "abbr": set(),
    "details": {"open"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name"},  # task lists and tabs; type is filtered below
    "label": {"for"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "p": {"data-search-exclude"},  # the engine's "Related:" line stays out of the search index
    "span": {"data-search-exclude"},
    "code": {"data-lang"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
INPUT_TYPES = frozenset({"checkbox", "radio"})

# The theme's own layout classes (md-header, md-search__overlay ...) position elements over
# the page; content has no business wearing them.
THEME_CLASS = re.compile(r"^md-")
# Material's own element ids start with "__" (__drawer, __search, __palette_0); content may
# not clobber them, except the prefixes the extensions use for code lines and tabs.
RESERVED_ID = re.compile(r"^__(?!codelineno-|tabbed_|code_)")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# What a browser drops from a URL before reading its scheme (WHATWG URL parsing).
URL_NOISE = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str:
    """The scheme a browser would read from `url` ("" for a relative URL), lowercased."""
    cleaned = URL_NOISE.sub("", url).lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    match = SCHEME.match(cleaned)
    return match.group(1).lower() if match else ""


def is_site_url(url: str) -> bool:
    """A relative URL on this site: no scheme and no `//host` (protocol-relative) prefix."""
    cleaned = URL_NOISE.sub("", url).strip()
    return not url_scheme(cleaned) and not cleaned.replace("\\", "/").startswith("//")


def allowed_url(tag: str, attribute: str, value: str) -> bool:
    if tag == "img" and attribute == "src":
        return is_site_url(value)  # no tracking pixels or third-party requests
    scheme = url_scheme(value)
    return not scheme or scheme in URL_SCHEMES


def filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Second pass over every attribute nh3 kept: value rules the allowlist cannot express."""
    if attribute in URL_ATTRIBUTES:
        return value if allowed_url(tag, attribute, value) else None
    if attribute == "class":
        kept = [c for c in value.split() if not THEME_CLASS.match(c)]
        return " ".join(kept) if kept else None
    if attribute in ("id", "for", "name") and RESERVED_ID.match(value):
        return None
    if tag == "input" and attribute == "type":
        return value if value.lower() in INPUT_TYPES else None
    return value


def _attributes() -> dict[str, set[str]]:
    out = {tag: set(attrs) for tag, attrs in TAG_ATTRIBUTES.items()}
    out["*"] = set(GLOBAL_ATTRIBUTES)
    return out


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(CONTENT_DROPPED_TAGS),
    attributes=_attributes(),
    attribute_filter=filter_attribute,
    strip_comments=True,
    link_rel=None,  # links keep their markup as written; nothing opens in a new window (no target)
    url_schemes=set(URL_SCHEMES),
)


def sanitize_html(html: str) -> str:
    """Contributed HTML reduced to the allowlist above; safe to place in any page."""
    return _CLEANER.clean(html)


# The Markdown extensions of mkdocs.yml that can change the HTML an article produces, so
# that `--check` renders an answer the way the site does. Left out: pymdownx.snippets
# (articles may not include files at all). pymdownx.emoji is configured apart: on the site
# its Material generator emits inline <svg>, which the policy drops, so for the check every
# shortcode becomes an EMOJI_TAG element that validate.py reports.
EMOJI_TAG = "hb-emoji-shortcode"
MARKDOWN_EXTENSIONS = [
    "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight", "pymdownx.inlinehilite", "pymdownx.keys",
    "pymdownx.emoji",
]


def _emoji_marker(index, shortname, alias, uc, alt, title, category, options, md):  # noqa: ARG001 - pymdownx's signature
    from xml.etree import ElementTree

    element = ElementTree.Element(EMOJI_TAG)
    element.set("title", shortname)
    return element


MARKDOWN_CONFIG = {
    "toc": {"permalink": True},
    "pymdownx.highlight": {"anchor_linenums": True},
    "pymdownx.emoji": {"emoji_generator": _emoji_marker},
}


# For the check: attr_list marks each element an attribute list ({: ...}) touched, so that
# validate.py can reject attribute lists in article text (the engine's own pages use them;
# articles have no need to, and they reach every attribute of an element).
ATTR_LIST_MARK = "data-hb-attribute-list"


class _MarkingAttrList(AttrListTreeprocessor):
    def assign_attrs(self, elem, attrs_string, *, strict=False):  # noqa: ANN001 - Python-Markdown's signature
        elem.set(ATTR_LIST_MARK, attrs_string.strip())
        return super().assign_attrs(elem, attrs_string, strict=strict)


class _MarkingAttrListExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        md.treeprocessors.register(_MarkingAttrList(md), "attr_list", 8)
        md.registerExtension(self)


def markdown_renderer(mark_attribute_lists: bool = False) -> markdown.Markdown:
    """A Markdown converter configured like the site; reuse it with `.reset()` (building is slow).
    `mark_attribute_lists` is for the check (see ATTR_LIST_MARK)."""
    extensions: list = list(MARKDOWN_EXTENSIONS)
    if mark_attribute_lists:
        extensions[extensions.index("attr_list")] = _MarkingAttrListExtension()
    return markdown.Markdown(extensions=extensions, extension_configs=MARKDOWN_CONFIG)

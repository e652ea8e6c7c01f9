"""The one table that maps our block kinds to Word style names.

Every style the Word layer uses is named here and nowhere else, so a user's reference document
(``--template``) can restyle everything by defining these names, and a template check can ask
for exactly :data:`REQUIRED_STYLES`.
"""

from __future__ import annotations

from docx.enum.text import WD_COLOR_INDEX

from toolkit import markdown

# Block kinds → paragraph / table / character style names (Word's built-in English names).
STYLES: dict[str, str] = {
    "title": "Title",  # "# text"
    "heading1": "Heading 1",  # "## text"
    "heading2": "Heading 2",  # "### text"
    "heading3": "Heading 3",  # "#### text" (and deeper, clamped with a warning)
    "paragraph": "Normal",
    "bullet1": "List Bullet",
    "bullet2": "List Bullet 2",
    "bullet3": "List Bullet 3",
    "number1": "List Number",
    "number2": "List Number 2",
    "number3": "List Number 3",
    "continue1": "List Continue",  # a list item's second and later paragraphs
    "continue2": "List Continue 2",
    "continue3": "List Continue 3",
    "quote": "Quote",
    "table": "Table Grid",
    "hyperlink": "Hyperlink",  # character style
    "footer": "Footer",
    # python-docx's add_comment() refers to these by styleId (CommentReference, CommentText).
    "comment_reference": "annotation reference",
    "comment_text": "annotation text",
}

# Markdown heading level (1 = "#") → block kind.
HEADING_KINDS: dict[int, str] = {1: "title", 2: "heading1", 3: "heading2", 4: "heading3"}

# Deepest list level we style and number; deeper Markdown lists are clamped to it.
MAX_LIST_DEPTH = markdown.MAX_LIST_DEPTH

PLACEHOLDER_HIGHLIGHT = WD_COLOR_INDEX.YELLOW

# Styles that only support the page (footer), links or Word comments: copied into a user's
# template when missing, without a warning (most Word files define them only once used).
SUPPORT_STYLES: frozenset[str] = frozenset(
    {
        STYLES["footer"],
        STYLES["comment_reference"],
        STYLES["comment_text"],
        STYLES["hyperlink"],  # Word defines it only once a document has a link
    }
)
# Styles the builder writes content in: a template should define them all.
REQUIRED_STYLES: frozenset[str] = frozenset(STYLES.values()) - SUPPORT_STYLES


def list_kind(ordered: bool, depth: int) -> str:
    """Return the block kind for a list paragraph at ``depth`` (1-based, already clamped)."""
    return f"{'number' if ordered else 'bullet'}{depth}"


def continue_kind(depth: int) -> str:
    """Return the block kind for a follow-on paragraph inside a list item at ``depth``."""
    return f"continue{depth}"

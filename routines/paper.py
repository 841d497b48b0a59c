"""Which paper a printed routine (its PDF) is laid out on first: US Letter where the printing
person's browser's time zone is in a country whose usual office paper it is, A4 everywhere
else and where the zone is not known (no JavaScript, a first visit: the site's own UK default).
Plain Python, no Django: the views pass the zone's name, when known."""

from dataclasses import dataclass
from urllib.parse import urlencode

from triage.emergency import country_of

#: The `?paper=` values the PDF view takes, and the CSS page size of each.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}

#: How each paper is named on a link.
PAPER_LABELS = {"a4": "A4", "letter": "US Letter"}

#: Countries (ISO 3166, as triage.emergency.country_of reads a zone) in North America whose
#: usual office paper is US Letter, not A4: the United States (with Puerto Rico, its own row
#: in zone.tab), Canada and Mexico.
LETTER_COUNTRIES = frozenset({"US", "PR", "CA", "MX"})


@dataclass(frozen=True)
class Paper:
    """One paper size: `key` its `?paper=` value, `label` its name on a link; `zone` the zone
    the link was drawn for ("" where not known), which the PDF is then drawn in (its
    emergency number, its dates), so the label, the paper and the number are one reading of
    the zone: a stale cookie (New York, opened in Auckland) gave a "US Letter" link whose
    PDF, read with the cookie JS had just set, said "Call 111 (New Zealand)"."""

    key: str
    label: str
    zone: str = ""

    @property
    def query(self) -> str:
        """The PDF link's query string: ``paper=letter&zone=America%2FNew_York``."""
        return urlencode({"paper": self.key, "zone": self.zone})


def paper_for_zone(zone: str | None) -> str:
    """The `?paper=` value for someone whose browser reports `zone` (an IANA name; None when
    not known): "letter" in LETTER_COUNTRIES, else "a4"."""
    return "letter" if zone and country_of(zone) in LETTER_COUNTRIES else "a4"


def papers_for_zone(zone: str | None) -> tuple[Paper, ...]:
    """Both paper sizes, the zone's own (:func:`paper_for_zone`) first, each with `zone` for
    its link (Paper.query)."""
    first = paper_for_zone(zone)
    keys = [first, *(key for key in PAPER_SIZES if key != first)]
    return tuple(Paper(key, PAPER_LABELS[key], zone or "") for key in keys)

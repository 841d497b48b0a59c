"""Which emergency numbers to offer someone, from the time zone their browser reports. Plain
Python, no Django: the views pass the zone's name and the configured number
(settings.EMERGENCY_NUMBER).

A zone is not a place (a laptop can keep its home clock abroad), so the configured number and
112 stay on offer, after the zone's own, and every emergency message also says "or your local
emergency number" (the templates). Only countries whose numbers are cited below get a number of
their own; any other zone, or none, gets the configured number and 112.

Zone to country: the IANA time zone database's zone.tab (one country per zone, kept for
backward compatibility, so Europe/Amsterdam is still NL although its rules now live under
Europe/Brussels), read from the `tzdata` package (a dependency, the same data on every
machine), else from the system's zoneinfo directory; a zone name that is a link (US/Eastern,
Asia/Calcutta, as some browsers still report) is followed to the zone it names (tzdata.zi's
"L" lines)."""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

#: Numbers by ISO 3166 country code, first the one to call first. Each row cites its source.
#: The European Union's 27 members: 112, the single European emergency number, answered in
#: every member state, free of charge (Directive (EU) 2018/1972, the European Electronic
#: Communications Code, Article 109; the European Commission's "112 Day" release, 2020, seen
#: as republished by Public Affairs Bruxelles).
EU_MEMBERS = frozenset(
    {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"}
    | {"IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}
)
NUMBERS_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    **{country: ("112",) for country in EU_MEMBERS},
    # Each row's number was checked (November 2026) against stored copies of the pages cited;
    # where only a secondary source (a newspaper, a travel guide) was found, the row says so.
    # United Kingdom: 999 and 112, answered by the same call centres (GOV.UK, "999 and 112: the
    # UK's national emergency numbers", seen as republished by GovWire, 2023:
    # https://www.gov.uk/guidance/999-and-112-the-uks-national-emergency-numbers).
    "GB": ("999", "112"),
    # Ireland, an EU member: 112 and 999, both answered by the Emergency Call Answering Service
    # (Communications Regulation (Amendment) Act 2007, Part 2; National Ambulance Service,
    # "When and how to call 999/112":
    # http://nationalambulanceservice.ie/Calling-999-112/When-to-call-999-112/).
    "IE": ("112", "999"),
    # United States: 911, which the 911 Act of 1999 directs the FCC to make the universal
    # emergency number (FCC, "9-1-1 and E9-1-1 Services":
    # http://www.fcc.gov/encyclopedia/9-1-1-and-e9-1-1-services).
    "US": ("911",),
    # Canada: 911 (CRTC, Telecom Regulatory Policy CRTC 2014-342, "9-1-1 action plan":
    # https://crtc.gc.ca/eng/archive/2014/2014-342.htm).
    "CA": ("911",),
    # Australia: Triple Zero, 000, for police, fire or ambulance (Emergency Services
    # Telecommunications Authority, Victoria, "Triple zero process":
    # https://www.esta.vic.gov.au/000-process).
    "AU": ("000",),
    # New Zealand: 111, then ask for an ambulance (New Zealand Government, "111 emergency
    # service"; New Zealand Police, "Calling emergency 111":
    # https://www.govt.nz/browse/crime-and-justice/crimes-and-emergencies/111-emergency-service/).
    "NZ": ("111",),
    # Singapore: 995 for an emergency ambulance or a fire engine; 999 there is the police's
    # (Singapore Civil Defence Force, "SCDF Emergency Medical Services":
    # https://www.scdf.gov.sg/home/about-us/information-on-ems/scdf-emergency-medical-services).
    "SG": ("995",),
    # Where a country has one number for an ambulance and another for the police, the
    # ambulance's comes first (the police's is not offered).
    # Japan: 119 for an ambulance or a fire, 110 the police (Odate City, "Making an emergency
    # call": https://www.city.odate.lg.jp/city/foreign-language/english/emergency-call).
    "JP": ("119",),
    # South Korea: 119 for a medical emergency, a fire or a rescue, 112 the police (Jeollanam-do,
    # "Emergency Medical Care for Foreigners", and the guidebook "Safe Travel in Korea":
    # http://www.jnmeditour.or.kr/?doc=eng/content.php&co_id=eng20403020).
    "KR": ("119",),
    # Taiwan: 119 for an ambulance or a fire, 110 the police (GOV.UK foreign travel advice,
    # Taiwan: https://www.gov.uk/foreign-travel-advice/taiwan; National Fire Agency, Ministry of
    # the Interior, "Reporting a case to 119": https://www.nfa.gov.tw/eng/).
    "TW": ("119",),
    # China: 120 for an ambulance, 110 the police, 119 fire (GOV.UK foreign travel advice,
    # China, "Health": https://www.gov.uk/foreign-travel-advice/china/health).
    "CN": ("120",),
    # Hong Kong: 999 for police, fire and ambulance (Fire Services Department, "How to call an
    # ambulance": http://www.hkfsd.gov.hk/eng/source/safety/uambu.htm).
    "HK": ("999",),
    # India: 112, the Emergency Response Support System, for police, fire or health (Vikaspedia,
    # a Government of India portal, "Emergency Response Support System":
    # https://en.vikaspedia.in/social-welfare/women-and-child-development/emergency-response-support-system).
    # 108, many states' ambulance line, is not offered.
    "IN": ("112",),
    # Indonesia: 119 for a medical emergency (the Ministry of Health's launch, reported by Tempo:
    # https://en.tempo.co/read/784833/health-ministry-launches-emergency-service-119), 112 the
    # single emergency line, in 141 regencies and cities in 2025 (the Ministry of Communication
    # and Digital, reported by Antara:
    # https://jabar.antaranews.com/berita/591741/layanan-panggilan-darurat-112-siaga-selama-libur-lebaran-2025).
    "ID": ("119", "112"),
    # Malaysia: 999, the Malaysian Emergency Response Services (NG MERS 999), the ambulance's
    # too (the Health Minister, reported by Bernama, 22 November 2025:
    # https://web11.bernama.com/en/general/news.php?id=2493946).
    "MY": ("999",),
    # Thailand: 1669, the nationwide emergency medical number (Emergency Medical Institute of
    # Thailand, United Nations Public Service Awards case:
    # https://publicadministration.un.org/en/Research/Case-Studies/unpsacases/ctl/NominationProfile/mid/1170/id/1530).
    "TH": ("1669",),
    # Viet Nam: 115 for an ambulance, 113 the police, 114 fire (Ho Chi Minh City government,
    # "HCMC connects three emergency switchboards":
    # https://eng.hochiminhcity.gov.vn/-/hcmc-connects-three-emergency-switchboards).
    "VN": ("115",),
    # Philippines: 911, the nationwide emergency hotline, with the Bureau of Fire Protection
    # leading its emergency medical services (Executive Order No. 56, 2018, Supreme Court
    # E-Library: http://elibrary.judiciary.gov.ph/thebookshelf/showdocs/10/90588).
    "PH": ("911",),
    # United Arab Emirates: 998 for an ambulance, 999 the police (secondary: Khaleej Times,
    # "UAE: What to do during a medical emergency", 28 October 2024:
    # https://www.khaleejtimes.com/life-and-living/uae-what-to-do-during-a-medical-emergency-sos-channels-cost-process).
    "AE": ("998",),
    # Saudi Arabia: 997 for an ambulance (Saudi Red Crescent Authority, reported by Saudi
    # Gazette via Zawya, 5 October 2023:
    # https://www.zawya.com/en/life/health/saudi-red-crescent-in-jeddah-handles-11-154-emergency-cases-during-september-2023-w7ro5gvk).
    "SA": ("997",),
    # Qatar: 999 for an ambulance (Hamad Medical Corporation's Ambulance Service, "Save the
    # Ambulance Service for Medical Emergencies", 11 October 2022:
    # https://www.hamad.qa/EN/news/2022/October/Pages/HMCs-Launches-Awareness-Campaign-Asking-Public-to-%E2%80%98Save-the-Ambulance-Service-for-Medical-Emergencies.aspx).
    "QA": ("999",),
    # Israel: 101 for an ambulance (Magen David Adom), 100 the police (secondary: the Knesset
    # Health Committee's meeting, reported by Hamodia, 15 December 2021:
    # https://hamodia.com/2021/12/15/knesset-health-committee-time-to-establish-one-emergency-medical-dispatch-center/).
    "IL": ("101",),
    # Türkiye: 112, the single emergency number in all 81 provinces since June 2021 (the
    # Ministry of Interior, reported by RaillyNews:
    # https://raillynews.com/2021/10/tum-acil-numaralar-112de-toplandi/).
    "TR": ("112",),
    # Switzerland: 144 for an ambulance, 117 the police, 112 also answered (ch.ch, the Swiss
    # authorities' portal, "Road accident: what should I do?":
    # https://ch.ch/en/road-accident-what-should-i-do).
    "CH": ("144", "112"),
    # Norway: 113 for a medical emergency, 112 the police (helsenorge, the Norwegian
    # Directorate of Health's portal, "Ring 113":
    # https://www.helsenorge.no/nn/forstehjelp/ring-113/).
    "NO": ("113",),
    # Iceland: 112 for every emergency (Neydarlinan, the state's emergency line, "Calling in
    # Emergency": https://112.is/en/samtal-vid-1-1-2).
    "IS": ("112",),
    # Ukraine: 103 for an ambulance, 112 the single number taking over from 101 to 104 region
    # by region (the Interior Minister, reported by Interfax-Ukraine, 27 September 2023:
    # https://interfax.com.ua/news/general/937533.html).
    "UA": ("103", "112"),
    # South Africa: 10177 the ambulance line, 112 from a mobile phone, 10111 the police (the
    # Minister of Communications' Government Gazette proposal, reported by MyBroadband:
    # https://mybroadband.co.za/news/telecoms/568418-south-africa-could-say-goodbye-to-10111-and-other-emergency-numbers.html).
    "ZA": ("10177", "112"),
    # Egypt: 123 for an ambulance (secondary only: Columbus World Travel Guide, Egypt, "dial
    # 123 and ask for an ambulance": https://www.columbus.schmetterling.de/en/102907/_/4321;
    # Just Landed, Egypt, "Emergencies").
    "EG": ("123",),
    # Mexico: 911, the single emergency number, replacing 066, for police, fire and ambulances
    # (Secretariado Ejecutivo del Sistema Nacional de Seguridad Publica, reported by El
    # Informador, 3 October 2016:
    # http://www.informador.com.mx/mexico/2016/684934/6/el-911-entra-en-funciones-hoy-en-16-estados.htm).
    "MX": ("911",),
    # Brazil: 192 for an ambulance (SAMU 192), 190 the police, 193 fire (Ministerio da Saude,
    # "Servico de Atendimento Movel de Urgencia (SAMU 192)":
    # http://www.saude.gov.br/saude-de-a-z/servico-de-atendimento-movel-de-urgencia-samu-192).
    "BR": ("192",),
    # Colombia: 123, the national single emergency line (Funcion Publica, quoted by W Radio,
    # 25 August 2023:
    # https://wradio.com.co/2023/08/25/numero-para-llamar-a-emergencias-es-el-mismo-en-toda-colombia/).
    "CO": ("123",),
    # Chile: 131 for an ambulance (SAMU), 133 the police (secondary: SAMU Maule, reported by
    # Musica y Noticias:
    # https://www.musicaynoticias.cl/region-del-maule/provincia-talca/talca/samu-maule-llama-a-un-uso-responsable-del-131-en-fiestas-patrias).
    "CL": ("131",),
}

#: The place each country's own numbers are labelled with on their buttons and in the list for
#: an unknown zone, short enough for a button on a 390 px phone ("Call 119 (South Korea)").
#: 911 is the US's and Canada's alike; the EU's members share 112 ("Europe").
PLACE_OF_COUNTRY = {
    **{country: "Europe" for country in EU_MEMBERS},
    "GB": "UK",
    "IE": "Ireland",
    "US": "US and Canada",
    "CA": "US and Canada",
    "AU": "Australia",
    "NZ": "New Zealand",
    "SG": "Singapore",
    "JP": "Japan",
    "KR": "South Korea",
    "TW": "Taiwan",
    "CN": "China",
    "HK": "Hong Kong",
    "IN": "India",
    "ID": "Indonesia",
    "MY": "Malaysia",
    "TH": "Thailand",
    "VN": "Viet Nam",
    "PH": "Philippines",
    "AE": "UAE",
    "SA": "Saudi Arabia",
    "QA": "Qatar",
    "IL": "Israel",
    "TR": "Türkiye",
    "CH": "Switzerland",
    "NO": "Norway",
    "IS": "Iceland",
    "UA": "Ukraine",
    "ZA": "South Africa",
    "EG": "Egypt",
    "MX": "Mexico",
    "BR": "Brazil",
    "CO": "Colombia",
    "CL": "Chile",
}

#: Where a number offered outside its zone's own country's is the one to call (the configured
#: number, 112), short enough for a button on a 390 px phone ("Call 112 (Europe)").
WHERE = {
    "112": "Europe",
    "999": "UK",
    "911": "US and Canada",
    "000": "Australia",
    "111": "New Zealand",
    "995": "Singapore",
}

#: A country's name in the list for an unknown zone where its button's place is shared.
COUNTRY_NAME = {"US": "United States", "CA": "Canada", "AE": "United Arab Emirates"}

#: The EU's members' one row in that list (112 in every member state).
EU_ROW = "EU countries"

#: A place of WHERE as said in a sentence ("999 in the UK").
_IN_A_SENTENCE = {"UK": "the UK", "US and Canada": "the US and Canada"}

#: Always offered after the configured number when the zone says nothing better.
EUROPE = "112"

#: How to be seen today where the zone is known and not the UK's: NHS 111 and a GP surgery are
#: the UK's way in (and 111 is New Zealand's emergency number), so no number, only where to go.
URGENT_CARE_ELSEWHERE = (
    "Contact your doctor's practice today, or your local urgent care or out-of-hours service."
)

#: The same said after the UK's way in, where the zone is not known or is the UK's.
URGENT_CARE_OUTSIDE_UK = (
    "Outside the UK: contact a doctor's practice or your local urgent care service today."
)

#: Where an urgent-care number is the one to call, for its button ("Call 111 (UK)"): NHS 111
#: (NHS, "When to use 111", https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/
#: when-to-use-111/).
URGENT_WHERE = {"111": "UK"}

#: The UK's words for a doctor's practice and a family doctor, as said elsewhere (our own
#: action words only), longest first: "your doctor (GP)" must not become "your doctor (doctor)".
_GP_WORDS = (
    (" (GP)", ""),
    ("GP surgery", "doctor's practice"),
    ("GP practice", "doctor's practice"),
    ("GP", "doctor"),
)


#: The UK's own services as the rules' cited reasons name them (they keep the UK guidance's
#: words): NHS 111, 999, a GP (surgery) and A&E. "GPs" alone ("NICE's guidance for GPs") names
#: no one to go to.
_UK_SERVICES = re.compile(r"\b(?:NHS 111|999|GP|A&E)(?![\w&])")

#: Said before reasons that name a UK service, where the zone is known and not the UK's.
UK_REASONS_NOTE = (
    "These reasons follow UK guidance. Where one names NHS 111, 999, a GP or A&E, use your "
    "local urgent care service, emergency number, doctor or emergency department."
)

#: The same where the zone is not known (no JavaScript, a first visit): the visitor may be in
#: the UK, or not.
UK_REASONS_NOTE_IF_ABROAD = (
    "These reasons follow UK guidance. If you are not in the UK: where one names NHS 111, 999, "
    "a GP or A&E, use your local urgent care service, emergency number, doctor or emergency "
    "department."
)


def names_uk_services(text: str) -> bool:
    """Whether `text` names a UK-only service (NHS 111, 999, a GP, A&E)."""
    return _UK_SERVICES.search(text) is not None


@dataclass(frozen=True)
class Call:
    """One call button: the number, and where it is the one to call ("" when not known)."""

    number: str
    where: str

    @property
    def href(self) -> str:
        return f"tel:{self.number}"

    @property
    def said(self) -> str:
        """The number with where it is the one to call, "999 (UK)" (the bare number when that
        is not known): the one wording of a number on every surface, its button's label and
        the printed summary's and handout's lines alike."""
        return f"{self.number} ({self.where})" if self.where else self.number

    @property
    def label(self) -> str:
        """What its button says: "Call 999 (UK)"; never a bare number when where is known."""
        return f"Call {self.said}"


@dataclass(frozen=True)
class UrgentCare:
    """How to be seen today, for where the viewer is: what to do (`text`), the number's button
    (None where it is not the one to call), and what to do somewhere else ("" when `text`
    already says it)."""

    text: str
    call: Call | None
    elsewhere: str


@dataclass(frozen=True)
class EmergencyCalls:
    """The call buttons to show, the first the main one, and the country the zone was read as
    (None when it was not known or not one of NUMBERS_BY_COUNTRY's). `local_unknown`: the zone
    was known but its country has no number of ours, so the first thing to say is "Call your
    local emergency number" (no tel: link can be made for it), before the labelled buttons."""

    calls: tuple[Call, ...]
    country: str | None = None
    local_unknown: bool = False

    @property
    def first(self) -> Call:
        return self.calls[0]

    @property
    def others(self) -> tuple[Call, ...]:
        return self.calls[1:]

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(call.number for call in self.calls)

    @property
    def outside_uk(self) -> bool:
        """The zone was known and is not in the UK: "A&E" means nothing there."""
        return self.local_unknown or self.country not in (None, "GB")

    def local_words(self, text: str) -> str:
        """`text` (our own action words and headings, never a rule's cited reason) said for
        where the zone is, when it is known and not the UK's: "A&E" as "the emergency
        department", "call 999" as a call to the zone's own number (or "your local emergency
        number"), a GP as a doctor and a GP surgery as a doctor's practice, and our ", or call
        NHS 111," (a watch list's heading) left out. Where the zone is not known, "call 999" as
        "call 999 in the UK or your local emergency number"."""
        if self.zone_unknown and self.home:
            # Not known where: the configured number is said as its place's, not as theirs.
            said = f"{self.first.number} in {self.home} or your local emergency number"
            return text.replace(f"call {self.first.number}", f"call {said}").replace(
                f"Call {self.first.number}", f"Call {said}"
            )
        if not self.outside_uk:
            return text
        text = text.replace("A&E (the emergency department)", "the emergency department")
        text = text.replace("A&E", "the emergency department")
        # Our own "call 999": the first number of the zone's country, else the local one.
        local = "your local emergency number" if self.local_unknown else self.first.number
        text = text.replace("call 999", f"call {local}").replace("Call 999", f"Call {local}")
        for uk, elsewhere in _GP_WORDS:
            text = text.replace(uk, elsewhere)
        # Our own "see a doctor today, or call NHS 111,": the UK's same-day line, said only
        # there (the urgent-care block gives the zone's own numbers).
        return text.replace(", or call NHS 111,", "")

    def uk_reasons_note(self, reasons: Iterable[str]) -> str:
        """Said before the rules' `reasons` (the texts shown), which keep the UK guidance's own
        services (they are cited as written), when one of them names one: where the zone is
        known and not the UK's, UK_REASONS_NOTE; where it is not known, the visitor may be
        abroad, UK_REASONS_NOTE_IF_ABROAD; in the UK, or when no reason names a UK service,
        nothing."""
        if not (self.outside_uk or self.zone_unknown):
            return ""
        if not any(names_uk_services(text) for text in reasons):
            return ""
        return UK_REASONS_NOTE_IF_ABROAD if self.zone_unknown else UK_REASONS_NOTE

    def urgent_care(self, text: str, number: str) -> UrgentCare:
        """How to be seen today: the site's own `text` and `number` (settings: the UK's GP
        surgery and NHS 111) in the UK or where the zone is not known (then said as the UK's:
        "In the UK: ..."), with what to do outside the UK after them; where the zone is known
        and not the UK's, only URGENT_CARE_ELSEWHERE and no number to call."""
        if self.outside_uk:
            return UrgentCare(text=URGENT_CARE_ELSEWHERE, call=None, elsewhere="")
        return UrgentCare(
            # Not known where: the UK's way in is said as the UK's, not as the visitor's.
            text=f"In the UK: {text}" if self.zone_unknown else text,
            call=Call(number, URGENT_WHERE.get(number, "")),
            elsewhere=URGENT_CARE_OUTSIDE_UK,
        )

    @property
    def zone_unknown(self) -> bool:
        """No zone was known (no JavaScript, a first visit, a browser hiding its place): the
        buttons are the configured number's and 112, which may not be the visitor's."""
        return self.country is None and not self.local_unknown

    @property
    def home(self) -> str:
        """Where the configured number (the first button where the zone is not known) is the
        one to call, as said in a sentence ("the UK", "Europe"); "" when not known."""
        return _IN_A_SENTENCE.get(self.first.where, self.first.where)

    @property
    def countries_summary(self) -> str:
        """The heading of the list of every country's number (where the zone is not known)."""
        where = f"Not in {self.home}?" if self.home else "Somewhere else?"
        return f"{where} Your country's emergency number"

    @property
    def country_numbers(self) -> tuple[tuple[str, tuple[Call, ...]], ...]:
        """Where the zone is not known: every country of ours but the configured number's own
        place (its button names it), as (country, its calls) sorted by the country's name, each
        country with all its numbers ("South Africa", (10177, 112)); the EU's members as one
        row. Nothing where the zone is known (its own numbers are the first buttons)."""
        if not self.zone_unknown:
            return ()
        rows: dict[str, tuple[str, ...]] = {}
        for country, numbers in NUMBERS_BY_COUNTRY.items():
            if PLACE_OF_COUNTRY[country] == self.first.where:
                continue
            place = PLACE_OF_COUNTRY[country]
            name = COUNTRY_NAME.get(country) or (EU_ROW if place == "Europe" else place)
            rows[name] = numbers
        return tuple(
            (name, tuple(Call(number, name) for number in rows[name]))
            for name in sorted(rows, key=str.casefold)
        )

    @property
    def elsewhere(self) -> str:
        """The plain fallback said with every emergency, after the buttons (in print, in
        place of the list). Where the zone is not known: every country's numbers by
        country_numbers ("Elsewhere: Australia 000; Brazil 192; ..."), then "or your local
        emergency number". Where it is known: "your local emergency number" somewhere else;
        nothing when the first line already says it (local_unknown)."""
        if self.local_unknown:
            return ""
        if self.country_numbers:
            listed = "; ".join(
                f"{name} {', '.join(call.number for call in calls)}"
                for name, calls in self.country_numbers
            )
            return f"Elsewhere: {listed}; or your local emergency number."
        return "Somewhere else, call your local emergency number."


def emergency_calls(zone: str | None, configured: str) -> EmergencyCalls:
    """The call buttons for someone whose browser reports `zone` (an IANA name, or None when
    not known), with `configured` the site's own emergency number. A zone in a country of
    NUMBERS_BY_COUNTRY that uses a different number: that country's numbers first, then the
    configured one and 112. Otherwise (no zone, an unknown one, or a country that uses the
    configured number): the configured number, then the country's others, then 112. The
    zone's own country's numbers are labelled with its place (PLACE_OF_COUNTRY), the others
    with where they are the one to call (WHERE)."""
    country = country_of(zone) if zone else None
    local = NUMBERS_BY_COUNTRY.get(country or "", ())
    if local and configured not in local:
        order = [*local, configured, EUROPE]
    else:
        order = [configured, *local, EUROPE]
    numbers = list(dict.fromkeys(order))
    return EmergencyCalls(
        calls=tuple(Call(number, place_of(number, country, configured)) for number in numbers),
        country=country if local else None,
        # UTC and Etc/* have no country (a browser hiding its place reports UTC): not known.
        local_unknown=bool(country) and not local,
    )


def home_of(configured: str) -> str | None:
    """The country whose own number `configured` is and where WHERE places it (GB for 999);
    None when WHERE does not name one country of ours for it (112: Europe)."""
    place = WHERE.get(configured)
    return next(
        (
            country
            for country, numbers in NUMBERS_BY_COUNTRY.items()
            if configured in numbers and PLACE_OF_COUNTRY[country] == place
        ),
        None,
    )


def place_of(number: str, country: str | None, configured: str) -> str:
    """Where a call button says `number` is the one to call, for a zone in `country` (None when
    not known), `configured` the site's own number. A number of the zone's own country is
    labelled with its place ("Call 119 (Japan)"); any other with WHERE's ("Call 999 (UK)").
    The numbers offered where no zone is known (WHERE's: the configured number and 112) keep
    WHERE's label in the configured number's own country too, so one visitor reads one label
    whether their zone is known yet or not: in the UK "Call 112 (Europe)" on the checker's
    first answer (no zone) and after the log's entry (its form sends the zone) alike, never
    "Call 112 (UK)" on one of them."""
    local = NUMBERS_BY_COUNTRY.get(country or "", ())
    if number in local and not (number in WHERE and country == home_of(configured)):
        return PLACE_OF_COUNTRY[country]
    return WHERE.get(number, "")


def country_of(zone: str) -> str | None:
    """The ISO 3166 code of the country `zone` belongs to in zone.tab (following a link to its
    zone when the name itself is not listed); None when neither is listed or no table is
    installed."""
    countries, links = _zone_tables()
    for _ in range(4):  # a link names a zone; a few hops at most, never a loop
        if zone in countries:
            return countries[zone]
        if zone not in links:
            return None
        zone = links[zone]
    return None


def _table_text(name: str) -> str | None:
    """The text of the tz database file `name` (zone.tab, tzdata.zi): the tzdata package's,
    else the first zoneinfo directory's (zoneinfo.TZPATH) that has it."""
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    return None


def parse_zone_tab(text: str) -> dict[str, str]:
    """zone.tab's rows as {zone: country code}: tab-separated country code, coordinates, zone
    name (and a comment); lines starting with # are comments."""
    countries = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            countries[fields[2].strip()] = fields[0].strip()
    return countries


def parse_links(text: str) -> dict[str, str]:
    """tzdata.zi's links as {link name: the zone it names}: lines "L target name"."""
    links = {}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] == "L":
            links[fields[2]] = fields[1]
    return links


@functools.cache
def _zone_tables() -> tuple[dict[str, str], dict[str, str]]:
    zone_tab = _table_text("zone.tab")
    compiled = _table_text("tzdata.zi")
    return (
        parse_zone_tab(zone_tab) if zone_tab else {},
        parse_links(compiled) if compiled else {},
    )

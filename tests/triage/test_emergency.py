"""Which emergency numbers to offer, from the browser's time zone (triage/emergency.py): plain
Python, no database. A fresh tester in America/New_York was told to call 999 or, in Europe,
112."""

import ast
import re
from pathlib import Path

import pytest

from triage import emergency
from triage.emergency import EU_MEMBERS, NUMBERS_BY_COUNTRY, emergency_calls


@pytest.mark.parametrize(
    ("zone", "country", "numbers"),
    [
        ("America/New_York", "US", ("911", "999", "112")),
        ("America/Los_Angeles", "US", ("911", "999", "112")),
        ("America/Toronto", "CA", ("911", "999", "112")),
        ("Europe/Paris", "FR", ("112", "999")),
        ("Europe/Berlin", "DE", ("112", "999")),
        ("Australia/Sydney", "AU", ("000", "999", "112")),
        ("Pacific/Auckland", "NZ", ("111", "999", "112")),
        # The tester's Asia/Tokyo got "Call your local emergency number" and only 999 and 112.
        ("Asia/Tokyo", "JP", ("119", "999", "112")),
        ("Asia/Seoul", "KR", ("119", "999", "112")),
        ("Asia/Shanghai", "CN", ("120", "999", "112")),
        ("Asia/Hong_Kong", "HK", ("999", "112")),
        ("Asia/Kolkata", "IN", ("112", "999")),
        ("Asia/Calcutta", "IN", ("112", "999")),
        ("Africa/Johannesburg", "ZA", ("10177", "112", "999")),
        ("America/Sao_Paulo", "BR", ("192", "999", "112")),
        ("America/Mexico_City", "MX", ("911", "999", "112")),
        ("Europe/Zurich", "CH", ("144", "112", "999")),
        ("Europe/Oslo", "NO", ("113", "999", "112")),
        ("Atlantic/Reykjavik", "IS", ("112", "999")),
        ("Europe/Istanbul", "TR", ("112", "999")),
        ("Asia/Jerusalem", "IL", ("101", "999", "112")),
        ("Asia/Dubai", "AE", ("998", "999", "112")),
        ("Asia/Manila", "PH", ("911", "999", "112")),
    ],
)
def test_a_zone_in_a_country_with_another_number_puts_that_number_first(zone, country, numbers):
    calls = emergency_calls(zone, "999")
    assert calls.country == country
    assert calls.numbers == numbers
    assert calls.first.number == numbers[0] and calls.first.href == f"tel:{numbers[0]}"


@pytest.mark.parametrize("zone", ["Europe/London", "Europe/Dublin"])
def test_a_zone_whose_country_uses_the_configured_number_keeps_it_first(zone):
    assert emergency_calls(zone, "999").numbers == ("999", "112")


@pytest.mark.parametrize(
    "zone", [None, "", "Etc/UTC", "UTC", "Asia/Kathmandu", "America/Lima", "Mars/Base"]
)
def test_an_unknown_zone_or_a_country_not_listed_gets_the_configured_number_and_112(zone):
    calls = emergency_calls(zone, "999")
    assert calls.numbers == ("999", "112")
    assert calls.country is None


@pytest.mark.parametrize("zone", ["Asia/Kathmandu", "America/Lima", "Africa/Nairobi"])
def test_a_known_zone_in_a_country_not_listed_says_call_your_local_number_first(zone):
    """Fresh tester: Asia/Tokyo (then not listed) got a bare "Call 999" as the main button."""
    calls = emergency_calls(zone, "999")
    assert calls.local_unknown and calls.outside_uk
    assert [call.label for call in calls.calls] == ["Call 999 (UK)", "Call 112 (Europe)"]
    assert calls.elsewhere == ""  # the first line already says it


@pytest.mark.parametrize("zone", [None, "", "Etc/UTC", "UTC", "Mars/Base", "Europe/London"])
def test_no_zone_a_placeless_one_or_the_uk_is_not_read_as_somewhere_without_a_number(zone):
    calls = emergency_calls(zone, "999")
    assert not calls.local_unknown and not calls.outside_uk
    assert "your local emergency number" in calls.elsewhere


@pytest.mark.parametrize("zone", [None, "", "Etc/UTC", "UTC", "Mars/Base"])
def test_an_unknown_zone_lists_every_countrys_numbers_by_country_name(zone):
    """Tester, no JavaScript, Tokyo, Honolulu, Auckland, Sao Paulo, Kolkata, Johannesburg:
    the local number was only text in a 20-country paragraph, grouped by number."""
    calls = emergency_calls(zone, "999")
    assert calls.numbers == ("999", "112")  # the configured number's button stays first
    assert calls.zone_unknown
    assert calls.countries_summary == "Not in the UK? Your country's emergency number"
    listed = {name: [call.number for call in row] for name, row in calls.country_numbers}
    assert list(listed) == sorted(listed, key=str.casefold)
    assert listed["Japan"] == ["119"] and listed["United States"] == ["911"]
    assert listed["New Zealand"] == ["111"] and listed["Brazil"] == ["192"]
    assert listed["India"] == ["112"] and listed["South Africa"] == ["10177", "112"]
    assert listed["Ireland"] == ["112", "999"] and listed["EU countries"] == ["112"]
    assert "UK" not in listed and "United Kingdom" not in listed  # the first button's
    # Every country of ours is in a row with all its numbers, each call named for the row.
    rows = dict(calls.country_numbers)
    for country, numbers in NUMBERS_BY_COUNTRY.items():
        if country == "GB":
            continue
        named = [name for name, row in rows.items() if tuple(c.number for c in row) == numbers]
        assert named, country
    for name, row in calls.country_numbers:
        assert all(call.label == f"Call {call.number} ({name})" for call in row)
    assert calls.elsewhere.startswith("Elsewhere: Australia 000; Brazil 192; Canada 911;")
    assert "; Japan 119;" in calls.elsewhere and "; South Africa 10177, 112;" in calls.elsewhere
    assert calls.elsewhere.endswith("; or your local emergency number.")


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo", "America/New_York"])
def test_a_known_zone_lists_no_other_countries(zone):
    calls = emergency_calls(zone, "999")
    assert calls.country_numbers == () and not calls.zone_unknown
    assert calls.elsewhere == "Somewhere else, call your local emergency number."


def test_a_configured_number_of_another_country_is_still_offered_after_the_local_one():
    assert emergency_calls("Europe/London", "911").numbers == ("999", "112", "911")
    assert emergency_calls("America/Chicago", "911").numbers == ("911", "112")
    assert emergency_calls(None, "911").numbers == ("911", "112")


def test_old_zone_names_browsers_still_report_follow_their_link():
    """US/Eastern and Asia/Calcutta are links in the tz database (tzdata.zi's "L" lines)."""
    assert emergency.country_of("US/Eastern") == "US"
    assert emergency.country_of("Canada/Pacific") == "CA"
    assert emergency.country_of("Asia/Calcutta") == "IN"
    # Merged zones keep their own country in zone.tab (Amsterdam's rules are Brussels's).
    assert emergency.country_of("Europe/Amsterdam") == "NL"


def test_each_button_says_where_its_number_is_the_one_to_call():
    calls = emergency_calls("America/New_York", "999")
    assert [(call.number, call.where) for call in calls.calls] == [
        ("911", "US and Canada"),
        ("999", "UK"),
        ("112", "Europe"),
    ]
    assert [call.label for call in calls.calls] == [
        "Call 911 (US and Canada)",
        "Call 999 (UK)",
        "Call 112 (Europe)",
    ]
    assert emergency_calls(None, "061").first.where == ""
    assert emergency_calls(None, "061").first.label == "Call 061"
    assert emergency_calls("Australia/Sydney", "999").first.label == "Call 000 (Australia)"
    assert emergency_calls("Pacific/Auckland", "999").first.label == "Call 111 (New Zealand)"
    assert emergency_calls("Asia/Tokyo", "999").first.label == "Call 119 (Japan)"
    assert emergency_calls("Asia/Dubai", "999").first.label == "Call 998 (UAE)"


def test_every_button_label_fits_one_line_of_a_390_px_phone():
    """Every number of every country, and every fallback, at most 25 characters
    ("Call 10177 (South Africa)"): tests/e2e/test_triage_emergency_e2e.py draws the longest."""
    labels = [emergency.Call(number, where).label for number, where in emergency.WHERE.items()]
    labels += [
        emergency.Call(number, emergency.PLACE_OF_COUNTRY[country]).label
        for country, numbers in NUMBERS_BY_COUNTRY.items()
        for number in numbers
    ]
    assert max(labels, key=len) == "Call 10177 (South Africa)"
    assert max(len(label) for label in labels) <= 25


ACTION = "Call an ambulance or get someone to take you to A&E (the emergency department) now."


@pytest.mark.parametrize(
    ("zone", "said"),
    [
        (None, ACTION),
        ("Europe/London", ACTION),
        (
            "America/New_York",
            "Call an ambulance or get someone to take you to the emergency department now.",
        ),
        (
            "Asia/Tokyo",
            "Call an ambulance or get someone to take you to the emergency department now.",
        ),
        (
            "Europe/Paris",
            "Call an ambulance or get someone to take you to the emergency department now.",
        ),
    ],
)
def test_a_and_e_is_said_as_the_emergency_department_outside_the_uk(zone, said):
    calls = emergency_calls(zone, "999")
    assert calls.local_words(ACTION) == said
    assert calls.local_words("go to A&E now.") == (
        "go to A&E now." if said == ACTION else "go to the emergency department now."
    )


def test_the_list_leaves_out_only_the_configured_numbers_own_place():
    assert "United States 911" in emergency_calls(None, "999").elsewhere
    us = emergency_calls("America/New_York", "999").elsewhere
    assert "local emergency number" in us and "911" not in us
    # With 911 configured, its button names the US and Canada; the list names the rest.
    other = emergency_calls(None, "911")
    assert other.first.label == "Call 911 (US and Canada)"
    assert other.countries_summary == "Not in the US and Canada? Your country's emergency number"
    names = [name for name, _ in other.country_numbers]
    assert "UK" in names and "Mexico" in names and "United States" not in names


def test_the_table_lists_only_cited_countries_with_the_eu_on_112():
    assert len(EU_MEMBERS) == 27 and "GB" not in EU_MEMBERS
    assert all("112" in NUMBERS_BY_COUNTRY[country] for country in EU_MEMBERS)
    # Every row outside the EU's block cites its source on the line(s) just above it.
    source = Path(emergency.__file__).read_text(encoding="utf-8")
    table = source[source.index("NUMBERS_BY_COUNTRY: dict") : source.index("PLACE_OF_COUNTRY")]
    rows = re.findall(r'((?:    #[^\n]*\n)+)    "([A-Z]{2})": \(', table)
    assert {country for _comment, country in rows} == (set(NUMBERS_BY_COUNTRY) - EU_MEMBERS) | {
        "IE"
    }
    for comment, country in rows:
        assert re.search(r"https?://|Act \d{4}|FCC|CRTC|Police", comment), country
    assert set(emergency.PLACE_OF_COUNTRY) == set(NUMBERS_BY_COUNTRY)


def test_every_country_of_the_table_is_reached_from_a_zone():
    """zone.tab (tzdata) names each country's zones: a country no zone reaches would never
    get its own number."""
    countries, _links = emergency._zone_tables()
    assert set(NUMBERS_BY_COUNTRY) <= set(countries.values())
    for zone, country in [("Asia/Tokyo", "JP"), ("Asia/Seoul", "KR"), ("Asia/Taipei", "TW")]:
        assert emergency.country_of(zone) == country
        assert emergency_calls(zone, "999").first.number == "119"


def test_zone_tab_and_links_are_parsed_as_the_tz_database_writes_them():
    zone_tab = (
        "# comment\nUS\t+404251-0740023\tAmerica/New_York\tEastern (most areas)\n"
        "GB\t+513030-0000731\tEurope/London\n"
    )
    assert emergency.parse_zone_tab(zone_tab) == {"America/New_York": "US", "Europe/London": "GB"}
    links = "Z America/New_York -4:56:2 - LMT 1883 N 18 17u\nL America/New_York US/Eastern\n"
    assert emergency.parse_links(links) == {"US/Eastern": "America/New_York"}


def test_without_any_zone_table_every_zone_is_unknown(monkeypatch):
    monkeypatch.setattr(emergency, "_table_text", lambda name: None)
    emergency._zone_tables.cache_clear()
    try:
        assert emergency_calls("America/New_York", "999").numbers == ("999", "112")
    finally:
        emergency._zone_tables.cache_clear()


def test_the_module_imports_no_django():
    tree = ast.parse(Path(emergency.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported and not any(name.split(".")[0] == "django" for name in imported)


# --- How to be seen today, and our own words, where the person is ------------------------------

UK_TEXT = "Call your GP surgery today. If it is closed, call NHS 111 or use 111.nhs.uk."


@pytest.mark.parametrize(
    "zone", ["America/Chicago", "Asia/Tokyo", "Pacific/Auckland", "Europe/Paris", "Europe/Dublin"]
)
def test_outside_the_uk_urgent_care_names_no_nhs_111_and_offers_no_number(zone):
    """Fresh tester, America/Chicago: "call NHS 111 or use 111.nhs.uk" and a "Call 111"
    button (in New Zealand, 111 is the emergency number)."""
    care = emergency_calls(zone, "999").urgent_care(UK_TEXT, "111")
    assert care.text == emergency.URGENT_CARE_ELSEWHERE
    assert care.call is None and care.elsewhere == ""
    assert "111" not in care.text and "NHS" not in care.text and "GP" not in care.text


@pytest.mark.parametrize("zone", [None, "Europe/London", "Etc/UTC"])
def test_in_the_uk_or_with_no_zone_urgent_care_keeps_nhs_111_labelled_uk(zone):
    """Tester, no JavaScript, Auckland: "Call 111 (UK)" with nothing said for elsewhere
    plainly. With no zone, the UK's way in is said as the UK's."""
    care = emergency_calls(zone, "999").urgent_care(UK_TEXT, "111")
    assert care.text == (UK_TEXT if zone == "Europe/London" else f"In the UK: {UK_TEXT}")
    assert care.call.href == "tel:111" and care.call.label == "Call 111 (UK)"
    assert care.elsewhere == (
        "Outside the UK: contact a doctor's practice or your local urgent care service today."
    )
    assert emergency_calls(zone, "999").uk_reasons_note([UK_TEXT]) == (
        "" if zone == "Europe/London" else emergency.UK_REASONS_NOTE_IF_ABROAD
    )


@pytest.mark.parametrize(
    ("text", "chicago", "tokyo"),
    [
        ("Tell your midwife or GP soon", "Tell your midwife or doctor soon", None),
        (
            "Ask your GP surgery or a physiotherapist for an appointment.",
            "Ask your doctor's practice or a physiotherapist for an appointment.",
            None,
        ),
        (
            "Book an appointment with your doctor (GP) within the next week or two.",
            "Book an appointment with your doctor within the next week or two.",
            None,
        ),
        (
            "Go the same day if it gets worse, and call 999 if you can no longer stand on it.",
            "Go the same day if it gets worse, and call 911 if you can no longer stand on it.",
            "Go the same day if it gets worse, and call 119 if you can no longer stand on it.",
        ),
    ],
)
def test_our_own_words_name_no_uk_only_service_outside_the_uk(text, chicago, tokyo):
    assert emergency_calls("America/Chicago", "999").local_words(text) == chicago
    assert emergency_calls("Asia/Tokyo", "999").local_words(text) == (tokyo or chicago)
    unknown = emergency_calls(None, "999").local_words(text)
    assert unknown == text.replace("call 999", "call 999 in the UK or your local emergency number")
    assert emergency_calls("Europe/London", "999").local_words(text) == text


def test_with_no_zone_our_call_999_is_said_as_the_uks():
    """Tester, no JavaScript, abroad: "call 999 if you can no longer stand on it" read as the
    visitor's own number."""
    calls = emergency_calls(None, "999")
    assert calls.local_words("Call 999 now, and call 999 again.") == (
        "Call 999 in the UK or your local emergency number now, and call 999 in the UK or your "
        "local emergency number again."
    )
    assert calls.local_words("Go to A&E now.") == "Go to A&E now."  # the UK's words kept
    assert emergency_calls(None, "911").local_words("call 911") == (
        "call 911 in the US and Canada or your local emergency number"
    )


def test_outside_the_uk_the_reasons_are_said_to_follow_uk_guidance():
    note = emergency_calls("America/Chicago", "999").uk_reasons_note(["Go to A&E now."])
    assert "UK guidance" in note and "local urgent care service" in note


#: Reasons as the rules cite them, naming a UK-only service or none.
NAMES_UK = ("Speak to a GP or NHS 111 today.", "Go to A&E now.", "call 999 if it gets worse")
NAMES_NONE = ("A doctor should see you today.", "NICE's guidance for GPs says so.", "Call 9999.")


@pytest.mark.parametrize(
    ("zone", "note"),
    [
        ("Europe/London", ""),
        ("America/Chicago", emergency.UK_REASONS_NOTE),
        ("Asia/Kathmandu", emergency.UK_REASONS_NOTE),  # known, no number of ours
        (None, emergency.UK_REASONS_NOTE_IF_ABROAD),
        ("Etc/UTC", emergency.UK_REASONS_NOTE_IF_ABROAD),  # a browser hiding its place
    ],
)
def test_reasons_naming_a_uk_service_get_a_note_unless_the_zone_is_the_uks(zone, note):
    """Tester, no JavaScript, abroad: the reasons said NHS 111, 999, a GP and A&E as written
    with no word that they are the UK's (the note was only for a known zone outside the UK).
    Where the zone is not known the note says "If you are not in the UK"; in the UK nothing
    changes; and no reason naming a UK service, no note."""
    calls = emergency_calls(zone, "999")
    for text in NAMES_UK:
        assert calls.uk_reasons_note(["A doctor should see you.", text]) == note, text
    assert calls.uk_reasons_note(NAMES_NONE) == ""
    assert calls.uk_reasons_note([]) == ""
    if zone is None:
        assert "If you are not in the UK" in note


def test_singapore_gets_its_ambulance_number_first():
    """Second fresh tester: from Asia/Singapore an emergency offered only 999 (UK) and 112
    (Europe); Singapore's emergency ambulance is 995 (999 there is the police's)."""
    calls = emergency_calls("Asia/Singapore", "999")
    assert calls.country == "SG" and not calls.local_unknown
    assert [call.label for call in calls.calls][0] == "Call 995 (Singapore)"

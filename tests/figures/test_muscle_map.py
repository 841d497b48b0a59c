"""The muscle map (exercises/muscle_map.py) is plain Python: tested with no database."""

import xml.etree.ElementTree as ET

from exercises import muscle_map
from tests.exercises.test_catalogue_fixture import MUSCLE_SLUGS

SVG = "{http://www.w3.org/2000/svg}"


def regions(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 - SVG this project drew, not untrusted input
    return {
        path.get("data-muscle"): path for path in root.iter(f"{SVG}path") if path.get("data-muscle")
    }


def test_every_muscle_in_the_taxonomy_has_a_region_on_the_map():
    assert muscle_map.unmapped(MUSCLE_SLUGS) == set()
    assert set(regions(muscle_map.render([]))) == MUSCLE_SLUGS


def test_primary_muscles_are_solid_and_secondary_ones_hatched_so_it_reads_in_grey():
    drawn = regions(muscle_map.render(["gluteus-medius"], ["core"], pattern_id="hatch-7"))
    assert drawn["gluteus-medius"].get("fill") == muscle_map.PRIMARY
    assert drawn["gluteus-medius"].get("data-role") == "primary"
    assert drawn["core"].get("fill") == "url(#hatch-7)"
    assert drawn["core"].get("data-role") == "secondary"
    assert drawn["hamstrings"].get("fill") == "none"


def test_a_muscle_listed_both_ways_counts_as_primary_and_unknown_ones_are_left_out():
    drawn = regions(muscle_map.render(["core", "tail"], ["core", "ears"]))
    assert drawn["core"].get("data-role") == "primary"
    assert "tail" not in drawn and "ears" not in drawn
    assert muscle_map.unmapped(["core", "tail"]) == {"tail"}


def test_the_map_has_a_front_and_a_back_and_is_hidden_from_screen_readers():
    svg = muscle_map.render(["calves"])
    root = ET.fromstring(svg)  # noqa: S314 - SVG this project drew, not untrusted input
    assert root.get("aria-hidden") == "true"
    assert [text.text for text in root.iter(f"{SVG}text")] == ["Front", "Back"]


def test_the_same_muscles_are_drawn_once_and_then_cached():
    first = muscle_map.render(["core", "calves"], ["hamstrings"])
    assert muscle_map.render(("calves", "core"), {"hamstrings"}) is first

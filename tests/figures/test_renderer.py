"""The figure renderer (exercises/figures.py) is plain Python: tested here with no database,
over every pose in the real catalogue and over poses an admin might get wrong."""

import json
import math
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from exercises import figures

ROOT = Path(__file__).resolve().parents[2]
SVG = "{http://www.w3.org/2000/svg}"


def catalogue() -> list[dict]:
    data = json.loads((ROOT / "fixtures" / "catalogue.json").read_text(encoding="utf-8"))
    equipment = {o["pk"]: o["fields"]["slug"] for o in data if o["model"] == "exercises.equipment"}
    return [
        {**o["fields"], "equipment": [equipment[pk] for pk in o["fields"]["equipment"]]}
        for o in data
        if o["model"] == "exercises.exercise"
    ]


EXERCISES = {exercise["slug"]: exercise for exercise in catalogue()}
SLUGS = sorted(EXERCISES)


def parse_svg(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - SVG this project drew, not untrusted input


def figure_of(slug: str) -> dict:
    return EXERCISES[slug]["figure"]


def march(**changes) -> dict:
    """A small valid figure: standing, then one knee raised."""
    figure = {
        "view": "side",
        "start": {},
        "end": {"near_hip": 90, "near_knee": 90},
        "moving": ["near_leg"],
        "start_alt": "Standing tall.",
        "end_alt": "One knee raised to hip height.",
    }
    figure.update(changes)
    return figure


def scene_of(figure: dict) -> figures.Scene:
    return figures.scene(figures.parse(figure))


def touching(skeleton: figures.Skeleton, supports: dict[str, float]) -> set[str]:
    """The points resting on the floor or on the prop under them (poses are whole degrees, so
    within a hair of it)."""
    return {
        name
        for name, p in skeleton.points.items()
        if name != "neck_top"
        and abs(p[1] + skeleton.clearance(name) + supports.get(name, 0.0)) < 0.6
    }


def supports_of(figure: dict) -> dict[str, float]:
    return {
        prop["under"]: prop["height"]
        for prop in figure.get("props", [])
        if prop["kind"] in figures.SUPPORT_PROPS
    }


@pytest.mark.parametrize("which", ["start", "end"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_catalogue_pose_renders_to_svg_that_parses(slug, which):
    svg = figures.render(figure_of(slug), which)
    root = parse_svg(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == figure_of(slug)[f"{which}_alt"]
    x, y, width, height = map(float, root.get("viewBox").split())
    assert (x, y) == (0, 0) and width > 0 and height > 0


@pytest.mark.parametrize("slug", SLUGS)
def test_limbs_keep_their_lengths_in_every_catalogue_pose(slug):
    scene = scene_of(figure_of(slug))
    for skeleton in (scene.start, scene.end):
        for segment in skeleton.segments:
            a, b = skeleton.points[segment.a], skeleton.points[segment.b]
            assert math.dist(a, b) == pytest.approx(segment.length, abs=1e-6), segment.name
            if a[2] == b[2]:  # in the picture plane, it is drawn at full length
                assert math.dist(a[:2], b[:2]) == pytest.approx(segment.length), segment.name


@pytest.mark.parametrize("slug", SLUGS)
def test_every_catalogue_figure_stays_inside_its_view_box_and_above_the_floor(slug):
    figure = figure_of(slug)
    scene = scene_of(figure)
    x, y, width, height = figures.view_box(scene)
    supports = supports_of(figure)
    for skeleton in (scene.start, scene.end):
        for name, p in skeleton.points.items():
            reach = skeleton.clearance(name)
            assert x <= p[0] - reach and p[0] + reach <= x + width, name
            assert y <= p[1] - reach, name
            # y grows downwards and the floor is y = 0: nothing sinks below its support
            assert p[1] + reach <= -supports.get(name, 0.0) + 1e-9, name
        # placed by ground contact: something rests on the floor or on its prop
        assert touching(skeleton, supports), slug


def test_each_figure_rests_on_the_floor_the_way_its_position_says():
    for slug, exercise in EXERCISES.items():
        figure = exercise["figure"]
        scene = scene_of(figure)
        start = scene.start
        down = touching(start, supports_of(figure))
        position = exercise["position"]
        if position == "standing":
            assert down <= {"near_ankle", "near_toe", "far_ankle", "far_toe"}, (slug, down)
        elif position == "all_fours":
            assert {"near_hand", "near_knee"} <= down, (slug, down)
        elif position == "kneeling":
            assert "near_knee" in down or "far_knee" in down, (slug, down)
        elif position in ("lying_back", "lying_front", "sitting"):
            assert down & {"pelvis", "chest", "head"}, (slug, down)
        elif position == "side_lying":
            assert figure["view"] == "front", slug
            # lying on the far side: the near hip is stacked above it, the far one is down
            assert start.points["near_hip"][1] < start.points["far_hip"][1] - 5, slug
            assert down & {"far_hip", "far_elbow", "far_hand", "far_knee", "far_shoulder"}, slug
        if position in ("lying_back", "lying_front", "side_lying"):
            x, y, width, height = figures.view_box(scene)
            assert width >= 1.5 * height, slug


def test_lying_on_the_back_faces_up_and_lying_on_the_front_faces_down():
    for slug, nose_up in [("glute-bridge", True), ("lying-hamstring-curl", False)]:
        skeleton = scene_of(figure_of(slug)).start
        head, neck = skeleton.points["head"], skeleton.points["neck_top"]
        # the face is a quarter turn from the neck, towards the front
        face_y = head[0] - neck[0]
        assert (face_y < 0) is nose_up or (face_y > 0) is not nose_up


def test_props_are_drawn_for_the_equipment_each_exercise_uses():
    prop_for = {
        "mat": "mat",
        "resistance-band": "band",
        "step-or-box": "box",
        "dumbbells": "dumbbell",
        "chair": "chair",
        "bench": "bench",
        "wall": "wall",
    }
    for slug, exercise in EXERCISES.items():
        kinds = {prop["kind"] for prop in exercise["figure"].get("props", [])}
        assert {prop_for[item] for item in exercise["equipment"]} <= kinds, slug


def test_the_end_position_shows_what_moves_in_colour_with_a_dashed_ghost_and_an_arrow():
    for slug in SLUGS:
        start = figures.render(figure_of(slug), "start")
        end = figures.render(figure_of(slug), "end")
        assert f'stroke="{figures.MOVE_INK}"' in end or f'fill="{figures.MOVE_INK}"' in end, slug
        assert "stroke-dasharray" in end and f'stroke="{figures.GHOST_INK}"' in end, slug
        assert end.count('stroke-linejoin="round"/>') == 1, slug  # the arrow
        assert figures.MOVE_INK not in start and figures.GHOST_INK not in start, slug
        # the floor line is always there
        ground = f'stroke="{figures.INK}" stroke-width="{figures._n(figures.PAGE.ground)}"'
        assert ground in start, slug


def test_thumbnails_stay_small():
    sizes = {
        slug: len(figures.render(figure_of(slug), "end", small=True).encode()) for slug in SLUGS
    }
    assert max(sizes.values()) < 1750, max(sizes.items(), key=lambda item: item[1])
    assert statistics.mean(sizes.values()) < 1500
    page = {slug: len(figures.render(figure_of(slug), "end").encode()) for slug in SLUGS}
    assert max(page.values()) < 2100, max(page.items(), key=lambda item: item[1])


def test_a_thumbnail_is_drawn_for_its_size():
    """Thinner limbs, arms thinner than legs, no dashed start position, a solid moving part and
    a heavier floor than the page-sized drawing of the same pose."""
    for slug in SLUGS:
        page = figures.render(figure_of(slug), "end")
        small = figures.render(figure_of(slug), "end", small=True)
        assert f'stroke-width="{figures._n(figures.SMALL.leg)}"' in small, slug
        ghost = f'stroke="{figures.GHOST_INK}"'
        assert ghost in page and ghost not in small, slug
        assert f'stroke-width="{figures._n(figures.SMALL.ground)}"' in small
    assert figures.SMALL.arm < figures.SMALL.leg < figures.PAGE.leg
    assert figures.PAGE.arm < figures.PAGE.leg


def test_an_arm_resting_on_the_floor_is_grey_not_a_second_body():
    end = figures.render(figure_of("glute-bridge"), "end")
    assert f'stroke="{figures.FAR_INK}" stroke-width="{figures._n(figures.PAGE.arm)}"' in end


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": {"near_knee": 200}}, "near knee is 200°, outside what a body can do"),
        ({"end": {"near_kne": 90}}, "'near_kne' is not a joint"),
        ({"end": {"near_knee": "90"}}, "must be a number of degrees"),
        ({"end": {"near_knee": float("nan")}}, "must be a number of degrees"),
        ({"end": {"tilt": {"near_thigh": 90}}}, "keep it between -85° and 85°"),
        ({"end": {"tilt": {"belly": 10}}}, "cannot tilt 'belly'"),
        ({"view": "top"}, 'The view must be "side" or "front"'),
        ({"end_alt": "  "}, "Describe the end position in words"),
        ({"start_alt": "x" * 201}, "keep it under 200"),
        ({"moving": []}, "Say which parts move"),
        ({"moving": ["tail"]}, "'tail' cannot move"),
        ({"moving": ["near_arm"]}, "Near arm is listed as moving but is in the same place"),
        ({"props": [{"kind": "trampoline"}]}, '"kind" must be one of'),
        ({"props": [{"kind": "box", "under": "near_toe"}]}, "give a height between 4 and 60"),
        ({"props": [{"kind": "wall", "at": "elbow"}]}, "'elbow' is not a point"),
        ({"props": [{"kind": "box", "under": "far_toe", "height": 60}]}, "it must fit in"),
        ({"anchor": "belly"}, "'belly' is not a point"),
        ({"colour": "red"}, "Unknown figure setting(s): colour"),
    ],
)
def test_a_bad_pose_is_refused_with_a_message_that_says_what_to_fix(change, message):
    figure = march(**change)
    if "end" in change and "near_hip" not in change["end"]:
        figure["end"] = {"near_hip": 90, **change["end"]}
    with pytest.raises(figures.FigureError) as refused:
        figures.check(figure)
    assert message in str(refused.value)


def test_a_figure_missing_a_position_is_refused():
    figure = march()
    del figure["end"]
    with pytest.raises(figures.FigureError, match="The figure is missing end"):
        figures.check(figure)
    with pytest.raises(figures.FigureError, match="must be a JSON object"):
        figures.check(["not", "an", "object"])


def test_descriptions_are_escaped_inside_the_svg():
    svg = figures.render(march(end_alt='Knee up <script>alert("x")</script> & hold'), "end")
    assert "<script>" not in svg
    assert parse_svg(svg).find(f"{SVG}title").text == ('Knee up <script>alert("x")</script> & hold')


def test_each_pose_is_drawn_once_and_then_served_from_the_cache():
    figure = march(end_alt="Cached knee raise.")
    first = figures.render(figure, "end")
    hits = figures._render_cached.cache_info().hits
    same_pose_new_dict = json.loads(json.dumps(figure, sort_keys=True))
    assert figures.render(same_pose_new_dict, "end") is first
    assert figures._render_cached.cache_info().hits == hits + 1


def test_a_size_sets_width_and_height_in_proportion_for_print():
    root = parse_svg(figures.render(march(), "start", size="40mm"))
    _, _, width, height = map(float, root.get("viewBox").split())
    assert root.get("width") == "40mm"
    assert float(root.get("height").removesuffix("mm")) == pytest.approx(40 * height / width, 0.01)
    with pytest.raises(ValueError, match="size must be a number"):
        figures.render(march(), "start", size="40%; x")


def test_an_unlabelled_figure_is_hidden_from_screen_readers():
    root = parse_svg(figures.render(march(), "end", labelled=False))
    assert root.get("aria-hidden") == "true" and root.find(f"{SVG}title") is None


def test_the_renderer_and_muscle_map_import_no_django():
    code = (
        "import sys; import exercises.figures, exercises.muscle_map; "
        "sys.exit(any(name.startswith('django') for name in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0

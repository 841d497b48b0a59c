"""base.html's parts that are the same for many visitors, read from the fragments cache with
one call: `{% layout_parts as layout %}` (loaded as {% load layout %}: settings.TEMPLATES'
libraries).

Every page in the site's layout draws its links to the stylesheets and scripts, where each
{% static %} asks the storage for a file's hashed name (nine of them were about half of the
home page's render), and a visitor who is not signed in gets a header that is the same for
all such visitors of a section. Both are cached parts (hipcare.fragments): the links under
the static files' version, the header under the section and whether the page is the
checker's answer (whose header links open a new tab). A page that reads its own cached parts
in one call can read these with them (`head_assets_html`, `header_html` in its context, as
the runner's page and the coach's builder do); then this reads nothing. A signed-in visitor's
header (their name, a sign-out form with a CSRF token) is always drawn for them. Read here
only where settings.CACHE_LAYOUT_PARTS says (the fragments cache in this process's memory):
with Redis a read is a round trip, which costs about what drawing them does.
"""

from django import template
from django.conf import settings

from hipcare.fragments import Fragment, cached_fragments, static_links, template_version

register = template.Library()

HEAD_ASSETS_TEMPLATE = "base.html#head-assets"
HEADER_TEMPLATE = "base.html#site-header"


def head_assets() -> Fragment:
    """base.html's links to its stylesheets and scripts, as a cached part."""
    return static_links(HEAD_ASSETS_TEMPLATE, "head-assets")


def signed_out_header(nav_urls: dict, namespace: str, answer_page: bool) -> Fragment:
    """base.html's header for a visitor who is not signed in: its links (`nav_urls`, from
    hipcare.context_processors.navigation), on a page of the URL namespace `namespace` (the
    header marks the section's link as the current page), the checker's answer or not
    (`answer_page`: its links open a new tab). It holds no token and nothing of the
    visitor's."""
    return Fragment(
        HEADER_TEMPLATE,
        "site-header-signed-out",
        (template_version(HEADER_TEMPLATE), *nav_urls.values(), namespace, bool(answer_page)),
    )


@register.simple_tag(takes_context=True)
def layout_parts(context) -> dict:
    """base.html's links and header as markup, {"head_assets_html": ..., "header_html": ...},
    "" for a part the page draws itself: the page's own (its view read them with its other
    cached parts), else read here in one call (missing ones drawn and stored). Nothing read
    without a request (a page drawn without one draws both), nor where settings.
    CACHE_LAYOUT_PARTS is off (with Redis, where a read is a round trip)."""
    parts = {name: context.get(name) or "" for name in ("head_assets_html", "header_html")}
    request = context.get("request")
    if request is None or not settings.CACHE_LAYOUT_PARTS:
        return parts
    wanted = {}
    if not parts["head_assets_html"]:
        wanted["head_assets_html"] = head_assets()
    user = context.get("user")
    if not parts["header_html"] and user is not None and not user.is_authenticated:
        match = request.resolver_match
        wanted["header_html"] = signed_out_header(
            context.get("nav_urls") or {},
            match.namespace if match else "",
            context.get("answer_page", False),
        )
    if wanted:
        # A missing part is drawn with the page's context, as base.html would draw it.
        drawn = context.flatten()
        cached_fragments(request, drawn, wanted)
        parts.update({name: drawn[name] for name in wanted})
    return parts

from django import template

from ..maps import directions_url as _directions_url

register = template.Library()


@register.filter
def directions_url(location) -> str:
    """A location's directions link, or '' when it has no coordinates."""
    if location.latitude is None or location.longitude is None:
        return ""
    return _directions_url(location.latitude, location.longitude, location.postcode)

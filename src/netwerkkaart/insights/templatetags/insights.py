from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key)


@register.simple_tag
def cell_link(links: dict[tuple[int, int], str], goal_id: int, target_group_id: int) -> str:
    return links.get((goal_id, target_group_id), "")

"""The menu: each app lists its entries in `<app>/menu.py`; a user sees those their role allows."""

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import Resolver404, resolve, reverse


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: every signed-in role
    order: int = 50
    # Pages that belong to this entry though their address is under another's (by view name, "app:name").
    pages: frozenset[str] = frozenset()


def menu_items() -> list[MenuItem]:
    items: list[MenuItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.menu")
        except ModuleNotFoundError:
            continue
        items.extend(module.MENU)
    return sorted(items, key=lambda i: i.order)


def menu_for(user, path: str) -> list[dict]:
    from schools.access import NO_ROLE, effective_role

    role = effective_role(user)
    if role == NO_ROLE:
        return []
    out: list[dict[str, Any]] = []
    for item in menu_items():
        if item.roles is not None and role not in item.roles:
            continue
        out.append({"label": item.label, "url": reverse(item.url_name), "active": False, "pages": item.pages})
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        view_name = ""
    # The entry that claims the page by name, else the one whose address is the longest prefix of the page's.
    matches = [i for i in out if view_name in i["pages"]] or [
        i for i in out if path == i["url"] or (i["url"] != "/" and path.startswith(i["url"]))
    ]
    if matches:
        max(matches, key=lambda i: len(i["url"]))["active"] = True
    return out

from .navigation import menu_for


def navigation(request):
    return {"menu": menu_for(getattr(request, "user", None), request.path)}

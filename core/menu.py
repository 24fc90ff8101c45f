from core.navigation import MenuItem

MENU = [MenuItem("Главная", "home", order=0)]

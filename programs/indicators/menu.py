from core.navigation import MenuItem

MENU = [MenuItem("Показатели", "indicators:index", order=41)]

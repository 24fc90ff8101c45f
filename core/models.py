from django.conf import settings
from django.db import models


class Job(models.Model):
    """A background task's persistent state: pages poll it, the API returns it, a retry reuses it."""

    class Status(models.TextChoices):
        PENDING = "pending", "В очереди"
        RUNNING = "running", "Выполняется"
        DONE = "done", "Готово"
        FAILED = "failed", "Ошибка"

    kind = models.CharField("вид", max_length=50)
    title = models.CharField("описание", max_length=300, blank=True)
    status = models.CharField("статус", max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField("прогресс, %", default=0)
    params = models.JSONField("параметры", default=dict, blank=True)
    result = models.JSONField("результат", null=True, blank=True)
    error = models.TextField("ошибка", blank=True)
    attempts = models.PositiveSmallIntegerField("попыток", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="кто запустил", null=True, blank=True, on_delete=models.SET_NULL
    )
    municipality = models.ForeignKey(
        "schools.Municipality", verbose_name="муниципалитет", null=True, blank=True, on_delete=models.CASCADE
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)
    started_at = models.DateTimeField("начато", null=True, blank=True)
    finished_at = models.DateTimeField("завершено", null=True, blank=True)

    class Meta:
        verbose_name = "фоновая задача"
        verbose_name_plural = "фоновые задачи"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.kind} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class AuditEvent(models.Model):
    """One typed event log for what is not a model change: logins, denials, exports, downloads, role changes."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Вход"
        LOGIN_FAILED = "login_failed", "Неудачный вход"
        LOGOUT = "logout", "Выход"
        LOCKOUT = "lockout", "Блокировка входа"
        PERMISSION_DENIED = "permission_denied", "Отказ в доступе"
        EXPORT = "export", "Выгрузка"
        DOWNLOAD = "download", "Скачивание"
        ROLE_CHANGED = "role_changed", "Изменение роли"
        IMPORT = "import", "Загрузка данных"
        SCOPE_VIOLATION = "scope_violation", "Попытка выйти за пределы доступа"

    kind = models.CharField("событие", max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="пользователь", null=True, blank=True, on_delete=models.SET_NULL
    )
    username = models.CharField("имя входа", max_length=150, blank=True)
    ip = models.GenericIPAddressField("IP-адрес", null=True, blank=True)
    path = models.CharField("адрес", max_length=500, blank=True)
    request_id = models.CharField("запрос", max_length=64, blank=True)
    data = models.JSONField("подробности", default=dict, blank=True)
    created_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "событие журнала"
        verbose_name_plural = "журнал событий"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username}"

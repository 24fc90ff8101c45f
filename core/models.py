from django.conf import settings
from django.db import models
from django.db.models import Q


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> "JobQuerySet":
        """A user's own jobs and those of the municipalities they read; an admin's, all (schools.access)."""
        from schools.access import scoped
        from schools.models import Municipality

        return scoped(self, user, lambda u: Q(created_by=u) | Q(municipality__in=Municipality.objects.visible_to(u)))


# What the job was doing, in the page's words: (во время …, … перезапущена автоматически, запустите … ещё раз).
INTERRUPTED_WORDS = {
    "results_import": ("загрузки", "загрузка перезапущена", "загрузку"),
    "registry_import": ("загрузки реестра", "загрузка перезапущена", "загрузку"),
    "report": ("формирования отчёта", "формирование отчёта перезапущено", "формирование отчёта"),
    "risk_recompute": ("пересчёта списка ШНОР", "пересчёт перезапущен", "пересчёт"),
    "indicators_recompute": ("пересчёта показателей", "пересчёт перезапущен", "пересчёт"),
}
INTERRUPTED_WORDS_DEFAULT = ("выполнения задачи", "задача перезапущена", "задачу")


def interrupted_text(kind: str, *, again: bool) -> str:
    """«Обработчик остановился во время загрузки; загрузка перезапущена автоматически» or, the second time,
    «…остановился повторно…; запустите загрузку ещё раз»."""
    during, restarted, what = INTERRUPTED_WORDS.get(kind, INTERRUPTED_WORDS_DEFAULT)
    if again:
        return (
            f"Обработчик повторно остановился во время {during} (сбой или перезапуск процесса, нехватка "
            f"памяти); запустите {what} ещё раз."
        )
    return f"Обработчик остановился во время {during}; {restarted} автоматически."


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
    # While a worker runs the job it writes the time here every JOB_HEARTBEAT_SECONDS, from a thread of its own on
    # a connection of its own (core.jobs.job_heartbeat): the import's long transaction does not hold it back. A
    # running job whose heartbeat stops lost its worker (core.jobs.jobs_interrupted_recover).
    heartbeat_at = models.DateTimeField("последний признак работы", null=True, blank=True)
    # The Celery message (task id) whose run holds the job: a message redelivered after its worker died finds its
    # own id here; another message of the same job finds someone else's and a fresh heartbeat, and leaves it be.
    run_id = models.CharField("запуск", max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

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

    @property
    def notice(self) -> str:
        """What the page says of a job its worker dropped and that was started again by itself (a second stop
        fails it, and then `error` says so)."""
        if not self.params.get("interrupted") or self.status == self.Status.FAILED:
            return ""
        return interrupted_text(self.kind, again=False)


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

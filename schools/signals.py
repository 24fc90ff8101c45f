from django.db.models.signals import pre_save
from django.dispatch import receiver

from core.audit import audit_log
from core.models import AuditEvent

from .models import User

_SCOPE_FIELDS = ("role", "region_id", "municipality_id", "school_id", "is_superuser", "is_active")


@receiver(pre_save, sender=User)
def _role_changed(sender, instance: User, **kwargs):
    """Permission changes go to the event log as well as to the user's history."""
    if instance.pk is None:
        return
    before = User.objects.filter(pk=instance.pk).values(*_SCOPE_FIELDS).first()
    if before is None:
        return
    after = {f: getattr(instance, f) for f in _SCOPE_FIELDS}
    changed = {f: [before[f], after[f]] for f in _SCOPE_FIELDS if before[f] != after[f]}
    if changed:
        audit_log(kind=AuditEvent.Kind.ROLE_CHANGED, target=instance.username, changes=changed)

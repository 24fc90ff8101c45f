from django import template

from core.jobs import job_retry_allowed

register = template.Library()


@register.filter
def can_retry(job, user) -> bool:
    """`{% if job|can_retry:request.user %}`: the job failed and this user may queue it again from its page."""
    return job_retry_allowed(job=job, user=user)

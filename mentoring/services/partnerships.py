"""Partnerships between schools and their joint activities."""

import datetime

from django.core.exceptions import ValidationError

from schools.models import School

from ..models import PARTNER_SAME, Partnership, PartnershipActivity
from .common import capability_require, period_check, record_save, school_scope_check


def _partnership_check(*, user, school: School, partner: School) -> None:
    school_scope_check(user, school)
    school_scope_check(user, partner, "partner")
    if school.pk == partner.pk:
        raise ValidationError({"partner": PARTNER_SAME})


def partnership_create(
    *,
    school: School,
    partner: School,
    start: datetime.date,
    end: datetime.date | None = None,
    agreement_number: str = "",
    agreement_date: datetime.date | None = None,
    form: str = Partnership.Form.NETWORK,
    joint_plan: str = "",
    user,
) -> Partnership:
    capability_require(user, "support.edit")
    _partnership_check(user=user, school=school, partner=partner)
    period_check(start, end)
    return record_save(
        Partnership(),
        {
            "school": school,
            "partner": partner,
            "start": start,
            "end": end,
            "agreement_number": agreement_number,
            "agreement_date": agreement_date,
            "form": form,
            "joint_plan": joint_plan,
        },
    )


def partnership_update(*, partnership: Partnership, user, **fields) -> Partnership:
    capability_require(user, "support.edit")
    _partnership_check(user=user, school=partnership.school, partner=partnership.partner)
    _partnership_check(
        user=user, school=fields.get("school", partnership.school), partner=fields.get("partner", partnership.partner)
    )
    period_check(fields.get("start", partnership.start), fields.get("end", partnership.end))
    return record_save(partnership, fields)


def partnership_activity_add(
    *, partnership: Partnership, date: datetime.date, title: str, description: str = "", user
) -> PartnershipActivity:
    capability_require(user, "support.edit")
    school_scope_check(user, partnership.school)
    return record_save(
        PartnershipActivity(partnership=partnership), {"date": date, "title": title, "description": description}
    )

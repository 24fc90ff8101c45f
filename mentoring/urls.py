from django.urls import path

from . import views

app_name = "mentoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("curators/", views.assignment_list, name="assignments"),
    path("curators/new/", views.assignment_edit, name="assignment_new"),
    path("curators/<int:pk>/", views.assignment_edit, name="assignment_edit"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/new/", views.visit_edit, name="visit_new"),
    path("visits/<int:pk>/", views.visit_edit, name="visit_edit"),
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/new/", views.partnership_edit, name="partnership_new"),
    path("partnerships/<int:pk>/", views.partnership_detail, name="partnership"),
    path("partnerships/<int:pk>/edit/", views.partnership_edit, name="partnership_edit"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_edit, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/materials/<int:pk>/", views.material_download, name="material_download"),
    path("teachers/", views.teacher_list, name="teachers"),
    path("teachers/new/", views.teacher_edit, name="teacher_new"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher"),
    path("teachers/<int:pk>/edit/", views.teacher_edit, name="teacher_edit"),
    path("courses/new/", views.course_edit, name="course_new"),
    path("courses/<int:pk>/", views.course_edit, name="course_edit"),
    path("diagnostics/new/", views.diagnostic_edit, name="diagnostic_new"),
    path("diagnostics/<int:pk>/", views.diagnostic_edit, name="diagnostic_edit"),
    path("plans/new/", views.plan_edit, name="plan_new"),
    path("plans/<int:pk>/", views.plan_edit, name="plan_edit"),
    path("pairs/new/", views.pair_edit, name="pair_new"),
    path("pairs/<int:pk>/", views.pair_edit, name="pair_edit"),
    path("staffing/", views.staffing_page, name="staffing"),
    path("staffing/new/", views.staffing_edit, name="staffing_new"),
    path("staffing/<int:pk>/", views.staffing_edit, name="staffing_edit"),
]

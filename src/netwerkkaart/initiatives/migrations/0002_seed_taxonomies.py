"""Seed the taxonomies with the lists in DOMAIN.md. Users extend them in the admin afterwards."""

from django.db import migrations

GOALS = [
    ("initial-education", "Initieel onderwijs", "Initial education"),
    (
        "postinitial-education",
        "Omscholing en post-initieel onderwijs (LLO)",
        "Retraining and post-initial education (lifelong learning)",
    ),
    ("innovation", "Innovatie met bedrijven", "Innovation with companies"),
    ("diverse-target-groups", "Diverse doelgroepen bereiken", "Reaching diverse target groups"),
]
THEMES = [
    ("lifelong-learning", "Leven lang ontwikkelen", "Lifelong learning"),
    ("women-in-ict", "Vrouwen in ICT, diversiteit en inclusie", "Women in ICT, diversity and inclusion"),
    ("cybersecurity", "Cybersecurity", "Cybersecurity"),
    ("data-and-ai", "Data en AI", "Data and AI"),
    ("software-development", "Softwareontwikkeling", "Software development"),
    ("digital-basic-skills", "Digitale basisvaardigheden", "Digital basic skills"),
    ("hybrid-teachers", "Hybride docenten", "Hybrid teachers"),
    ("inflow", "Instroom in ICT-onderwijs", "Inflow into ICT education"),
    ("smart-industry", "Smart industry", "Smart industry"),
]
TARGET_GROUPS = [
    ("vo-pupils", "Vo-leerlingen", "Secondary school pupils"),
    ("mbo-students", "Mbo-studenten", "Mbo students"),
    ("hbo-students", "Hbo-studenten", "Hbo students"),
    ("wo-students", "Wo-studenten", "University students"),
    ("working-professionals", "Werkenden", "Working professionals"),
    ("jobseekers-career-switchers", "Werkzoekenden en zij-instromers", "Jobseekers and career switchers"),
    ("women-and-girls", "Vrouwen en meisjes", "Women and girls"),
    ("newcomers", "Nieuwkomers (statushouders)", "Newcomers (status holders)"),
    ("teachers", "Docenten", "Teachers"),
    ("sme-owners", "Mkb-ondernemers", "SME owners"),
]
EDUCATION_LEVELS = [
    ("vo", "Voortgezet onderwijs (vo)", "Secondary education"),
    ("mbo-2", "Mbo niveau 2", "Mbo level 2"),
    ("mbo-3", "Mbo niveau 3", "Mbo level 3"),
    ("mbo-4", "Mbo niveau 4", "Mbo level 4"),
    ("hbo-associate-degree", "Hbo Associate degree", "Hbo Associate degree"),
    ("hbo-bachelor", "Hbo bachelor", "Hbo bachelor"),
    ("hbo-master", "Hbo master", "Hbo master"),
    ("wo", "Wetenschappelijk onderwijs (wo)", "University education"),
]
ACTIVITIES = [
    ("internships", "Stages", "Internships"),
    ("apprenticeships", "Leerbanen (bbl)", "Apprenticeships"),
    ("staff-retraining", "Om- en bijscholing van personeel", "Retraining and upskilling staff"),
    ("guest-lectures", "Gastlessen en hybride docenten", "Guest lectures and hybrid teachers"),
    ("innovation-projects", "Innovatie- en onderzoeksprojecten", "Innovation and research projects"),
    ("graduate-recruitment", "Werven van afgestudeerden", "Recruiting graduates"),
    ("partnership", "Partner worden", "Becoming a partner"),
]

SEEDS = {
    "Goal": GOALS,
    "Theme": THEMES,
    "TargetGroup": TARGET_GROUPS,
    "EducationLevel": EDUCATION_LEVELS,
    "Activity": ACTIVITIES,
}


def seed(apps, schema_editor):
    for model_name, rows in SEEDS.items():
        model = apps.get_model("initiatives", model_name)
        for position, (slug, name_nl, name_en) in enumerate(rows, start=1):
            model.objects.update_or_create(
                slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "position": position}
            )


def unseed(apps, schema_editor):
    for model_name, rows in SEEDS.items():
        model = apps.get_model("initiatives", model_name)
        model.objects.filter(slug__in=[slug for slug, _nl, _en in rows], initiatives__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

"""A fixed corpus for the search tests. Its expected rankings are worked out in test_ranking.py."""

from dataclasses import dataclass

import pytest

from netwerkkaart.initiatives.choices import PublicationStatus
from netwerkkaart.initiatives.models import Initiative
from netwerkkaart.organisations.models import Organisation
from netwerkkaart.search.services import search_index_rebuild

from .factories import InitiativeFactory, OrganisationFactory, ThemeFactory


@dataclass
class Corpus:
    cyber_academy: Initiative
    cyberlab: Initiative
    data_academy: Initiative
    security_campus: Initiative
    workplace: Initiative
    draft: Initiative
    university: Organisation
    cyber_company: Organisation
    municipality: Organisation


@pytest.fixture
def corpus(db: None) -> Corpus:
    lifelong_learning = ThemeFactory.create(name_nl="Leven lang ontwikkelen", name_en="Lifelong learning")
    built = Corpus(
        cyber_academy=InitiativeFactory.create(
            name="Cybersecurity Academy Rijnmond",
            summary="Opleidingen in digitale veiligheid voor werkenden.",
            description="Trainingen voor het mkb in Rotterdam.",
            place="Rotterdam",
            themes=[lifelong_learning],
        ),
        cyberlab=InitiativeFactory.create(
            name="Cyberlab Rotterdam",
            summary="Studenten onderzoeken security-vragen van bedrijven.",
            place="Rotterdam",
        ),
        data_academy=InitiativeFactory.create(
            name="Data Academy Fryslân",
            summary="Opleiding data en AI voor mbo-studenten.",
            description="Beëindigd in 2024.",
            place="Leeuwarden",
        ),
        security_campus=InitiativeFactory.create(
            name="Security Campus Den Haag",
            summary="Training in cybersecurity voor docenten.",
            place="Den Haag",
        ),
        workplace=InitiativeFactory.create(
            name="Leerwerkplaats ICT Rotterdam-Zuid",
            summary="Omscholing naar ICT.",
            description="Samen met Cyberlab Rotterdam.",
            place="Rotterdam",
        ),
        draft=InitiativeFactory.create(name="Cybersecurity Geheim", status=PublicationStatus.DRAFT),
        university=OrganisationFactory.create(name="Hogeschool Rotterdam", city="Rotterdam"),
        cyber_company=OrganisationFactory.create(name="Cyberveilig B.V.", city="Utrecht"),
        municipality=OrganisationFactory.create(name="Gemeente Leeuwarden", city="Leeuwarden"),
    )
    search_index_rebuild()
    return built

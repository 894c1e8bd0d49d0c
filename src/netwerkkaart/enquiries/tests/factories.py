"""Factories for enquiries (written straight to the database, without mails)."""

import factory
from factory.django import DjangoModelFactory

from netwerkkaart.enquiries.choices import Need
from netwerkkaart.enquiries.models import Enquiry


class EnquiryFactory(DjangoModelFactory[Enquiry]):
    class Meta:
        model = Enquiry

    need = Need.INTERNS
    language = "nl"
    name = factory.Sequence(lambda n: f"Persoon {n}")
    email = factory.Sequence(lambda n: f"persoon{n}@bedrijf.example.nl")
    phone = "010 123 45 67"
    company = factory.Sequence(lambda n: f"Bedrijf {n} B.V.")
    message = "Wij zoeken stagiairs."
    consent_text = "Ik ga akkoord."
    site_url = "http://testserver"

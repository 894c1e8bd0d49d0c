from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_kvk_number = RegexValidator(
    r"^[0-9]{8}$", _("A KvK number has exactly 8 digits, for example 12345678."), code="kvk_number"
)
validate_school_code = RegexValidator(
    r"^[0-9]{2}[A-Z0-9]{2}$",
    _("A school code (BRIN / instellingscode) has 2 digits and 2 capitals or digits, for example 25BE."),
    code="school_code",
)

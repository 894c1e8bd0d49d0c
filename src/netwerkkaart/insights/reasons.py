"""The plain-language reasons stored with each flag, written once in Dutch and once in English."""

from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import date
from decimal import Decimal

from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

LANGUAGES = ("nl", "en")
NAMED_PARTNERS = 3


def _active(language: str) -> AbstractContextManager[object]:
    """The language for a reason: switching costs more than writing one, so callers writing many reasons
    switch once (`translation.override`) and this does nothing then."""
    return nullcontext() if translation.get_language() == language else translation.override(language)


def in_sentence(name: str) -> str:
    """A term's name inside a sentence: a capital that only starts the name becomes small ("Mbo-studenten"
    -> "mbo-studenten"), an abbreviation keeps its capitals ("ICT")."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def listed(items: Sequence[str]) -> str:
    """ "a, b and c" in the active language."""
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _sentence(parts: list[str]) -> str:
    text = "; ".join(part for part in parts if part)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def overlap_reason(
    *,
    language: str,
    region: str,
    goals: dict[str, Sequence[str]],
    target_groups: dict[str, Sequence[str]],
    themes: dict[str, Sequence[str]],
    start_year: int | None,
    phase: str | None,
    partners: int,
    partner_names: Sequence[str],
) -> str:
    """Why two initiatives overlap, e.g. "Beide werken aan omscholing voor zij-instromers in Rijnmond;
    beide gestart in 2023; ze delen 4 partners (...)"; the term lists are keyed by language."""
    with _active(language):
        groups = listed([in_sentence(name) for name in target_groups[language]])
        if goals[language]:
            work = gettext("both work on %(goals)s for %(groups)s in %(region)s") % {
                "goals": listed([in_sentence(name) for name in goals[language]]),
                "groups": groups,
                "region": region,
            }
        else:
            work = gettext("both reach %(groups)s in %(region)s") % {"groups": groups, "region": region}
        parts = [work]
        if themes[language]:
            parts.append(
                gettext("both on %(themes)s")
                % {"themes": listed([in_sentence(name) for name in themes[language]])}
            )
        if start_year is not None:
            parts.append(gettext("both started in %(year)d") % {"year": start_year})
        if phase:
            parts.append(gettext("both in the phase “%(phase)s”") % {"phase": phase})
        if partners:
            shown = list(partner_names[:NAMED_PARTNERS])
            if partners > len(shown):
                shown.append(gettext("%(count)d more") % {"count": partners - len(shown)})
            parts.append(
                ngettext(
                    "they share %(count)d partner (%(names)s)",
                    "they share %(count)d partners (%(names)s)",
                    partners,
                )
                % {"count": partners, "names": listed(shown)}
            )
        return _sentence(parts)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def funding_line_text(*, source: str, amount: Decimal | None, start_year: int | None) -> str:
    """A funding line as named in a reason, in the active language: "RIF since 2023 (€ 250.000 per
    year)"."""
    text = source
    if start_year is not None:
        text = gettext("%(line)s since %(year)d") % {"line": text, "year": start_year}
    if amount is not None:
        euros = formats.number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)
        text = gettext("%(line)s (€ %(amount)s per year)") % {"line": text, "amount": euros}
    return text


def continuity_reason(
    *,
    language: str,
    as_of: date,
    ending: Sequence[tuple[str, date]],
    subsidy_share: float,
    subsidy_lines: Sequence[str],
    without_private: bool,
    high: bool,
) -> str:
    """Why an initiative's continuity is at risk; ``ending`` and ``subsidy_lines`` are already written in
    ``language`` (see `funding_line_text`)."""
    with _active(language):
        parts = []
        for line, end in ending:
            months = months_between(as_of, end)
            parts.append(
                ngettext(
                    "%(line)s ends on %(date)s, in %(months)d month",
                    "%(line)s ends on %(date)s, in %(months)d months",
                    months,
                )
                % {"line": line, "date": formats.date_format(end, "j F Y"), "months": months}
            )
        if subsidy_share >= 0.5:
            others = [line for line in subsidy_lines if line not in {line for line, _end in ending}]
            share = {"share": round(subsidy_share * 100), "lines": listed(others)}
            if others:
                parts.append(
                    gettext("%(share)d%% of the current funding is project subsidy (%(lines)s)") % share
                )
            else:
                parts.append(gettext("%(share)d%% of the current funding is project subsidy") % share)
        if without_private:
            parts.append(gettext("no private co-funding in cash or in kind"))
        if high and ending:
            parts.append(
                gettext("look for follow-up or private funding before %(date)s")
                % {"date": formats.date_format(min(end for _line, end in ending), "j F Y")}
            )
        elif without_private:
            parts.append(gettext("ask the partner companies to co-fund"))
        return _sentence(parts)


def learn_reason(
    *,
    language: str,
    themes: dict[str, Sequence[str]],
    target_groups: dict[str, Sequence[str]],
    goals: dict[str, Sequence[str]],
    words: Sequence[str],
    regions: Sequence[str],
) -> str:
    """Why an initiative may learn from one in another region, e.g. "Beide richten zich op
    cybersecurity en mkb-ondernemers; gedeelde termen: hackathon, ethisch; actief in Twente"."""
    with _active(language):
        focus = [in_sentence(name) for name in (*themes[language], *target_groups[language])]
        focus = focus or [in_sentence(name) for name in goals[language]]
        parts = []
        if focus:
            parts.append(gettext("both focus on %(terms)s") % {"terms": listed(focus)})
        if words:
            parts.append(gettext("shared terms: %(words)s") % {"words": ", ".join(words)})
        if regions:
            parts.append(gettext("active in %(regions)s") % {"regions": listed(list(regions))})
        return _sentence(parts)

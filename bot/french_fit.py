"""Which French courses can fit an English standard at all: its route against ONISEP's domains.

An adviser stops trusting the tool after one absurd match (a medicine degree for a wellbeing therapist, a
naval officers' course for a car sprayer). Word overlap alone cannot prevent that, so the French match only
lists courses from ONISEP domains that train for the standard's IfATE route.

The map is written at the level of the two taxonomies, never of a standard or a course: IfATE's 15 routes
on one side, ONISEP's domains on the other (its ~20 top-level domains, or one of their ~110 subdomains where
a top-level domain mixes unrelated trades: "santé, social, sport" holds both medicine and beauty therapy).
Which subdomain belongs to which top-level domain is read from the data (ONISEP writes a job's sectors as
"top-level/subdomain"), so the map stays right as ONISEP adds subdomains.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.models import FrenchCourse, FrenchJob
from bot.text import fold

HEALTH = ("médical", "paramédical", "santé (généralités)")
SOCIAL = ("travail social", "psychologie", "sciences humaines et sociales (généralités)")
BUSINESS = ("gestion des entreprises, comptabilité", "économie, droit, politique")

# IfATE route -> ONISEP top-level domains or subdomains whose courses can train for it.
ROUTE_DOMAINS: dict[str, tuple[str, ...]] = {
    "agriculture, environmental and animal care": (
        "agriculture, animaux",
        "environnement, énergies, propreté",
        "biologie",
        "sciences de la Terre",
        "machinisme agricole",
        "agroalimentaire",
    ),
    "business and administration": (
        *BUSINESS,
        "commerce, marketing, vente",
        "communication",
        "bibliothèque, documentation",
        "informatique de gestion",
        "logistique",
    ),
    "care services": (*HEALTH, *SOCIAL),
    "catering and hospitality": ("hôtellerie-restauration, tourisme", "agroalimentaire", "grande distribution et petits commerces"),
    "construction and the built environment": (
        "construction, architecture, travaux publics",
        "environnement, énergies, propreté",
        "électricité, électronique, robotique",
        "immobilier",
        "engins",
        "travail des métaux",
        "bois",
        "verre",
        "maintenance, qualité",
        "matériaux",
    ),
    "creative and design": (
        "arts, culture, artisanat",
        "information-communication, audiovisuel",
        "textile, habillement",
        "matériaux souples",
        "architecture",
        "agencement",
        "ameublement",
        "bois",
        "développement, programmation, logiciel",
        "esthétique",
    ),
    "digital": (
        "informatique, Internet",
        "électricité, électronique, robotique",
        "information-communication, audiovisuel",
        "mathématiques",
        "automatismes",
    ),
    "education and early years": ("lettres, langues, enseignement", *SOCIAL, "paramédical", "sport", "santé (généralités)"),
    "engineering and manufacturing": (
        "matières premières, fabrication, industries",
        "mécanique",
        "électricité, électronique, robotique",
        "sciences",
        "énergies",
        "gestion de l'eau",
        "déchets, pollutions et risques",
        "génie civil",
        "génie civil, construction (généralités)",
        "équipement technique",
        "bureau d'études BTP",
        "informatique industrielle et technologique",
        "développement, programmation, logiciel",
        "transport",
    ),
    "hair and beauty": ("esthétique",),
    "health and science": (*HEALTH, *SOCIAL, "sciences", "agroalimentaire", "soins aux animaux", "sport", "industries graphiques"),
    "legal, finance and accounting": (*BUSINESS, "banque, assurances, immobilier"),
    "protective services": (
        "armée, sécurité",
        "activité judiciaire",
        "droit public",
        "droit (généralités)",
        "déchets, pollutions et risques",
        "santé (généralités)",
        "paramédical",
    ),
    "sales, marketing and procurement": (
        "commerce, marketing, vente",
        "gestion des entreprises, comptabilité",
        "communication",
        "journalisme, édition, publicité",
        "multimédia",
        "logistique",
        "immobilier",
    ),
    "transport and logistics": (
        "logistique, transport",
        "aéronautique",
        "automobile",
        "engins",
        "construction navale",
        "tourisme",
        "commerce international",
    ),
}
ROUTE_ALIASES = {"construction": "construction and the built environment", "education and childcare": "education and early years"}


def domain_parents(jobs: Iterable[FrenchJob]) -> dict[str, str]:
    """Subdomain -> its top-level domain, as ONISEP's job sectors write them ("sciences/biologie")."""
    votes: dict[str, Counter[str]] = {}
    for job in jobs:
        for sector in job.sectors:
            top, _, sub = sector.partition("/")
            if sub:
                votes.setdefault(fold(sub), Counter())[fold(top)] += 1
    return {sub: counter.most_common(1)[0][0] for sub, counter in votes.items()}


class RouteFit:
    """Says whether a French course belongs to a domain that trains for an English route."""

    def __init__(self, jobs: Iterable[FrenchJob]) -> None:
        self.parents = domain_parents(jobs)
        self.allowed = {route: frozenset(fold(d) for d in domains) for route, domains in ROUTE_DOMAINS.items()}

    def domains_of(self, course: FrenchCourse) -> set[str]:
        """A course's subdomains together with their top-level domains."""
        subdomains = {fold(d) for d in course.domains}
        return subdomains | {self.parents[d] for d in subdomains if d in self.parents}

    def fits(self, course: FrenchCourse, route: str) -> bool:
        """True when the course's domains meet the route's; a route or course without domains is not judged."""
        key = fold(route).strip()
        allowed = self.allowed.get(ROUTE_ALIASES.get(key, key))
        if allowed is None or not course.domains:
            return True
        return bool(self.domains_of(course) & allowed)

from bot.french_fit import ROUTE_DOMAINS, RouteFit, domain_parents
from bot.models import FrenchCourse, FrenchJob
from bot.text import fold

JOBS = [
    FrenchJob("MET.1", "infirmier", sectors=("santé, social, sport/paramédical", "santé, social, sport/esthétique")),
    FrenchJob("MET.2", "maçon", sectors=("construction, architecture, travaux publics/maçonnerie, béton armé",)),
]


def test_subdomains_take_their_top_level_domain_from_the_job_sectors():
    assert domain_parents(JOBS) == {
        "paramedical": "sante, social, sport",
        "esthetique": "sante, social, sport",
        "maconnerie, beton arme": "construction, architecture, travaux publics",
    }


def test_a_course_fits_a_route_through_its_subdomain_or_its_top_level_domain():
    fit = RouteFit(JOBS)
    nursing = FrenchCourse("FOR.1", "DE infirmier", domains=("paramédical",))
    masonry = FrenchCourse("FOR.2", "CAP maçon", domains=("maçonnerie, béton armé",))
    assert fit.fits(nursing, "Health and science") and not fit.fits(nursing, "Construction and the built environment")
    assert fit.fits(masonry, "Construction and the built environment") and not fit.fits(masonry, "Health and science")
    assert fit.fits(masonry, "Construction")  # the catalogue's short spelling of the route


def test_beauty_therapy_is_told_apart_from_medicine_inside_one_top_level_domain():
    fit = RouteFit(JOBS)
    beauty = FrenchCourse("FOR.3", "BP esthétique", domains=("esthétique",))
    medicine = FrenchCourse("FOR.4", "DE docteur en médecine", domains=("médical",))
    assert fit.fits(beauty, "Hair and beauty") and not fit.fits(medicine, "Hair and beauty")


def test_unknown_routes_and_courses_without_domains_are_not_judged():
    fit = RouteFit(JOBS)
    assert fit.fits(FrenchCourse("FOR.5", "x", domains=("médical",)), "")
    assert fit.fits(FrenchCourse("FOR.6", "y"), "Hair and beauty")


def test_every_domain_of_the_map_is_one_onisep_uses(full_retriever):
    fit = RouteFit(full_retriever.catalogue.jobs.values())
    known = set(fit.parents) | set(fit.parents.values())
    unknown = [(route, d) for route, domains in ROUTE_DOMAINS.items() for d in domains if fold(d) not in known]
    assert unknown == []
    routes = {fold(s.route) for s in full_retriever.catalogue.standards.values() if s.route}
    assert routes - set(ROUTE_DOMAINS) <= {"construction", "education and childcare"}

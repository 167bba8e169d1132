"""A small public site for tests, made through Wagtail's models as an editor's would be."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.text import slugify

from safetymap.partnership.pages import (
    ContentPage,
    NewsletterIndexPage,
    NewsletterIssuePage,
    PartnerLogo,
    PartnershipHomePage,
    ResourceIndexPage,
    ResourceKind,
    ResourcePage,
)
from safetymap.partnership.public_site import (
    add_document,
    add_image,
    logo_png,
    make_home,
    publish,
    simple_pdf,
)


@dataclass
class Site:
    home: PartnershipHomePage
    about: ContentPage
    newsletters: NewsletterIndexPage
    library: ResourceIndexPage


def build_site() -> Site:
    home = PartnershipHomePage(
        title="Fictional partnership",
        slug="partnership",
        intro="<p>What the fictional partnership does.</p>",
        working_well="<p>Briefings are full.</p>",
        worried_about="<p>Scaling is rare.</p>",
        needs_to_happen="<p>More foundation courses.</p>",
    )
    image = add_image("Fictional partner logo", "logo.png", logo_png("FP", (0, 0, 0)))
    home.partners.add(PartnerLogo(name="Fictional Partner", image=image))
    make_home(home)
    about = publish(
        home, ContentPage(title="What Signs of Safety is", slug="sos", body="<p>Three q.</p>")
    )
    newsletters = publish(home, NewsletterIndexPage(title="Newsletters", slug="newsletters"))
    library = publish(home, ResourceIndexPage(title="Resources", slug="resources"))
    return Site(home, about, newsletters, library)


def add_issue(site: Site, number: int, *, with_pdf: bool = False, ago: int = 0, publish_it=True):
    pdf = (
        add_document(f"Issue {number}", f"issue-{number}.pdf", simple_pdf(f"Issue {number}", []))
        if with_pdf
        else None
    )
    page = NewsletterIssuePage(
        title=f"Fictional issue {number}",
        slug=f"issue-{number}",
        issue_number=number,
        issue_date=timezone.localdate() - datetime.timedelta(days=ago),
        summary=f"Summary of issue {number}",
        body="<p>News.</p>",
        pdf=pdf,
    )
    if publish_it:
        return publish(site.newsletters, page)
    page.live = False
    site.newsletters.add_child(instance=page)
    page.save_revision()
    return page


def add_resource(site: Site, title: str, version: str, **fields) -> ResourcePage:
    kind = fields.pop("kind", ResourceKind.TEMPLATE)
    if kind != ResourceKind.LINK:
        fields.setdefault(
            "document", add_document(title, "resource.pdf", simple_pdf(title, [version]))
        )
    return publish(
        site.library,
        ResourcePage(
            title=title,
            slug=slugify(f"{title} {version}".replace(".", "-")),
            kind=kind,
            version=version,
            effective_from=timezone.localdate(),
            **fields,
        ),
    )

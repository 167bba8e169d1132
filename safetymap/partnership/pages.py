"""The partnership's public pages, edited in Wagtail by the partnership's editors.

Everything here is public information about the programme; none of it is case data. Pages are
served by the project's own templates (GOV.UK Frontend) under /partnership/. Rich text keeps only
the features in SAFETYMAP_RICH_TEXT_FEATURES, whichever way it is saved (rich_text.sanitise).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils.feedgenerator import Atom1Feed
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from safetymap.partnership.rich_text import sanitise

FEATURES = settings.SAFETYMAP_RICH_TEXT_FEATURES


def _rich_text(**kwargs) -> RichTextField:
    return RichTextField(features=FEATURES, blank=True, **kwargs)


class PublicPage(Page):
    """The common part: a short summary for lists and search, and sanitised rich text."""

    summary = models.CharField(
        max_length=300, blank=True, help_text="One or two sentences, shown in lists of pages"
    )
    rich_text_fields: tuple[str, ...] = ()

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        self._sanitise()
        super().full_clean(*args, **kwargs)

    def save(self, *args, **kwargs):
        self._sanitise()
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["public_links"] = _public_links(request)
        return context

    def _sanitise(self) -> None:
        for name in self.rich_text_fields:
            setattr(self, name, sanitise(getattr(self, name)))


def _public_links(request) -> list[dict[str, str]]:
    """The home page and its sections, for the side links on every public page."""
    home = PartnershipHomePage.objects.live().first()
    if home is None:
        return []
    sections = home.get_children().live().public().order_by("path")
    return [{"url": home.get_url(request), "text": "Partnership home"}] + [
        {"url": section.get_url(request), "text": section.title} for section in sections
    ]


class PartnershipHomePage(PublicPage):
    """/partnership/: what the partnership does, its progress in the three questions, partners."""

    intro = _rich_text(help_text="What the partnership is and what Signs of Safety is, briefly")
    working_well = _rich_text(verbose_name="What's working well")
    worried_about = _rich_text(verbose_name="What we're worried about")
    needs_to_happen = _rich_text(verbose_name="What needs to happen")
    progress_as_of = models.DateField(
        null=True, blank=True, help_text="When the progress section was last brought up to date"
    )
    rich_text_fields = ("intro", "working_well", "worried_about", "needs_to_happen")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("progress_as_of"),
                FieldPanel("working_well"),
                FieldPanel("worried_about"),
                FieldPanel("needs_to_happen"),
            ],
            heading="Our progress, in the three questions",
        ),
        InlinePanel("partners", label="Partner logos"),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "partnership.ContentPage",
        "partnership.NewsletterIndexPage",
        "partnership.ResourceIndexPage",
    ]
    max_count = 1
    template = "partnership/public/home.html"

    class Meta:
        verbose_name = "partnership home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.get_children().live().public().specific().order_by("path")
        context["partner_logos"] = self.partners.select_related("image")
        return context


class PartnerLogo(Orderable):
    page = ParentalKey(PartnershipHomePage, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200, help_text="Also the logo's text alternative")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    url = models.URLField(blank=True, verbose_name="Partner's website")

    panels = [FieldPanel("name"), FieldPanel("image"), FieldPanel("url")]

    def __str__(self) -> str:
        return self.name


class ContentPage(PublicPage):
    """A page of text, such as "What Signs of Safety is"."""

    body = _rich_text()
    rich_text_fields = ("body",)
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("body")]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]
    parent_page_types = ["partnership.PartnershipHomePage", "partnership.ContentPage"]
    subpage_types = ["partnership.ContentPage"]
    template = "partnership/public/content.html"


# --- Newsletters ----------------------------------------------------------------------------------


class NewsletterIndexPage(RoutablePageMixin, PublicPage):
    """The archive of newsletter issues, newest first, and their Atom feed (feed/)."""

    intro = _rich_text()
    rich_text_fields = ("intro",)
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["partnership.PartnershipHomePage"]
    subpage_types = ["partnership.NewsletterIssuePage"]
    max_count = 1
    template = "partnership/public/newsletters.html"

    class Meta:
        verbose_name = "newsletter archive"

    def issues(self):
        return (
            NewsletterIssuePage.objects.child_of(self)
            .live()
            .public()
            .select_related("pdf")
            .order_by("-issue_date", "-issue_number")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = self.issues()
        return context

    @path("feed/", name="feed")
    def feed(self, request):
        """The Atom feed of every published issue (RFC 4287), newest first."""
        # The configured address, not the request's Host header (which the sender chooses).
        site_root = settings.SAFETYMAP_BASE_URL.rstrip("/")
        feed = Atom1Feed(
            title=f"{self.title}",
            link=site_root + self.url,
            description=self.summary,
            feed_url=site_root + self.url + "feed/",
            language="en-gb",
        )
        for issue in self.issues()[:50]:
            feed.add_item(
                title=issue.title,
                link=site_root + issue.url,
                description=issue.summary,
                pubdate=issue.first_published_at,
                updateddate=issue.last_published_at,
                unique_id=site_root + issue.url,
            )
        response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
        feed.write(response, "utf-8")
        return response


class NewsletterIssuePage(PublicPage):
    issue_number = models.PositiveIntegerField()
    issue_date = models.DateField()
    body = _rich_text()
    pdf = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="PDF of the issue",
    )
    rich_text_fields = ("body",)
    content_panels = [
        *Page.content_panels,
        FieldPanel("issue_number"),
        FieldPanel("issue_date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("pdf"),
    ]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]
    parent_page_types = ["partnership.NewsletterIndexPage"]
    subpage_types: list[str] = []
    template = "partnership/public/newsletter_issue.html"

    class Meta:
        verbose_name = "newsletter issue"


# --- Resources ------------------------------------------------------------------------------------


class ResourceKind(models.TextChoices):
    TEMPLATE = "TEMPLATE", "Template"
    GUIDANCE = "GUIDANCE", "Guidance"
    LINK = "LINK", "Link"


class ResourceIndexPage(PublicPage):
    """The resource library: current versions by kind, then earlier versions."""

    intro = _rich_text()
    rich_text_fields = ("intro",)
    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("intro")]
    parent_page_types = ["partnership.PartnershipHomePage"]
    subpage_types = ["partnership.ResourcePage"]
    max_count = 1
    template = "partnership/public/resources.html"

    class Meta:
        verbose_name = "resource library"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = list(
            ResourcePage.objects.child_of(self)
            .live()
            .public()
            .select_related("document", "superseded_by")
            .order_by("title", "-effective_from")
        )
        current = [r for r in resources if not r.is_superseded]
        context["groups"] = [
            (label, [r for r in current if r.kind == kind])
            for kind, label in ResourceKind.choices
            if any(r.kind == kind for r in current)
        ]
        context["superseded"] = [r for r in resources if r.is_superseded]
        return context


class ResourcePage(PublicPage):
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    version = models.CharField(max_length=20, help_text="For example 2.1")
    effective_from = models.DateField()
    body = _rich_text(help_text="What it is for and how to use it")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text="The file, for templates and guidance",
    )
    link_url = models.URLField(blank=True, help_text="For a link to another site")
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        related_name="supersedes",
        null=True,
        blank=True,
        help_text="The newer version that replaces this one",
    )
    rich_text_fields = ("body",)
    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("version"),
        FieldPanel("effective_from"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("document"),
        FieldPanel("link_url"),
        FieldPanel("superseded_by"),
    ]
    search_fields = [*PublicPage.search_fields, index.SearchField("body")]
    parent_page_types = ["partnership.ResourceIndexPage"]
    subpage_types: list[str] = []
    template = "partnership/public/resource.html"

    class Meta:
        verbose_name = "resource"

    @property
    def is_superseded(self) -> bool:
        return self.superseded_by_id is not None

    def clean(self):
        super().clean()
        if self.kind == ResourceKind.LINK and not self.link_url:
            raise ValidationError({"link_url": "Enter the address of the link"})
        if self.kind != ResourceKind.LINK and not self.document_id:
            raise ValidationError({"document": "Choose the file for this resource"})
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "A resource cannot supersede itself"})

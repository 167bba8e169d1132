"""The partnership's public pages (Wagtail): read by anyone, written only by the editors."""

from __future__ import annotations

import re

import pytest
from defusedxml import ElementTree
from django.test import Client

from safetymap.accounts.roles import Role
from safetymap.partnership.pages import NewsletterIssuePage, ResourcePage
from safetymap.partnership.public_site import simple_pdf
from safetymap.partnership.rich_text import sanitise
from tests.partnership.public_pages import add_issue, add_resource, build_site
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site():
    return build_site()


def test_a_visitor_without_an_account_reads_the_home_page(client: Client, site):
    response = client.get("/partnership/")
    assert response.status_code == 200
    html = response.content.decode()
    for words in ("What's working well", "What we're worried about", "What needs to happen"):
        assert words in html
    assert "Briefings are full." in html and 'class="govuk-body"' in html
    assert 'alt="Fictional Partner"' in html
    logo = re.search(r'src="(/partnership/images/[^"]+)"', html).group(1)
    assert client.get(logo).status_code == 200
    assert 'href="/partnership/sos/"' in html
    assert 'href="/partnership/request-a-briefing/"' in html


def test_content_pages_have_breadcrumbs_and_govuk_markup(client: Client, site):
    html = client.get("/partnership/sos/").content.decode()
    assert 'class="govuk-breadcrumbs__link" href="/partnership/"' in html
    related = html.split('id="related-title"')[1]
    for href in ("/partnership/", "/partnership/newsletters/", "/partnership/resources/"):
        assert f'href="{href}"' in related
    assert '<h1 class="govuk-heading-l">What Signs of Safety is</h1>' in html


def test_the_newsletter_archive_lists_published_issues_newest_first(client: Client, site):
    add_issue(site, 1, ago=60)
    add_issue(site, 2, ago=30, with_pdf=True)
    add_issue(site, 3, publish_it=False)  # a draft
    html = client.get("/partnership/newsletters/").content.decode()
    assert html.index("Fictional issue 2") < html.index("Fictional issue 1")
    assert "Fictional issue 3" not in html
    assert client.get("/partnership/newsletters/issue-3/").status_code == 404


def test_the_atom_feed_is_valid_xml_with_an_entry_per_published_issue(client: Client, site):
    add_issue(site, 1, ago=60)
    add_issue(site, 2, ago=30)
    add_issue(site, 3, publish_it=False)
    response = client.get("/partnership/newsletters/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "Fictional issue 2",
        "Fictional issue 1",
    ]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith("/partnership/newsletters/issue-2/")
    assert all(e.find(f"{ATOM}updated") is not None for e in entries)


def test_the_feeds_links_start_with_the_configured_base_url_not_the_requests_host(
    client: Client, site, settings
):
    settings.SAFETYMAP_BASE_URL = "https://safetymap.larkford.example"
    settings.ALLOWED_HOSTS = ["*"]  # as if a proxy passed any Host through
    add_issue(site, 1, ago=60)
    response = client.get("/partnership/newsletters/feed/", HTTP_HOST="attacker.example")
    assert b"attacker.example" not in response.content
    feed = ElementTree.fromstring(response.content)
    link = feed.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
    assert link == "https://safetymap.larkford.example/partnership/newsletters/issue-1/"


def test_the_archive_links_to_the_feed(client: Client, site):
    html = client.get("/partnership/newsletters/").content.decode()
    assert 'href="/partnership/newsletters/feed/"' in html


def test_a_newsletter_pdf_downloads_as_an_attachment_that_is_not_sniffed(client: Client, site):
    add_issue(site, 1, with_pdf=True)
    html = client.get("/partnership/newsletters/issue-1/").content.decode()
    href = re.search(r'href="(/partnership/documents/[^"]+)"', html).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_resource_library_shows_current_versions_and_what_superseded_the_old(
    client: Client, site
):
    old = add_resource(site, "Conference report", "1.0")
    new = add_resource(site, "Conference report", "2.0")
    old.superseded_by = new
    old.save_revision().publish()
    add_resource(site, "GOV.UK guidance", "2023", kind="LINK", link_url="https://gov.uk/x")
    html = client.get("/partnership/resources/").content.decode()
    current, earlier = html.split("Earlier versions")
    assert "Version 2.0" in current and "Version 1.0" not in current
    assert "Conference report, version 1.0" in earlier and "superseded by" in earlier
    assert "GOV.UK guidance" in current
    old_page = client.get(old.url).content.decode()
    assert "This version has been superseded by" in old_page
    assert f'href="{new.url}"' in old_page
    assert "Replaces" in client.get(new.url).content.decode()


def test_a_resource_needs_its_file_or_link(site):
    from django.core.exceptions import ValidationError

    page = ResourcePage(
        title="x", slug="x", kind="TEMPLATE", version="1", effective_from="2026-01-01"
    )
    with pytest.raises(ValidationError, match="Choose the file"):
        page.clean()
    page.kind = "LINK"
    with pytest.raises(ValidationError, match="address of the link"):
        page.clean()


def test_rich_text_keeps_only_the_whitelisted_features(site):
    dirty = (
        '<p onclick="steal()">Hello <script>alert(1)</script><b>bold</b>'
        '<img src=x onerror="alert(2)"><iframe src="https://evil.example"></iframe>'
        '<a href="javascript:alert(3)">link</a></p><style>p{}</style>'
    )
    clean = sanitise(dirty)
    for bad in ("<script", "onclick", "onerror", "<img", "<iframe", "javascript:", "<style"):
        assert bad not in clean
    assert "<b>bold</b>" in clean


def test_rich_text_saved_without_the_editor_is_sanitised_too(client: Client, site):
    issue = add_issue(site, 1)
    issue.body = '<p>News</p><script>alert("x")</script><p onmouseover="x()">More</p>'
    issue.save_revision().publish()
    issue.refresh_from_db()
    assert "<script" not in issue.body and "onmouseover" not in issue.body
    html = client.get(issue.url).content.decode()
    assert "onmouseover" not in html and "alert(" not in html


def test_public_pages_keep_the_strict_content_security_policy(client: Client, site):
    policy = client.get("/partnership/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "style-src 'self'" in policy


def test_the_archive_queries_do_not_grow_with_the_issues(client: Client, site):
    counter = iter(range(1, 100))

    def grow():
        add_issue(site, next(counter), with_pdf=True)

    grow()
    client.get("/partnership/newsletters/")  # Wagtail caches the site's root paths once
    assert_queries_do_not_grow(lambda: client.get("/partnership/newsletters/"), grow)
    assert_queries_do_not_grow(lambda: client.get("/partnership/newsletters/feed/"), grow)


def test_the_resource_library_queries_do_not_grow_with_the_resources(client: Client, site):
    counter = iter(range(1, 100))

    def grow():
        n = next(counter)
        old = add_resource(site, f"Template {n}", "1.0")
        old.superseded_by = add_resource(site, f"Template {n}", "2.0")
        old.save_revision().publish()

    grow()
    client.get("/partnership/resources/")  # Wagtail caches the site's root paths once
    assert_queries_do_not_grow(lambda: client.get("/partnership/resources/"), grow)


def test_simple_pdf_is_a_pdf():
    pdf = simple_pdf("A title (with brackets)", ["A line"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")


# --- Editors ----------------------------------------------------------------------------------


def test_wagtail_urls_are_public_under_partnership_and_refused_elsewhere():
    from safetymap.accounts.middleware import PUBLIC_PATH_PREFIXES
    from tests.access.urls_partnership import WAGTAIL

    assert {
        "wagtail_serve",
        "wagtaildocs_serve",
        "wagtailimages_serve",
        "wagtailadmin_home",
    } <= set(WAGTAIL)
    for name, prefix in WAGTAIL.items():
        assert prefix.startswith(PUBLIC_PATH_PREFIXES) == (prefix != "/editor/"), name


@pytest.mark.parametrize("role", [Role.PARTNERSHIP_ADMINISTRATOR, Role.PRACTICE_LEAD])
def test_editors_reach_the_wagtail_admin(signed_in, role, site):
    client = signed_in(role)
    assert client.get("/editor/").status_code == 200
    assert client.get(f"/editor/pages/{site.newsletters.pk}/").status_code == 200
    assert client.get("/editor/documents/").status_code == 200


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.PARTNERSHIP_ADMINISTRATOR, Role.PRACTICE_LEAD)]
)
def test_everyone_else_is_refused_the_admin(signed_in, role):
    client = signed_in(role)
    for path in ("/editor/", "/editor/pages/", "/editor/documents/", "/editor/images/"):
        assert client.get(path).status_code == 403, path


def test_signed_out_visitors_are_sent_to_the_services_own_sign_in(client: Client):
    for path in ("/editor/", "/editor/pages/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/sign-in/?next=/editor/")


def test_wagtails_own_sign_in_user_and_group_screens_are_not_there(signed_in):
    client = signed_in(Role.PARTNERSHIP_ADMINISTRATOR)
    for path in ("/editor/users/", "/editor/groups/", "/editor/login/", "/editor/password_reset/"):
        assert client.get(path).status_code == 404, path
    home = client.get("/editor/").content.decode()
    assert 'href="/editor/users/"' not in home and 'href="/editor/groups/"' not in home


def test_the_admin_has_its_own_content_security_policy_only_under_its_path(signed_in, site):
    client = signed_in(Role.PRACTICE_LEAD)
    admin_policy = client.get("/editor/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in admin_policy
    assert "script-src 'self'" in admin_policy and "script-src 'self' 'unsafe" not in admin_policy
    assert "unsafe-inline" not in client.get("/partnership/")["Content-Security-Policy"]
    assert "unsafe-inline" not in client.get("/training/")["Content-Security-Policy"]


def test_an_editor_publishes_a_newsletter_issue_with_a_pdf_through_the_admin(signed_in, site):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents.models import Document

    client = signed_in(Role.PARTNERSHIP_ADMINISTRATOR)
    pdf = SimpleUploadedFile("issue-9.pdf", simple_pdf("Issue 9", ["News"]), "application/pdf")
    response = client.post(
        "/editor/documents/add/",
        {"title": "Issue 9 (PDF)", "file": pdf, "collection": site_collection_id()},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get(title="Issue 9 (PDF)")
    response = client.post(
        f"/editor/pages/add/partnership/newsletterissuepage/{site.newsletters.pk}/",
        {
            "title": "Fictional issue 9",
            "slug": "issue-9",
            "issue_number": "9",
            "issue_date": "2026-11-01",
            "summary": "The ninth",
            "body": '{"blocks":[{"key":"a","type":"unstyled","depth":0,"text":"News.",'
            '"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "pdf": str(document.pk),
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = NewsletterIssuePage.objects.get(slug="issue-9")
    assert issue.live and issue.pdf_id == document.pk
    from safetymap.audit.models import AuditEvent

    event = AuditEvent.objects.filter(subject_id=str(issue.pk), details__published__isnull=False)
    assert event.get().actor.roles == {Role.PARTNERSHIP_ADMINISTRATOR}
    visitor = Client()
    assert "Fictional issue 9" in visitor.get("/partnership/newsletters/").content.decode()
    assert b"Fictional issue 9" in visitor.get("/partnership/newsletters/feed/").content


def site_collection_id() -> int:
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def test_uploads_must_really_be_pdfs(signed_in, site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(Role.PRACTICE_LEAD)
    fake = SimpleUploadedFile(
        "fake.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"
    )
    response = client.post(
        "/editor/documents/add/",
        {"title": "Fake", "file": fake, "collection": site_collection_id()},
    )
    assert response.status_code == 200
    assert "The selected file must be a PDF" in response.content.decode()
    word = SimpleUploadedFile("report.docx", b"PK\x03\x04", "application/octet-stream")
    response = client.post(
        "/editor/documents/add/",
        {"title": "Word", "file": word, "collection": site_collection_id()},
    )
    assert response.status_code == 200
    assert "pdf" in response.content.decode().lower()


def test_an_oversized_document_is_refused(signed_in, site, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    client = signed_in(Role.PRACTICE_LEAD)
    big = simple_pdf("Big", ["x" * 80] * 200) + b"%" + b"0" * 4096
    response = client.post(
        "/editor/documents/add/",
        {
            "title": "Big",
            "file": SimpleUploadedFile("big.pdf", big, "application/pdf"),
            "collection": site_collection_id(),
        },
    )
    assert response.status_code == 200
    assert "too big" in response.content.decode().lower()

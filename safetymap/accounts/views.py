from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST

from safetymap.access.decorators import capability_required
from safetymap.access.policy import Capability, can
from safetymap.accounts import identity_provider, links, selectors, services, sessions
from safetymap.accounts import second_step as second_step_rules
from safetymap.accounts.forms import (
    OrganisationForm,
    SecondStepForm,
    SignInForm,
    TeamForm,
    UserForm,
)
from safetymap.accounts.models import Organisation, Team, User
from safetymap.accounts.roles import Role
from safetymap.audit.changes import form_changes
from safetymap.audit.selectors import recent_activity_of
from safetymap.core import public_forms
from safetymap.core.home import home_sections
from safetymap.core.views import form_page, posted


def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url or "accounts:my-work")
    form = SignInForm(request, data=posted(request))
    if form.is_valid():
        login(request, form.user)
        return _to_second_step(next_url)
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next": next_url,
            "heading": "Sign in",
            "submit_text": "Sign in",
            "identity_provider_name": identity_provider.provider_name(),
        },
    )


def _to_second_step(next_url: str) -> HttpResponse:
    url = reverse("accounts:second-step")
    return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        return ""
    return next_url


def second_step(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the person's authenticator app or a backup code."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    next_url = _safe_next(request)
    if request.user.is_verified():
        return redirect(next_url or "accounts:my-work")
    if not second_step_rules.has_second_step(request.user):
        url = reverse("accounts:second-step-setup")
        return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    form = SecondStepForm(posted(request))
    if form.is_valid():
        try:
            second_step_rules.verify(request, request.user, form.cleaned_data["code"])
        except second_step_rules.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            return redirect(next_url or "accounts:my-work")
    return render(
        request,
        "accounts/second_step.html",
        {
            "form": form,
            "next": next_url,
            "heading": "Enter your security code",
            "submit_text": "Continue",
        },
    )


def second_step_setup(request: HttpRequest) -> HttpResponse:
    """First sign-in: add the service to an authenticator app, then keep the backup codes."""
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    next_url = _safe_next(request)
    if request.user.is_verified() or second_step_rules.has_second_step(request.user):
        return redirect(next_url or "accounts:my-work")
    if second_step_rules.set_up_link_of(request, request.user) is None:
        # The password alone never adds an app: that needs a link from an administrator.
        return render(
            request,
            "accounts/set_up_link_needed.html",
            {"reason": second_step_rules.NEEDS_SET_UP_LINK},
            status=403,
        )
    enrolment = second_step_rules.start_enrolment(request.user)
    form = SecondStepForm(posted(request))
    form.fields["code"].help_text = "The 6-digit code your app shows after you add the service"
    if form.is_valid():
        try:
            codes = second_step_rules.confirm_enrolment(
                request, request.user, form.cleaned_data["code"]
            )
        except second_step_rules.CodeRefused as refusal:
            form.add_error("code", str(refusal))
        else:
            return render(
                request,
                "accounts/backup_codes.html",
                {"codes": codes, "next": next_url or reverse("accounts:my-work")},
            )
    return render(
        request,
        "accounts/second_step_setup.html",
        {
            "form": form,
            "next": next_url,
            "enrolment": enrolment,
            "heading": "Set up your security codes",
            "submit_text": "Continue",
        },
    )


def set_up_link(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use link an administrator issued: remember it in this browser (its id, not the
    token) through signing in, then on to setting up the authenticator app."""
    link = second_step_rules.usable_set_up_link(token)
    if link is None:
        # The same page for an unknown, used, expired or replaced link (status 200: the page
        # itself is the answer, as for feedback links).
        response = render(request, "accounts/set_up_link_problem.html")
    elif request.user.is_authenticated and request.user.pk != link.user_id:
        response = render(
            request,
            "accounts/set_up_link_problem.html",
            {"someone_else": True},
            status=403,
        )
    else:
        request.session[second_step_rules.SET_UP_LINK_SESSION_KEY] = link.pk
        if request.user.is_authenticated:
            response = redirect("accounts:second-step-setup")
        else:
            messages.info(
                request,
                "Sign in with your email address and password, then set up your security codes.",
            )
            response = redirect("accounts:sign-in")
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("accounts:sign-in")


def sign_ins(request: HttpRequest) -> HttpResponse:
    """Where the person is signed in, with a button to sign out everywhere else."""
    return render(
        request,
        "accounts/sign_ins.html",
        {
            "sign_ins": sessions.sign_ins_of(request.user, request.session.session_key),
            "identity_provider_name": identity_provider.provider_name(),
        },
    )


@require_POST
def sign_out_elsewhere(request: HttpRequest) -> HttpResponse:
    ended = services.sign_out_elsewhere(request.user, request.session.session_key)
    messages.success(
        request,
        "You have been signed out on every other device."
        if ended
        else "You were not signed in anywhere else.",
    )
    return redirect("accounts:sign-ins")


def my_work(request: HttpRequest) -> HttpResponse:
    """Each person's home page: what they must do next, gathered from the sections the apps
    provide (core.home), so this page imports none of them."""
    user = request.user
    return render(
        request,
        "accounts/my_work.html",
        {
            "roles": sorted(r.label for r in user.roles),
            "recent_activity": recent_activity_of(user),
            "sections": home_sections(user),
            "manages_reference_data": can(user, Capability.MANAGE_REFERENCE_DATA),
        },
    )


# --- Reference data: organisations and user accounts (system administrators only) ------------


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/team_list.html", {"teams": selectors.teams_with_people()})


def _saved(what: str) -> str:
    """The message after saving reference data, naming what was saved."""
    return f"{what} has been saved."


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def team_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    creating = pk is None
    team = Team() if creating else get_object_or_404(Team, pk=pk)
    form = TeamForm(posted(request), instance=team, by=request.user)
    return form_page(
        request,
        form,
        save=lambda d: _saved(
            services.save_team(
                by=request.user, form=form, changes=form_changes(form, creating=creating)
            ).name
        ),
        refused=services.AccountChangeRefused,
        record=None if creating else team,
        done="The team has been saved.",
        template="accounts/organisation_form.html",
        back_url=reverse("accounts:team-list"),
        heading="Add a team" if creating else f"Change {team.name}",
        submit_text="Save team",
        back_text="Back to teams",
    )


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def organisation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": selectors.organisations_with_user_counts()},
    )


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    creating = pk is None
    organisation = Organisation() if creating else get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(posted(request), instance=organisation)
    return form_page(
        request,
        form,
        save=lambda d: _saved(
            services.save_organisation(
                by=request.user,
                organisation=form.instance,
                changes=form_changes(form, creating=creating),
            ).name
        ),
        refused=(),
        record=None if creating else organisation,
        done="The organisation has been saved.",
        template="accounts/organisation_form.html",
        back_url=reverse("accounts:organisation-list"),
        heading="Add an organisation" if creating else f"Change {organisation.name}",
        submit_text="Save organisation",
        back_text="Back to organisations",
    )


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def user_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/user_list.html", {"accounts": selectors.user_accounts()})


@capability_required(Capability.MANAGE_REFERENCE_DATA)
def user_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    creating = pk is None
    account = User() if creating else get_object_or_404(User, pk=pk)
    form = UserForm(posted(request), instance=account)
    return form_page(
        request,
        form,
        save=lambda d: _saved(
            "The account for "
            + services.save_user_account(
                by=request.user,
                account=form.instance,
                roles=[Role(value) for value in d["roles"]],
                changes=form_changes(form, creating=creating),
            ).full_name
        ),
        refused=services.AccountChangeRefused,
        record=None if creating else account,
        done="The account has been saved.",
        template="accounts/user_form.html",
        back_url=reverse("accounts:user-list"),
        creating=creating,
        heading="Add a user" if creating else f"Change {account.full_name}",
        submit_text="Save user",
        back_text="Back to users",
    )


@require_POST
@capability_required(Capability.MANAGE_REFERENCE_DATA)
def user_reset_second_step(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    services.reset_second_step(by=request.user, account=account)
    messages.success(
        request,
        f"{account.full_name}'s security codes have been reset. Issue them a set-up link, "
        "so they can set up their authenticator app again.",
    )
    return redirect("accounts:user-edit", pk=pk)


@require_POST
@capability_required(Capability.MANAGE_REFERENCE_DATA)
def user_set_up_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue a set-up link and show it once, for the administrator to give to the person."""
    account = get_object_or_404(User, pk=pk)
    try:
        issued = services.issue_set_up_link(by=request.user, account=account)
    except services.AccountChangeRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("accounts:user-edit", pk=pk)
    return render(
        request, "accounts/set_up_link_issued.html", {"account": account, "issued": issued}
    )


def locked_out(
    request: HttpRequest, credentials: dict | None = None, *args, **kwargs
) -> HttpResponse:
    """Shown after too many wrong passwords for one account name (django-axes calls this)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "errors/locked.html", {"minutes": minutes}, status=429)


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """'Stay signed in' on the timeout warning: the request itself counts as activity."""
    return HttpResponse(status=204)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's "send me a link" page, with the public forms' rate limits: a few an hour from
    one address and for one email address, counted and refused the same whether or not the
    address has an account, so the page still says nothing about who has one. A refused request
    queues nothing; the form comes back with the reason, as the other public forms do."""

    def form_valid(self, form):
        if public_forms.hit(public_forms.PASSWORD_RESETS, self.request):
            form.add_error(None, public_forms.TOO_MANY)
            return self.form_invalid(form)
        return super().form_valid(form)

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "link_lasts": links.password_link_lasts()}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password" page; an expired link says how long links last."""

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "link_lasts": links.password_link_lasts()}

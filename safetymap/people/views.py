from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from safetymap.access.decorators import capability_required
from safetymap.access.policy import (
    AccessRefused,
    Capability,
    basis_for,
    can,
    searchable_children,
    searches_every_child,
)
from safetymap.core.views import form_page, posted
from safetymap.people import selectors, services
from safetymap.people.forms import (
    AddressFieldsMixin,
    ChildChangeForm,
    ChildDetailsForm,
    ChildListFilterForm,
    ChildSearchForm,
    ChooseRelativeForm,
    EnquiryReasonForm,
    HouseholdForm,
    HouseholdMemberForm,
    LinkChildForm,
    MembershipDatesForm,
    MergeChoiceForm,
    RelativeForm,
    changed_values,
    typed_details,
)
from safetymap.people.matching import PersonDetails
from safetymap.people.models import Child
from safetymap.safety.selectors import safety_for_child_page
from safetymap.voice.selectors import child_page_section

NEW_CHILD_SESSION_KEY = "new_child_details"

# The children list, a page at a time (a service manager sees thousands), in name order.
CHILDREN_ORDER = ("last_name", "first_name", "pk")
CHILDREN_PER_PAGE = 50
NEW_RELATIVE_SESSION_KEY = "new_relative_details_{}"

# Refusals a service may raise that the person can act on: shown as a form error.
REFUSALS = (services.PeopleChangeRefused, AccessRefused)


@capability_required(Capability.USE_CASE_WORK)
def child_list(request: HttpRequest) -> HttpResponse:
    filters = ChildListFilterForm(request.GET if "filter" in request.GET else None)
    show = filters.cleaned_data["show"] if filters.is_valid() else ""
    return render(
        request,
        "people/child_list.html",
        {
            "filters": filters,
            "children": selectors.children_list_page(
                request.user, show, CHILDREN_ORDER, CHILDREN_PER_PAGE, request.GET.get("cursor")
            ),
            "search": ChildSearchForm(),
            "can_open_in_emergency": can(request.user, Capability.OPEN_IN_EMERGENCY),
            "can_record_children": can(request.user, Capability.RECORD_CHILDREN),
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def search(request: HttpRequest) -> HttpResponse:
    """The header search's results: every child this person may search whose names, date of
    birth or identifiers match what was typed, with the reasons."""
    form = ChildSearchForm(request.GET if "q" in request.GET else None)
    found = (
        selectors.search_children(request.user, form.cleaned_data["q"]) if form.is_valid() else None
    )
    return render(
        request,
        "people/search.html",
        {
            "search": form,
            "found": found,
            "can_record_children": can(request.user, Capability.RECORD_CHILDREN),
            "header_search_hidden": True,  # the page's own box is the search
        },
    )


@capability_required(Capability.RECORD_CHILDREN)
def child_new(request: HttpRequest) -> HttpResponse:
    """Record a child: first check whether they are already known, then confirm a new record."""
    confirming = request.method == "POST" and "confirm_new" in request.POST
    data = request.session.get(NEW_CHILD_SESSION_KEY) if confirming else posted(request)
    form = ChildDetailsForm(data)
    if form.is_valid():
        if not confirming:
            found = selectors.find_children(request.user, typed_details(form.cleaned_data))
            if found:
                request.session[NEW_CHILD_SESSION_KEY] = form.data.dict()
                return render(
                    request,
                    "people/child_matches.html",
                    {"found": found, "typed": form.cleaned_data},
                )
        request.session.pop(NEW_CHILD_SESSION_KEY, None)
        child = services.record_child(by=request.user, details=form.cleaned_data)
        messages.success(request, f"{child.full_name} has been recorded ({child.la_child_id}).")
        return redirect("people:child", pk=child.pk)
    return render(
        request,
        "people/child_form.html",
        {
            "form": form,
            "heading": "Record a child",
            "submit_text": "Continue",
            "back_url": reverse("people:children"),
            "back_text": "Back to children",
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def child_record(request: HttpRequest, pk: int) -> HttpResponse:
    kept = selectors.merged_record_for(request.user, pk)
    if kept is not None:
        messages.info(request, "The record you opened was merged into this one.")
        return redirect("people:child", pk=kept)
    child = selectors.open_child_record(request.user, pk)
    return render(
        request,
        "people/child_record.html",
        {
            "child": child,
            "can_record": can(request.user, Capability.RECORD_CHILDREN),
            "can_merge": can(request.user, Capability.MERGE_DUPLICATE_CHILDREN),
            "can_restrict": can(request.user, Capability.RESTRICT_RECORDS),
            "voice_section": child_page_section(request.user, child),
            "child_safety": safety_for_child_page(request.user, child),
        },
    )


def _back_to(child: Child) -> dict[str, str]:
    return {
        "back_url": reverse("people:child", kwargs={"pk": child.pk}),
        "back_text": f"Back to {child.full_name}",
    }


@capability_required(Capability.RECORD_CHILDREN)
def child_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or change a child's details and address. A confidential address is only put in the
    form for the allocated worker and their team; everyone else can change the rest."""
    child = selectors.child_in_sight(request.user, pk, page="change details")
    hidden = child.address is not None and child.address.is_confidential
    with_address = not hidden or child.sees_confidential_address
    before = {name: getattr(child, name) for name in ChildDetailsForm.base_fields}
    initial = before | AddressFieldsMixin.address_initial(child.address if with_address else None)
    form = ChildChangeForm(posted(request), initial=initial, with_address=with_address)
    return form_page(
        request,
        form,
        save=lambda d: services.change_child_details(
            by=request.user,
            child=child,
            details={name: d[name] for name in ChildDetailsForm.base_fields},
            changes=changed_values(form, initial),
            address=form.address_details(),
            change_address=form.address_changed(),
        ),
        refused=REFUSALS,
        record=child,
        done=f"{child.full_name}'s details have been saved.",
        template="people/child_change.html",
        child=child,
        address_hidden=not with_address,
        heading=f"Change {child.full_name}'s details",
        submit_text="Save details",
        **_back_to(child),
    )


def _relative_query(data: dict) -> PersonDetails:
    return PersonDetails(
        first_name=data["first_name"],
        last_name=data["last_name"],
        date_of_birth=data.get("date_of_birth"),
    )


@capability_required(Capability.RECORD_CHILDREN)
def relative_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an adult or another child to the family and network: first check whether they are
    already known (in the family or network of a child this person can see), then choose."""
    child = selectors.child_in_sight(request.user, pk, page="add family member")
    session_key = NEW_RELATIVE_SESSION_KEY.format(child.pk)
    choosing = request.method == "POST" and "choosing" in request.POST
    form = RelativeForm(request.session.get(session_key) if choosing else posted(request))
    context = {
        "child": child,
        "heading": f"Add someone to {child.first_name}'s family and network",
        "submit_text": "Continue",
        **_back_to(child),
    }
    if form.is_valid():
        found = selectors.find_people(request.user, _relative_query(form.cleaned_data))
        choice = ChooseRelativeForm(
            request.POST if choosing else None, found=found, typed=form.cleaned_data
        )
        if found and not choice.is_valid():
            typed = form.data
            request.session[session_key] = typed.dict() if hasattr(typed, "dict") else typed
            return render(
                request,
                "people/relative_matches.html",
                {**context, "found": found, "form": choice, "typed": form.cleaned_data},
            )
        person = choice.chosen_person() if found else None
        try:
            link = services.add_relative(
                by=request.user,
                child=child,
                relationship=form.relationship_details(),
                person=person,
                new_person=None if person else form.person_details(),
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            request.session.pop(session_key, None)
            messages.success(
                request,
                f"{link.relative.full_name} has been added to {child.first_name}'s family "
                "and network.",
            )
            return redirect("people:child", pk=child.pk)
    return render(request, "people/relative_form.html", {**context, "form": form})


@capability_required(Capability.RECORD_CHILDREN)
def sibling_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Link another child this person can see (a brother or sister, say), both ways."""
    child = selectors.child_in_sight(request.user, pk, page="link a child")
    form = LinkChildForm(posted(request), children=selectors.linkable_children(request.user, child))
    if form.is_valid():
        other = form.cleaned_data["other_child"]
        try:
            services.link_children(
                by=request.user,
                child=child,
                other=other,
                relationship=form.relationship_details(),
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"{other.full_name} has been linked to {child.full_name}'s record."
            )
            return redirect("people:child", pk=child.pk)
    return render(
        request,
        "people/sibling_form.html",
        {
            "form": form,
            "child": child,
            "heading": f"Link another child to {child.first_name}'s record",
            "submit_text": "Link child",
            **_back_to(child),
        },
    )


@capability_required(Capability.RECORD_CHILDREN)
def household_add(request: HttpRequest, pk: int) -> HttpResponse:
    child = selectors.child_in_sight(request.user, pk, page="add household")
    form = HouseholdForm(posted(request), child_name=child.first_name)
    if form.is_valid():
        try:
            household = services.add_household(
                by=request.user,
                child=child,
                name=form.cleaned_data["name"],
                address=form.address_details(),
                lived_from=form.cleaned_data["lived_from"],
                lived_to=form.cleaned_data["lived_to"],
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{household.name} has been added.")
            return redirect("people:household", pk=child.pk, household=household.pk)
    return render(
        request,
        "people/household_form.html",
        {
            "form": form,
            "heading": f"Add a household for {child.first_name}",
            "submit_text": "Add household",
            **_back_to(child),
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def household(request: HttpRequest, pk: int, household: int) -> HttpResponse:
    child = selectors.child_in_sight(request.user, pk, page="household")
    return render(
        request,
        "people/household.html",
        {
            "child": child,
            "household": selectors.household_of(child, household, for_user=request.user),
            "can_record": can(request.user, Capability.RECORD_CHILDREN),
            **_back_to(child),
        },
    )


@capability_required(Capability.RECORD_CHILDREN)
def household_member_add(request: HttpRequest, pk: int, household: int) -> HttpResponse:
    child = selectors.child_in_sight(request.user, pk, page="add household member")
    home = selectors.household_of(child, household, for_user=request.user)
    form = HouseholdMemberForm(
        posted(request), network=selectors.network_of(child, for_user=request.user)
    )
    if form.is_valid():
        try:
            services.add_household_member(
                by=request.user,
                child=child,
                household=home,
                member=form.chosen(),
                lived_from=form.cleaned_data["lived_from"],
                lived_to=form.cleaned_data["lived_to"],
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{form.chosen().full_name} has been added to {home.name}.")
            return redirect("people:household", pk=child.pk, household=home.pk)
    return render(
        request,
        "people/household_member_form.html",
        {
            "form": form,
            "child": child,
            "heading": f"Add someone to {home.name}",
            "submit_text": "Add to household",
            "back_url": reverse("people:household", kwargs={"pk": child.pk, "household": home.pk}),
            "back_text": f"Back to {home.name}",
        },
    )


@capability_required(Capability.RECORD_CHILDREN)
def household_member_dates(
    request: HttpRequest, pk: int, household: int, member: int
) -> HttpResponse:
    """Change when someone lived in a household; an end date ends their membership."""
    child = selectors.child_in_sight(request.user, pk, page="household dates")
    membership = selectors.membership_of(child, household, member, for_user=request.user)
    who = (membership.person or membership.child).full_name
    form = MembershipDatesForm(
        posted(request),
        initial={"lived_from": membership.lived_from, "lived_to": membership.lived_to},
    )
    if form.is_valid():
        try:
            services.change_household_dates(
                by=request.user,
                child=child,
                membership=membership,
                lived_from=form.cleaned_data["lived_from"],
                lived_to=form.cleaned_data["lived_to"],
            )
        except REFUSALS as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"The dates {who} lived here have been saved.")
            return redirect("people:household", pk=child.pk, household=household)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": f"When did {who} live in {membership.household.name}?",
            "submit_text": "Save dates",
            "back_url": reverse(
                "people:household", kwargs={"pk": child.pk, "household": household}
            ),
            "back_text": f"Back to {membership.household.name}",
        },
    )


@capability_required(Capability.MERGE_DUPLICATE_CHILDREN)
def child_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager picks the other record of the same child, and which of the two to keep."""
    child = selectors.child_in_sight(request.user, pk, page="merge")
    candidates = [found.child for found in selectors.likely_duplicates(request.user, child)]
    form = MergeChoiceForm(posted(request), child=child, candidates=candidates)
    if candidates and form.is_valid():
        other = int(form.cleaned_data["other"])
        keep, duplicate = (
            (child.pk, other) if form.cleaned_data["keep"] == "this" else (other, child.pk)
        )
        return redirect("people:child-merge-confirm", keep=keep, duplicate=duplicate)
    return render(
        request,
        "people/merge_choose.html",
        {
            "form": form,
            "child": child,
            "candidates": candidates,
            "heading": f"Merge another record into {child.full_name}'s, or this one into it",
            "submit_text": "Continue",
            **_back_to(child),
        },
    )


@capability_required(Capability.MERGE_DUPLICATE_CHILDREN)
def child_merge_confirm(request: HttpRequest, keep: int, duplicate: int) -> HttpResponse:
    """Both records side by side; merging moves the duplicate's history into the record kept."""
    kept, dup = selectors.merge_pair(request.user, keep, duplicate)
    problem = ""
    if request.method == "POST":
        try:
            services.merge_children(by=request.user, keep=kept, duplicate=dup)
        except REFUSALS as refusal:
            problem = str(refusal)
        else:
            messages.success(
                request,
                f"{dup.la_child_id} has been merged into {kept.la_child_id}. Both histories are "
                "kept in this record.",
            )
            return redirect("people:child", pk=kept.pk)
    return render(
        request,
        "people/merge_confirm.html",
        {
            "kept": kept,
            "duplicate": dup,
            "problem": problem,
            "back_url": reverse("people:child-merge", kwargs={"pk": kept.pk}),
            "back_text": "Back",
        },
    )


@capability_required(Capability.USE_CASE_WORK)
def front_door_enquiry(request: HttpRequest, pk: int) -> HttpResponse:
    if not searches_every_child(request.user):
        reason = (
            "Only the front door, and the out-of-hours duty worker during their shift, can open "
            "a record they are not working with."
        )
        return render(request, "errors/403.html", {"reason": reason}, status=403)
    child = get_object_or_404(searchable_children(request.user), pk=pk)
    if basis_for(request.user, pk):
        return redirect("people:child", pk=pk)
    form = EnquiryReasonForm(posted(request))
    if form.is_valid():
        services.open_front_door_enquiry(
            by=request.user, child=child, reason=form.cleaned_data["reason"]
        )
        return redirect("people:child", pk=pk)
    return render(
        request,
        "people/enquiry_form.html",
        {
            "form": form,
            "child": child,
            "heading": f"Open the record of {child.full_name}",
            "front_door_hours": settings.SAFETYMAP_FRONT_DOOR_ENQUIRY_HOURS,
            "submit_text": "Open the record",
            "back_url": reverse("people:children"),
            "back_text": "Back to children",
        },
    )

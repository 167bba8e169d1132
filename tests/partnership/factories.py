"""Factories for the partnership's programme. Everyone is plainly fictional."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from safetymap.accounts.roles import Role
from safetymap.partnership.models import (
    Booking,
    BookingStatus,
    BriefingFormat,
    BriefingRequest,
    BriefingTopic,
    Course,
    CourseType,
    PracticeStory,
    TrainingSession,
)
from tests.factories import UserFactory


class BriefingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingRequest

    organisation = factory.Sequence(lambda n: f"Fictional School {n}")
    contact_name = "Fictional Contact"
    email = factory.Sequence(lambda n: f"contact{n}@school.example")
    audience = "Teaching assistants"
    audience_size = 10
    topics = factory.LazyFunction(lambda: [BriefingTopic.SOS_OVERVIEW])
    preferred_dates = "Any Monday"
    preferred_format = BriefingFormat.ONLINE


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    course_type = CourseType.FOUNDATION
    title = factory.Sequence(lambda n: f"Fictional course {n}")
    days = Decimal("2")


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A session in the future, open for booking; ``starts_on`` to move it."""

    class Meta:
        model = TrainingSession

    course = factory.SubFactory(CourseFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda s: s.starts_on + datetime.timedelta(days=1))
    venue = "Fictional Civic Centre"
    trainer = factory.SubFactory(UserFactory, roles=[Role.TRAINER])
    trainer_is_licensed = True
    capacity = 2


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    session = factory.SubFactory(TrainingSessionFactory)
    user = factory.SubFactory(UserFactory, roles=[Role.SOCIAL_WORKER])
    name = factory.LazyAttribute(lambda b: b.user.full_name if b.user else "Fictional Guest")
    status = BookingStatus.CONFIRMED
    booked_at = factory.LazyFunction(timezone.now)
    recorded_by = factory.LazyAttribute(lambda b: b.user or b.session.trainer)


class PracticeStoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticeStory

    title = factory.Sequence(lambda n: f"A fictional story {n}")
    working_well = "The network met."
    worried_about = "Nobody knew the worry."
    needs_to_happen = "Read the danger statement together."
    author = factory.SubFactory(UserFactory, roles=[Role.PARTNER_PRACTITIONER])

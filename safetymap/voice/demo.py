"""The child's voice for the fictional Larkford families (called by safetymap/demo/services.py).

Zara (on a child protection plan) has Three Houses with a drawing, a Safety House and Words and
Pictures shared with her; her brother Musa has none yet, so R26's flag shows on his page and on
the social worker's My work. Amara (in assessment, with a draft map) has Three Houses whose words
can be added to the map. Written as records, like the rest of the demo history; the drawing goes
through the uploads path (checked, re-encoded, stored outside the web root). Everyone is
fictional."""

from __future__ import annotations

import datetime
import io

from django.utils import timezone
from PIL import Image, ImageDraw

from safetymap.accounts.models import User
from safetymap.people.models import Child
from safetymap.uploads.services import keep_picture
from safetymap.voice.models import ChildVoiceRecord, Drawing, WordsAndPictures, WordsAndPicturesPage
from safetymap.voice.selectors import DRAWING, PICTURE

SOCIAL_WORKER = "social.worker@larkford.example"
ZARA, AMARA = "LRK0000301", "LRK0000101"


def three_houses_drawing() -> bytes:
    """A child-like drawing of three houses, made on the spot."""
    image = Image.new("RGB", (600, 300), "white")
    draw = ImageDraw.Draw(image)
    for left, colour in ((30, "#d4351c"), (220, "#00703c"), (410, "#1d70b8")):
        draw.rectangle((left, 140, left + 160, 270), outline=colour, width=6)
        draw.polygon([(left - 10, 140), (left + 80, 50), (left + 170, 140)], outline=colour)
        draw.rectangle((left + 60, 200, left + 100, 270), fill=colour)
    return _png(image)


def safe_at_nans() -> bytes:
    image = Image.new("RGB", (400, 300), "#fff7d6")
    draw = ImageDraw.Draw(image)
    draw.ellipse((300, 20, 370, 90), fill="#ffdd00")
    draw.rectangle((80, 130, 260, 270), outline="#1d70b8", width=6)
    draw.polygon([(70, 130), (170, 50), (270, 130)], fill="#d4351c")
    return _png(image)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def load_voice_demo() -> None:
    if ChildVoiceRecord.objects.exists():
        return
    worker = User.objects.get(email=SOCIAL_WORKER)
    today = timezone.localdate()
    days = datetime.timedelta
    zara = Child.objects.filter(la_child_id=ZARA).first()
    amara = Child.objects.filter(la_child_id=AMARA).first()
    if zara is not None:
        _zara(zara, worker, today - days(days=6), today - days(days=20))
    if amara is not None:
        ChildVoiceRecord.objects.create(
            child=amara,
            tool="THREE_HOUSES",
            held_on=today - days(days=3),
            practitioner=worker,
            others_present="Nursery key worker",
            parental_consent="YES",
            consent_note="Grace agreed at the home visit.",
            share_scope="ALL_PROFESSIONALS",
            verbatim=True,
            worries="Daddy throwing the cup\nWhen Mummy cries",
            good_things="Nursery and the sand pit\nMummy reads me stories",
            dreams="Everyone happy at tea time",
            trusted_adults="Mummy\nMiss Priya at nursery",
            prompts_used="What makes you worried? What is good at home?",
        )


def _zara(zara: Child, worker: User, seen_on: datetime.date, shared_on: datetime.date) -> None:
    houses = ChildVoiceRecord.objects.create(
        child=zara,
        tool="THREE_HOUSES",
        held_on=seen_on,
        practitioner=worker,
        others_present="Nobody: seen alone at school",
        parental_consent="YES",
        consent_note="Samira agreed on the phone the day before.",
        share_scope="ALL_PROFESSIONALS",
        verbatim=True,
        worries_name="The grumpy house",
        worries="When Dad shouts and Mum cries\nThat Musa gets scared at night",
        good_things_name="The sunny house",
        good_things="Auntie Noor's pancakes on Sunday\nDad goes to Grandad's when he is cross",
        dreams="Everyone eating tea together and nobody shouting\nA dog called Pickle",
        trusted_adults="Auntie Noor\nMrs Dana at school",
        who_listens="Auntie Noor",
        who_frightens="Dad when he is cross",
        prompts_used="I asked Zara to draw three houses and tell me what goes in each one.",
        follow_up="Share Zara's houses with Samira and Callum at the next visit.",
    )
    drawing = keep_picture(
        child=zara, uploaded_by=worker, data=three_houses_drawing(), purpose=DRAWING
    )
    Drawing.objects.create(
        record=houses, file=drawing, caption="Zara's drawing of her three houses"
    )
    ChildVoiceRecord.objects.create(
        child=zara,
        tool="SAFETY_HOUSE",
        held_on=seen_on,
        practitioner=worker,
        parental_consent="YES",
        share_scope="NETWORK",
        share_exclusions="Grandad",
        verbatim=True,
        lives_with_me="Mum\nMusa",
        visitors="Auntie Noor, any time\nDad, when Auntie Noor is there",
        house_rules="No shouting\nIf Dad gets cross he goes to Grandad's\nI can ring Auntie Noor",
        not_safe_with="Dad when he has been drinking",
        path_position=7,
        path_words="Nearly at the door because Dad goes away when he is cross",
    )
    booklet = WordsAndPictures.objects.create(
        child=zara,
        wp_type="EXPLANATION",
        title="Zara's story: why Sam visits",
        whos_worried="Sam the social worker, Mrs Dana at school and the police are worried.",
        what_worried_about="Mum and Dad had big fights. Dad shouted and pushed Mum. "
        "You and Musa heard it and were scared.",
        what_happened_then="The police came. Sam came to talk to you, Mum and Dad.",
        what_we_are_doing="Mum, Dad, Auntie Noor and Sam made a plan. If Dad gets cross, he goes "
        "to Grandad's. You can ring Auntie Noor any time.",
        drafted_by=worker,
        drafted_on=shared_on - datetime.timedelta(days=5),
        parents_agreed_on=shared_on - datetime.timedelta(days=2),
        parents_wording="Samira asked for 'big fights' rather than 'violence'.",
        shared_with_child_on=shared_on,
        shared_by="Sam Social-Worker, with Samira",
        how_shared="Read together at home with Mum; Zara coloured in the pictures and kept a copy.",
        network_shown="Auntie Noor",
        share_scope="NETWORK",
    )
    picture = keep_picture(child=zara, uploaded_by=worker, data=safe_at_nans(), purpose=PICTURE)
    WordsAndPicturesPage.objects.create(
        booklet=booklet,
        position=1,
        text="This is Auntie Noor's house. You can always go there if you feel scared.",
        picture=picture,
    )

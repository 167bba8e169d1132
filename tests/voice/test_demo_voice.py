"""The demo borough shows the child's voice: Zara's houses with a drawing, her Safety House and
Words and Pictures; Musa, without an explanation yet, shows R26's flag."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from safetymap.accounts.models import User
from safetymap.people.models import Child
from safetymap.uploads import storage
from safetymap.voice.models import ChildVoiceRecord, WordsAndPictures

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_childs_voice_and_its_pages_open(client: Client):
    call_command("load_demo", "--quiet-sign-ins")
    zara = Child.objects.get(la_child_id="LRK0000301")
    tools = set(ChildVoiceRecord.objects.filter(child=zara).values_list("tool", flat=True))
    assert tools == {"THREE_HOUSES", "SAFETY_HOUSE"}
    houses = ChildVoiceRecord.objects.get(child=zara, tool="THREE_HOUSES")
    drawing = houses.drawings.get()
    assert storage.read(drawing.file.storage_name).startswith(b"\x89PNG")
    booklet = WordsAndPictures.objects.get(child=zara)
    client.force_login(User.objects.get(email="social.worker@larkford.example"))
    assert client.get(f"/voice/{houses.pk}/").status_code == 200
    assert client.get(f"/files/{drawing.file_id}/").status_code == 200
    assert client.get(f"/words-and-pictures/{booklet.pk}/booklet.pdf").status_code == 200
    musa = Child.objects.get(la_child_id="LRK0000302")
    assert (
        "no explanation of why we are involved"
        in client.get(f"/children/{musa.pk}/").content.decode()
    )
    assert "no explanation" not in client.get(f"/children/{zara.pk}/").content.decode()

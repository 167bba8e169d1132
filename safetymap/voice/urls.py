from django.urls import path

from safetymap.voice import views

app_name = "voice"

urlpatterns = [
    path("children/<int:pk>/voice/", views.child_voice, name="child"),
    path("children/<int:pk>/voice/new/<slug:tool>/", views.voice_new, name="new"),
    path("voice/<int:pk>/", views.voice_record, name="record"),
    path("voice/<int:pk>/change/", views.voice_change, name="change"),
    path("voice/<int:pk>/drawings/new/", views.drawing_add, name="drawing-add"),
    path("voice/<int:pk>/share/", views.voice_override, name="override"),
    path("voice/<int:pk>/to-map/", views.add_to_map, name="to-map"),
    path("children/<int:pk>/words-and-pictures/new/", views.booklet_new, name="booklet-new"),
    path("words-and-pictures/<int:pk>/", views.booklet_detail, name="booklet"),
    path("words-and-pictures/<int:pk>/change/", views.booklet_change, name="booklet-change"),
    path("words-and-pictures/<int:pk>/pages/new/", views.page_add, name="page-add"),
    path("words-and-pictures/<int:pk>/share/", views.booklet_override, name="booklet-override"),
    path("words-and-pictures/<int:pk>/booklet.pdf", views.booklet_pdf_download, name="booklet-pdf"),
]

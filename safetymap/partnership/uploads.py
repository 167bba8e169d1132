"""What editors may upload through Wagtail: PDF documents, checked by their content.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size (WAGTAILDOCS_MAX_UPLOAD_SIZE);
this form also checks the file really is a PDF, so a renamed HTML or script file is refused.
Images are limited by WAGTAILIMAGES_EXTENSIONS and WAGTAILIMAGES_MAX_UPLOAD_SIZE, and Wagtail
opens each one with Pillow (Willow), which refuses anything that is not an image.
"""

from __future__ import annotations

from django import forms
from wagtail.documents.forms import BaseDocumentForm

PDF_MAGIC = b"%PDF-"


def is_pdf(uploaded) -> bool:
    position = uploaded.tell() if hasattr(uploaded, "tell") else 0
    uploaded.seek(0)
    start = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(position)
    return start == PDF_MAGIC


class PdfDocumentForm(BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Tags are not used to find documents here, and Wagtail's tag widget has no label.
        self.fields.pop("tags", None)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data and not is_pdf(uploaded):
            raise forms.ValidationError("The selected file must be a PDF")
        return uploaded

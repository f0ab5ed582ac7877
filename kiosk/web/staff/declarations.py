"""The declaration PDF of a submission (/staff/submissions/N/declaration.pdf), printed at the
counter for the citizen to sign. It holds personal data: staff only, never cached."""

from __future__ import annotations

import io

from flask import abort, current_app, render_template, send_file
from flask_babel import gettext as _

from kiosk.db import get_session
from kiosk.models import Submission
from kiosk.permissions import Permission
from kiosk.submissions.form_definitions import GENERIC, definitions
from kiosk.web import center, public_url
from kiosk.web.access import require_submission_access, requires
from printer.fonts import font_files

from . import bp


@bp.get("/submissions/<int:submission_id>/declaration.pdf")
@requires(Permission.SUBMISSIONS)
def declaration(submission_id: int):
    require_submission_access(submission_id)
    submission = get_session().get(Submission, submission_id)
    if submission is None:
        abort(404)
    if submission.purged_at is not None:
        message = _(
            "This submission's personal data was erased after the retention period, "
            "so there is no declaration to print."
        )
        return render_template("errors/400.html", message=message), 410
    config = current_app.config
    forms = definitions()
    # fpdf2 (~19 MB) is loaded when a PDF is drawn, not with the app.
    from kiosk.submissions.declaration import declaration_pdf

    pdf = declaration_pdf(
        submission,
        forms.get(submission.form_id) or forms[GENERIC],
        status_url=public_url("public.submission_status", token=submission.token),
        center=center().name,
        timezone=center().timezone,
        fonts=font_files(config.get("PRINTER_FONT")),
    )
    response = send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        download_name=f"{submission.tracking_code}.pdf",
        as_attachment=False,
    )
    response.cache_control.no_store = True
    return response

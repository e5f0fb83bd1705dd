"""All SQL of forms, their submissions and the per-site forms state."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, Select, func, select, update

from webflow_local.api.forms.tables import form_sites, form_submissions, forms

# A submission with what its wire shape needs from its form.
_SUBMISSION = select(
    form_submissions,
    forms.c.display_name,
    forms.c.workspace_id,
    forms.c.fields,
    forms.c.form_element_id,
).join(forms, forms.c.id == form_submissions.c.form_id)


class FormRepository:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- forms -------------------------------------------------------------------------------------
    def insert_form(self, row: dict[str, Any]) -> None:
        self.conn.execute(forms.insert().values(**row))

    def get_form(self, form_id: str) -> Row[Any] | None:
        return self.conn.execute(select(forms).where(forms.c.id == form_id)).first()

    def forms_page(self, site_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        where = forms.c.site_id == site_id
        total = int(self.conn.execute(select(func.count()).select_from(forms).where(where)).scalar_one())
        q = select(forms).where(where).order_by(forms.c.created_on, forms.c.id).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total

    def page_of(self, site_id: str, page_slug: str) -> Row[Any, Any] | None:
        """The page id and name another form of the site already has for this page slug."""
        q = (select(forms.c.page_id, forms.c.page_name)
             .where(forms.c.site_id == site_id, forms.c.page_slug == page_slug)
             .order_by(forms.c.created_on, forms.c.id).limit(1))
        return self.conn.execute(q).first()

    # -- submissions -------------------------------------------------------------------------------
    def insert_submission(self, row: dict[str, Any]) -> None:
        self.conn.execute(form_submissions.insert().values(**row))

    def get_submission(self, submission_id: str) -> Row[Any] | None:
        return self.conn.execute(_SUBMISSION.where(form_submissions.c.id == submission_id)).first()

    def _page(self, q: Select[Any], count: Select[Any], offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        total = int(self.conn.execute(count).scalar_one())
        q = q.order_by(form_submissions.c.date_submitted, form_submissions.c.id).offset(offset).limit(limit)
        return list(self.conn.execute(q)), total

    def submissions_of_form(self, form_id: str, offset: int, limit: int) -> tuple[list[Row[Any]], int]:
        where = form_submissions.c.form_id == form_id
        count = select(func.count()).select_from(form_submissions).where(where)
        return self._page(_SUBMISSION.where(where), count, offset, limit)

    def submissions_of_site(self, site_id: str, element_id: str | None, offset: int,
                            limit: int) -> tuple[list[Row[Any]], int]:
        """The site's submissions; with element_id, those of every form with that element (the instances of
        a form inside a component)."""
        where = [form_submissions.c.site_id == site_id]
        if element_id is not None:
            where.append(forms.c.form_element_id == element_id)
        joined = form_submissions.join(forms, forms.c.id == form_submissions.c.form_id)
        count = select(func.count()).select_from(joined).where(*where)
        return self._page(_SUBMISSION.where(*where), count, offset, limit)

    def set_response(self, submission_id: str, response: dict[str, Any]) -> None:
        self.conn.execute(update(form_submissions).where(form_submissions.c.id == submission_id)
                          .values(response=response))

    def delete_submission(self, submission_id: str) -> None:
        self.conn.execute(form_submissions.delete().where(form_submissions.c.id == submission_id))

    # -- per-site state ----------------------------------------------------------------------------
    def republish_required(self, site_id: str) -> bool:
        q = select(form_sites.c.republish_required).where(form_sites.c.site_id == site_id)
        return bool(self.conn.execute(q).scalar())

    def set_republish_required(self, site_id: str, required: bool) -> None:
        self.conn.execute(form_sites.delete().where(form_sites.c.site_id == site_id))
        self.conn.execute(form_sites.insert().values(site_id=site_id, republish_required=required))

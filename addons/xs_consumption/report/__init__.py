from . import xs_document_report

from . import xs_declaration_reject_wizard

from . import xs_declaration_reject_wizard
from . import xs_declaration_list_wizard
from . import xs_declaration_import
from . import xs_declaration_import_template
from . import xs_declaration_import_error

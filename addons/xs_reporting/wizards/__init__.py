from . import xs_return_wizard

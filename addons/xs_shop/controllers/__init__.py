from . import collection, main

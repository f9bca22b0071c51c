"""python -m exercises [partN/NN-slug [starter|solution]]: see runner.main."""

import sys

from exercises.runner import main

sys.exit(main(sys.argv[1:]))

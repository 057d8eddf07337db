"""Krippendorff's published nominal examples with missing values, shared by the agreement tests."""

import numpy as np

nan = np.nan
# docs/methods.md §3.1: the `krippendorff` package's documentation example, 3 coders x 15 units, nominal alpha 0.691358
KRIPP_DOC = [[nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
             [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
             [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4]]
# docs/methods.md §3.1: Krippendorff (2011), 4 coders x 12 units, nominal alpha 0.743421
KRIPP_2011 = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
              [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
              [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
              [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]

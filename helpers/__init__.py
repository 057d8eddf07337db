"""Helpers for the course "Reading 'Safe China'": plain functions over plain data, one concern each.

Reading the text
* ``text``         load a speech, split it into parts, sentence IDs, the one tokenizer, the one file reader
* ``reading``      show the text with IDs; highlight words, phrases or categories (notebook 01)
* ``notes``        the learner's notes against sentence IDs, saved in ``my_work/`` (01)
* ``context``      sources, timeline and glossary; where formulations occur (02)

Coding and counting
* ``coding``       codebooks, coding sheets, disagreements, exports (03)
* ``agreement``    percent agreement, Cohen's and Fleiss' kappa, Krippendorff's alpha, bootstrap (03)
* ``panel``        the coding panel: one sentence at a time, saved to ``my_work/`` after every change (03, 07)
* ``classroom``    a class's sheets and bundles in a folder: alpha per code, heatmap data, disagreements
* ``counting``     frequency tables, stop words, multi-word terms, keyness, lexical diversity (04)
* ``concordance``  KWIC, dispersion, collocates, watchwords, ranking stability (05)
* ``dictionary``   dictionary-assisted coding scored against the manual coding (06)
* ``submission``   the assignment's self-check and hand-in bundle (07)
* ``rerun``        for instructors: re-run hand-in bundles in a throwaway folder, one or a whole folder

Around the notebooks
* ``plots``        one accessible figure style and the course's figures
* ``checks``       ``check_*`` feedback for exercises (prints, never raises)
* ``workspace``    find the course folder; the learner folder ``my_work/``; atomic writes
* ``environment``  package versions and the text's checksum (the environment fingerprint)
* ``guard``        start-up guards: no network but loopback; for a re-run, writes in one folder only

Commands
* ``python -m helpers.student``    build the student notebooks from the solutions
* ``python -m helpers.execute``    re-run solution notebooks in a fresh kernel
* ``python -m helpers.site``       build the reader's edition website
* ``python -m helpers.benchmark``  measure the budgets of docs/design.md §8
* ``python -m helpers.kernel_lock``  write requirements-kernel.txt (the kernel's libraries, for a hub)
* ``python -m helpers.nbgrader_source``  make an nbgrader course folder from a solution notebook
* ``python -m helpers.rerun``      re-run every hand-in bundle in a folder; one report CSV
* ``python -m helpers.classroom FOLDER --out report.csv``  agreement per code across a class's coding sheets
"""

__version__ = "0.1.0"

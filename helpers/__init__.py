"""Helpers for the course "Reading 'Safe China'".

Modules, one concern each:

* ``text``        load a speech, split it into parts, sentence IDs, tokenize
* ``workspace``   find the course folder; the learner folder ``my_work/``; safe writes
* ``environment`` package versions and the text's checksum
* ``plots``       one accessible figure style
* ``checks``      ``check_*`` feedback for exercises (never raises)
* ``student``     build student notebooks (``python -m helpers.student``)
* ``execute``     re-run solution notebooks (``python -m helpers.execute``)
"""

__version__ = "0.1.0"

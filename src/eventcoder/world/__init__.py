"""Where and when events happened: the offline gazetteer and the ``places`` and ``dates`` stages.

* ``eventcoder.world.gazetteer.Gazetteer.load()`` — name -> ``Place`` (also importable from ``world.places``);
* ``eventcoder.world.dates.resolve(expression, article_date)`` -> ``EventDate``;
* the stages register themselves as ``places`` and ``dates`` (see docs/world.md for the rules).
"""

"""The ``skillmine_skills`` component: rule matching of the lexicon over normalised tokens.

- ``patterns``: lexicon token patterns compiled to regular expressions over norms;
- ``matcher``: :class:`SkillMatcher`, the component (phrase matcher, token matcher, regexes, context rules);
- ``context``: the blockers and required context of an entry;
- ``factory``: its spaCy factory and settings.
"""

"""The facade: :func:`load` builds a :class:`SkillMiner` (spaCy pipeline + models).

- ``facade``: :class:`SkillMiner` and :func:`load`;
- ``records``: one record (str or mapping) checked and prepared for reading, shared with training;
- ``parallel``: batches and worker processes.
"""

from skillmine.miner.facade import SkillMiner, load
from skillmine.miner.parallel import cached_miner

__all__ = ["SkillMiner", "load", "cached_miner"]

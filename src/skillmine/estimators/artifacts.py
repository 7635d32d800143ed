"""Saving and loading the trained models: ``skops.io``, an explicit trusted-types list, SHA-256 checks.

A model folder holds ``family.skops``, ``in_scope.skops``, ``skills.skops``, a ``manifest.json`` (version,
training-data hash, metrics, thresholds, the SHA-256 of each file) and a model card per model. Nothing is ever
unpickled: :func:`load_models` refuses a file whose checksum differs from the manifest, and ``skops`` refuses any
type outside :data:`TRUSTED_TYPES`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_FILES = {"family": "family.skops", "scope": "in_scope.skops", "skills": "skills.skops"}

# Every type that our own artefacts contain, reviewed. Anything else in a file is refused.
TRUSTED_TYPES: list[str] = [
    "builtins.dict",
    "builtins.list",
    "builtins.slice",
    "builtins.tuple",
    "collections.OrderedDict",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "numpy.bool_",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.compose._column_transformer.ColumnTransformer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "skillmine.estimators.vectorize.Tfidf",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.preprocessing._label.LabelBinarizer",
    "sklearn.utils._bunch.Bunch",
    "skillmine.text.fold.fold_text",
    "skillmine.estimators.cues.Cues",
    "skillmine.estimators.structured.Fields",
    "skillmine.estimators.skills.MaskedOneVsRest",
]


class ModelError(RuntimeError):
    """A model folder that cannot be used (missing, tampered with, or holding untrusted types)."""


def default_model_dir() -> Path:
    """The bundled models: inside the installed package, or ``models/`` of a source checkout."""
    packaged = Path(str(resources.files("skillmine").joinpath("models")))
    if (packaged / "manifest.json").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "models"
    return checkout if (checkout / "manifest.json").is_file() else packaged


def sha256_file(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _repack(data: bytes) -> bytes:
    """The same zip with fixed timestamps, array files renamed and object ids renumbered in order of use (skops
    takes both from ``id()``), so that training twice gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    schema = src.read("schema.json").decode("utf-8")
    names = {}
    for m in re.finditer(r'"([^"/]+\.npy)"', schema):
        names.setdefault(m.group(1), f"{len(names)}.npy")
    schema = re.sub(r'"([^"/]+\.npy)"', lambda m: f'"{names[m.group(1)]}"', schema)
    ids: dict[str, str] = {}  # skops also records id() of shared objects
    schema = re.sub(
        r'("__id__":\s*)(\d+)', lambda m: m.group(1) + ids.setdefault(m.group(2), str(len(ids) + 1)), schema
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: names.get(i.filename, i.filename)):
            name = names.get(info.filename, info.filename)
            fixed = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, schema.encode("utf-8") if name == "schema.json" else src.read(info.filename))
    return out.getvalue()


_VOLATILE = ("_stop_words_id",)  # TfidfVectorizer keeps id() of its stop-word list: a cache, safe to drop


def _drop_volatile(obj: Any, seen: set[int] | None = None) -> None:
    """Remove attributes that hold ``id()`` values from ``obj`` and the estimators inside it."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, (list, tuple)):
        for x in obj:
            _drop_volatile(x, seen)
    elif isinstance(obj, dict):
        for x in obj.values():
            _drop_volatile(x, seen)
    elif hasattr(obj, "get_params") and hasattr(obj, "__dict__"):
        for name in _VOLATILE:
            obj.__dict__.pop(name, None)
        for x in list(vars(obj).values()):
            if isinstance(x, (list, tuple, dict)) or hasattr(x, "get_params"):
                _drop_volatile(x, seen)


def save_model(obj: Any, path: str | Path) -> str:
    """Write ``obj`` with ``skops.io`` (deterministic bytes) and return its SHA-256."""
    import skops.io as sio

    _drop_volatile(obj)
    buf = io.BytesIO()
    sio.dump(obj, buf)
    data = _repack(buf.getvalue())
    Path(path).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def read_manifest(model_dir: str | Path) -> dict[str, Any]:
    path = Path(model_dir) / "manifest.json"
    if not path.is_file():
        raise ModelError(
            f"no trained models in {model_dir} (manifest.json is missing); run `skillmine train` or pass model_dir="
        )
    return json.loads(path.read_text(encoding="utf-8"))


def load_models(model_dir: str | Path | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Load the artefacts of ``model_dir`` after checking their SHA-256; returns ``(objects, manifest)``."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
    manifest = read_manifest(model_dir)
    objects = {}
    for key, name in MODEL_FILES.items():
        path = model_dir / name
        expected = manifest.get("files", {}).get(name, {}).get("sha256")
        if not path.is_file():
            raise ModelError(f"{path}: model file is missing")
        if expected is None:
            raise ModelError(f"{path}: not listed in {model_dir / 'manifest.json'}; refusing to load it")
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise ModelError(
                f"{path}: SHA-256 {actual[:12]}... does not match the manifest ({expected[:12]}...); "
                "the file was changed after training — refusing to load it"
            )
        try:  # skops refuses any type outside the list; no separate audit pass (it would read the file twice)
            objects[key] = sio.loads(data, trusted=TRUSTED_TYPES)
        except UntrustedTypesFoundException as exc:
            names = re.findall(r"'([\w.]+)'", str(exc).split("\n")[0])
            if names and all(n.startswith("skillmine.") for n in names):
                raise ModelError(
                    f"{path}: saved by an earlier version of skillmine, whose classes lived elsewhere "
                    f"({', '.join(names)}); train these models again with `skillmine train` (training is "
                    "deterministic) — refusing to load it"
                ) from None
            raise ModelError(f"{path}: holds types outside the trusted list: {exc}; refusing to load it") from None
    return objects, manifest

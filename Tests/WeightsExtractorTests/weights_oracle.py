#!/usr/bin/env python3
"""An independent reading of weight files for the tests: per tensor, the SHA-256 of its stored
bytes and the count, mean, standard deviation, minimum, maximum and L2 norm of its values.

Written from the formats' documents, not from Exhibit's code: safetensors and GGUF with struct,
PyTorch zip checkpoints with zipfile and a restricted Unpickler (only the globals a tensor
checkpoint names are resolved, to stand-ins; run only on the benign sample), ONNX by walking
its protobuf fields. Sums are exact (math.fsum). GGUF quantized blocks are dequantized with
NumPy in float32, as ggml does; without NumPy those tensors are left out and "numpy": false is
printed.

usage: weights_oracle.py FILE  →  JSON {"numpy": bool, "tensors": {name: {...}}}
"""
import hashlib, io, json, math, pickle, struct, sys, zipfile

try:
    import numpy as np
except ImportError:
    np = None


def e4m3(b):
    s, e, m = b >> 7, (b >> 3) & 15, b & 7
    if e == 15 and m == 7:
        return math.nan
    v = (m / 8) * 2 ** -6 if e == 0 else (1 + m / 8) * 2 ** (e - 7)
    return -v if s else v


def e5m2(b):
    s, e, m = b >> 7, (b >> 2) & 31, b & 3
    if e == 31:
        return math.nan if m else (-math.inf if s else math.inf)
    v = (m / 4) * 2 ** -14 if e == 0 else (1 + m / 4) * 2 ** (e - 15)
    return -v if s else v


def plain_values(dtype, data):
    if dtype == "BF16":
        return [struct.unpack("<f", struct.pack("<I", h << 16))[0] for (h,) in struct.iter_unpack("<H", data)]
    if dtype == "F8_E4M3":
        return [e4m3(b) for b in data]
    if dtype == "F8_E5M2":
        return [e5m2(b) for b in data]
    code = {"F32": "f", "F16": "e", "F64": "d", "I8": "b", "U8": "B", "I16": "h", "U16": "H", "I32": "i", "U32": "I",
            "I64": "q", "U64": "Q", "BOOL": "?"}[dtype]
    return [float(v) for (v,) in struct.iter_unpack("<" + code, data)]


def figures(values):
    finite = [v for v in values if math.isfinite(v)]
    n = len(finite)
    if n == 0:
        return None
    mean = math.fsum(finite) / n
    var = math.fsum((v - mean) * (v - mean) for v in finite) / n
    out = {"count": n, "mean": mean, "std": math.sqrt(var), "min": min(finite), "max": max(finite),
           "l2_norm": math.sqrt(math.fsum(v * v for v in finite))}
    # JSON has no infinity: squares past float64's range are written as text.
    return {k: (v if math.isfinite(v) else "inf") for k, v in out.items()}


def entry(data, values):
    out = {"sha256": hashlib.sha256(data).hexdigest()}
    if values is not None:
        stats = figures(values)
        if stats:
            out.update(stats)
    return out


def read_safetensors(blob):
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    data = blob[8 + n:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        raw = data[begin:end]
        tensors[name] = entry(raw, plain_values(info["dtype"], raw))
    return tensors


# --- GGUF ---------------------------------------------------------------------------------------

GGML = {0: ("F32", 1, 4), 1: ("F16", 1, 2), 2: ("Q4_0", 32, 18), 3: ("Q4_1", 32, 20), 6: ("Q5_0", 32, 22),
        8: ("Q8_0", 32, 34), 12: ("Q4_K", 256, 144), 14: ("Q6_K", 256, 210), 20: ("IQ4_NL", 32, 18), 30: ("BF16", 1, 2)}


def dequantize(kind, raw):
    """ggml's reference dequantization, in float32 (NumPy), block by block."""
    f32, u8 = np.float32, np.frombuffer(raw, dtype=np.uint8)
    half = lambda a, o: a[:, o:o + 2].copy().view(np.float16).astype(f32)[:, 0]
    if kind == "Q4_0":
        b = u8.reshape(-1, 18)
        d, qs = half(b, 0), b[:, 2:].astype(np.int32)
        lo, hi = (qs & 15) - 8, (qs >> 4) - 8
        return np.concatenate([lo.astype(f32) * d[:, None], hi.astype(f32) * d[:, None]], axis=1).ravel()
    if kind == "Q4_1":
        b = u8.reshape(-1, 20)
        d, m, qs = half(b, 0), half(b, 2), b[:, 4:].astype(np.int32)
        return np.concatenate([(qs & 15).astype(f32) * d[:, None] + m[:, None],
                               (qs >> 4).astype(f32) * d[:, None] + m[:, None]], axis=1).ravel()
    if kind == "Q5_0":
        b = u8.reshape(-1, 22)
        d = half(b, 0)
        qh = b[:, 2:6].copy().view(np.uint32)[:, 0].astype(np.int64)
        qs = b[:, 6:].astype(np.int64)
        j = np.arange(16)
        h0 = ((qh[:, None] >> j) << 4) & 0x10
        h1 = (qh[:, None] >> (j + 12)) & 0x10
        lo, hi = ((qs & 15) | h0) - 16, ((qs >> 4) | h1) - 16
        return np.concatenate([lo.astype(f32) * d[:, None], hi.astype(f32) * d[:, None]], axis=1).ravel()
    if kind == "Q8_0":
        b = u8.reshape(-1, 34)
        d, qs = half(b, 0), b[:, 2:].copy().view(np.int8).astype(f32)
        return (qs * d[:, None]).ravel()
    if kind == "Q4_K":
        out = []
        for block in u8.reshape(-1, 144):
            d, dmin = block[0:2].copy().view(np.float16).astype(f32)[0], block[2:4].copy().view(np.float16).astype(f32)[0]
            sc, q = block[4:16], block[16:]
            def scale_min(j):
                if j < 4:
                    return int(sc[j]) & 63, int(sc[j + 4]) & 63
                return (int(sc[j + 4]) & 15) | ((int(sc[j - 4]) >> 6) << 4), (int(sc[j + 4]) >> 4) | ((int(sc[j]) >> 6) << 4)
            for part in range(4):
                (s1, m1), (s2, m2) = scale_min(2 * part), scale_min(2 * part + 1)
                d1, mm1, d2, mm2 = d * f32(s1), dmin * f32(m1), d * f32(s2), dmin * f32(m2)
                chunk = q[32 * part:32 * part + 32].astype(np.int32)
                out.append(d1 * (chunk & 15).astype(f32) - mm1)
                out.append(d2 * (chunk >> 4).astype(f32) - mm2)
        return np.concatenate(out)
    if kind == "Q6_K":
        out = []
        for block in u8.reshape(-1, 210):
            ql, qh, sc = block[0:128].astype(np.int32), block[128:192].astype(np.int32), block[192:208].view(np.int8).astype(f32)
            d = block[208:210].copy().view(np.float16).astype(f32)[0]
            y = np.zeros(256, dtype=f32)
            for n in range(2):
                l, h, s = ql[64 * n:64 * n + 64], qh[32 * n:32 * n + 32], sc[8 * n:8 * n + 8]
                for i in range(32):
                    k = i // 16
                    q1 = ((l[i] & 15) | (((h[i] >> 0) & 3) << 4)) - 32
                    q2 = ((l[i + 32] & 15) | (((h[i] >> 2) & 3) << 4)) - 32
                    q3 = ((l[i] >> 4) | (((h[i] >> 4) & 3) << 4)) - 32
                    q4 = ((l[i + 32] >> 4) | (((h[i] >> 6) & 3) << 4)) - 32
                    y[128 * n + i] = d * s[k] * f32(q1)
                    y[128 * n + i + 32] = d * s[k + 2] * f32(q2)
                    y[128 * n + i + 64] = d * s[k + 4] * f32(q3)
                    y[128 * n + i + 96] = d * s[k + 6] * f32(q4)
            out.append(y)
        return np.concatenate(out)
    return None


def read_gguf(blob):
    pos = 4
    def take(fmt):
        nonlocal pos
        values = struct.unpack_from("<" + fmt, blob, pos)
        pos += struct.calcsize("<" + fmt)
        return values
    version, n_tensors, n_kv = take("IQQ")
    def string():
        nonlocal pos
        (n,) = take("Q")
        pos += n
        return blob[pos - n:pos].decode()
    sizes = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
    def value(kind):
        if kind == 8:
            return string()
        if kind == 9:
            (inner, count) = take("IQ")
            return [value(inner) for _ in range(count)]
        return take(sizes[kind])[0]
    alignment = 32
    for _ in range(n_kv):
        key = string()
        (kind,) = take("I")
        v = value(kind)
        if key == "general.alignment":
            alignment = v
    infos = []
    for _ in range(n_tensors):
        name = string()
        (dims,) = take("I")
        shape = take("Q" * dims)
        kind, offset = take("IQ")
        infos.append((name, shape, kind, offset))
    start = pos + (-pos % alignment)
    tensors = {}
    for name, shape, kind, offset in infos:
        label, per_block, block_bytes = GGML[kind]
        elements = math.prod(shape)
        raw = blob[start + offset:start + offset + elements // per_block * block_bytes]
        if per_block == 1:
            values = plain_values(label, raw)
        elif np is not None and label != "IQ4_NL":
            values = [float(v) for v in dequantize(label, raw)]
        else:
            values = None
        tensors[name] = entry(raw, values)
        if per_block > 1 and np is None:
            tensors[name]["skipped"] = "numpy"
    return tensors


# --- PyTorch zip --------------------------------------------------------------------------------

class Restricted(pickle.Unpickler):
    """Resolves only a tensor checkpoint's globals, to stand-ins that record what they are given."""

    def find_class(self, module, name):
        if (module, name) == ("collections", "OrderedDict"):
            import collections
            return collections.OrderedDict
        if module == "torch._utils" and name in ("_rebuild_tensor_v2", "_rebuild_parameter"):
            if name == "_rebuild_parameter":
                return lambda data, *rest: data
            return lambda storage, offset, size, stride, *rest: ("tensor", storage, offset, tuple(size), tuple(stride))
        if module == "torch" and name.endswith("Storage"):
            return name
        raise pickle.UnpicklingError("refused global %s.%s" % (module, name))

    def persistent_load(self, pid):
        return pid


def read_torch_zip(path):
    sizes = {"FloatStorage": ("F32", 4), "BFloat16Storage": ("BF16", 2), "LongStorage": ("I64", 8)}
    with zipfile.ZipFile(path) as z:
        prefix = z.namelist()[0].split("/")[0]
        state = Restricted(io.BytesIO(z.read(prefix + "/data.pkl"))).load()
        tensors = {}
        for name, (_, pid, offset, size, stride) in state.items():
            _, storage_type, key, _, _ = pid
            dtype, width = sizes[storage_type]
            storage = z.read(prefix + "/data/" + key)
            contiguous = list(stride) == [math.prod(size[i + 1:]) for i in range(len(size))]
            extent = 1 + sum((s - 1) * st for s, st in zip(size, stride))
            raw = storage[offset * width:(offset + extent) * width]
            tensors[name] = entry(raw, plain_values(dtype, raw) if contiguous else None)
        return tensors


# ONNX, from the protobuf encoding document and onnx.proto's field numbers: ModelProto.graph (7),
# GraphProto.initializer (5), TensorProto dims (1), data_type (2), float_data (4), int32_data (5),
# int64_data (7), name (8), raw_data (9), double_data (10), uint64_data (11), external_data (13).
ONNX_DTYPES = {1: "F32", 2: "U8", 3: "I8", 4: "U16", 5: "I16", 6: "I32", 7: "I64", 9: "BOOL", 10: "F16", 11: "F64",
               12: "U32", 13: "U64", 16: "BF16"}
ONNX_WIDTHS = {"F32": 4, "U8": 1, "I8": 1, "U16": 2, "I16": 2, "I32": 4, "I64": 8, "BOOL": 1, "F16": 2, "F64": 8,
               "U32": 4, "U64": 8, "BF16": 2}


def varint(blob, at):
    value, shift = 0, 0
    while True:
        byte = blob[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def fields(blob):
    """(number, wire type, value) of each field of one message: ints for varints, bytes otherwise."""
    at = 0
    while at < len(blob):
        key, at = varint(blob, at)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, at = varint(blob, at)
        elif wire == 1:
            value, at = blob[at:at + 8], at + 8
        elif wire == 5:
            value, at = blob[at:at + 4], at + 4
        elif wire == 2:
            length, at = varint(blob, at)
            value, at = blob[at:at + length], at + length
        else:
            raise ValueError("wire type %d" % wire)
        yield number, wire, value


def packed_varints(wire, value):
    if wire == 0:
        return [value]
    out, at = [], 0
    while at < len(value):
        v, at = varint(value, at)
        out.append(v)
    return out


def read_onnx(blob):
    graph = b"".join(v for n, w, v in fields(blob) if n == 7)
    tensors = {}
    for number, _, initializer in fields(graph):
        if number != 5:
            continue
        dims, dtype, name, data, external = [], None, "", b"", False
        for n, w, v in fields(initializer):
            if n == 1:
                dims += packed_varints(w, v)
            elif n == 2:
                dtype = ONNX_DTYPES.get(v)
            elif n == 8:
                name = v.decode()
            elif n in (9, 4, 10):   # raw_data, or floats and doubles packed as raw_data would hold them
                data += v
            elif n in (5, 7, 11):   # integers as varints: each becomes its element's little-endian bytes
                width = ONNX_WIDTHS[dtype]
                data += b"".join((x & (2 ** (8 * width) - 1)).to_bytes(width, "little") for x in packed_varints(w, v))
            elif n == 13:
                external = True
        if external:
            tensors[name] = {"external": True}
        else:
            tensors[name] = entry(data, plain_values(dtype, data))
    return tensors


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        blob = f.read()
    if blob[:4] == b"GGUF":
        tensors = read_gguf(blob)
    elif blob[:2] == b"PK":
        tensors = read_torch_zip(path)
    elif path.endswith(".onnx"):
        tensors = read_onnx(blob)
    else:
        tensors = read_safetensors(blob)
    print(json.dumps({"numpy": np is not None, "tensors": tensors}))


if __name__ == "__main__":
    main()

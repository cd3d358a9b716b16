#!/usr/bin/python3
"""Generates the .npy/.npz/.pkl fixtures of PoseML's numpy readers with real numpy (1.24).

Run from this folder:  /usr/bin/python3 make_fixtures.py
The outputs are committed; tests never run Python. Every value is either an exact function of its
index (so tests can state it by hand) or drawn from a seeded generator and stored next to the
expected result numpy computed (so tests compare bit for bit).

Malicious pickles are *written*, never loaded: __reduce__ only names the callable.
"""
import io
import os
import pickle
import struct
import sys
import types
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name):
    return os.path.join(HERE, name)


def save_npy(name, arr, version=None):
    with open(out(name), "wb") as f:
        np.lib.format.write_array(f, arr, version=version, allow_pickle=True)


def npy_bytes_with_header(header_dict_literal, payload, version=(1, 0)):
    """A .npy file with a hand-written header (for files numpy itself would refuse to write)."""
    header = header_dict_literal.encode("latin1")
    prefix_len = 6 + 2 + (2 if version == (1, 0) else 4)
    total = prefix_len + len(header) + 1
    pad = (64 - total % 64) % 64
    header = header + b" " * pad + b"\n"
    size = struct.pack("<H", len(header)) if version == (1, 0) else struct.pack("<I", len(header))
    return b"\x93NUMPY" + bytes(version) + size + header + payload


# ---------------------------------------------------------------- plain arrays, dtypes, orders, versions
# value(i) = i * 0.5 - 3 for a C-order index i: exact in every float type.
base = np.arange(24, dtype=np.float64) * 0.5 - 3
save_npy("f4_c.npy", base.astype("<f4").reshape(2, 3, 4))
save_npy("f8_big_endian.npy", (np.arange(6, dtype=np.float64) / 4).astype(">f8").reshape(2, 3))
save_npy("f4_big_endian.npy", (np.arange(6, dtype=np.float64) - 2.5).astype(">f4").reshape(3, 2))
save_npy("f4_fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save_npy("f8_fortran_3d.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4)))
save_npy("i2.npy", np.array([-32768, -1, 0, 1, 32767], dtype="<i2"))
save_npy("i4.npy", np.array([[-2147483648, -7], [0, 2147483647]], dtype="<i4"))
save_npy("i8.npy", np.array([-(2**40), -1, 0, 2**40 + 3], dtype="<i8"))
save_npy("u1.npy", np.array([0, 1, 127, 128, 255], dtype="|u1"))
save_npy("u1_fortran.npy", np.asfortranarray(np.arange(6, dtype="|u1").reshape(2, 3) + 250))
save_npy("u8.npy", np.array([0, 2**63 + 5], dtype="<u8"))
save_npy("u4.npy", np.array([0, 1, 4294967295], dtype="<u4"))
save_npy("b1.npy", np.array([True, False, True, True], dtype="|b1"))
save_npy("f2.npy", np.array([0.5, -2.0, 65504.0], dtype="<f2"))
save_npy("scalar_f8.npy", np.array(2.75, dtype="<f8"))
save_npy("empty_f4.npy", np.zeros((0, 17, 3), dtype="<f4"))
save_npy("unicode.npy", np.array(["S1", "Größe"], dtype="<U5"))
save_npy("v2_f4.npy", np.arange(5, dtype="<f4"), version=(2, 0))
save_npy("v3_f4.npy", np.arange(5, dtype="<f4"), version=(3, 0))

# A plain VideoPose3D-style prediction array [frames, 17, 3] in metres; value = (i % 97) / 64 - 0.75.
poses17 = ((np.arange(4 * 17 * 3) % 97) / 64.0 - 0.75).astype("<f4").reshape(4, 17, 3)
save_npy("poses_17.npy", poses17)
save_npy("poses_17_expected_mm.npy", poses17 * np.float32(1000))

# Detectron keypoints [frames, 17, 4] = x, y, logit, probability; probability(f, j) = j / 16.
detectron = np.zeros((2, 17, 4), dtype=np.float32)
detectron[:, :, 0] = np.arange(17) * 2
detectron[:, :, 1] = np.arange(17) * 3 + np.arange(2)[:, None] * 100
detectron[:, :, 2] = 7.5
detectron[:, :, 3] = np.arange(17) / 16
save_npy("detectron_kp.npy", detectron)

# ---------------------------------------------------------------- broken arrays
with open(out("bad_magic.npy"), "wb") as f:
    f.write(b"\x93NUMPZ\x01\x00" + open(out("f4_c.npy"), "rb").read()[8:])
with open(out("bad_version.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x07\x00" + open(out("f4_c.npy"), "rb").read()[8:])
# shape claims 10^12 float32 elements (each dimension fits an int32), 16 bytes of data follow.
with open(out("lying_shape.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }", b"\0" * 16))
# shape claims 10 elements, 9 follow.
with open(out("short_data.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': '<f4', 'fortran_order': False, 'shape': (10,), }", b"\0" * 36))
with open(out("structured.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': [('x', '<f4'), ('y', '<f4')], 'fortran_order': False, 'shape': (1,), }", b"\0" * 8))
with open(out("missing_shape.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': '<f4', 'fortran_order': False, }", b"\0" * 8))

# ---------------------------------------------------------------- pickles of every protocol the readers accept
def sample_object():
    return {
        "f4": np.arange(6, dtype="<f4").reshape(2, 3) - 1.5,          # [[-1.5,-0.5,0.5],[1.5,2.5,3.5]]
        "f8_fortran": np.asfortranarray(np.arange(6, dtype="<f8").reshape(3, 2) / 8),
        "i8": np.array([-5, 0, 2**33], dtype="<i8"),
        "text": "Größe",
        "bytes": b"\x00\x01\xff",
        "small": 7,
        "negative": -300,
        "medium": 70000,
        "big": 2**70,
        "float": 0.1,
        "none": None,
        "flags": (True, False),
        "list": [1, "two", [3.0]],
        "scalar_f8": np.float64(2.5),
        "scalar_i8": np.int64(-9),
        "nested": {"S1": {"Walking": np.arange(3, dtype="<f4")}},
        7: "int key",
    }


for protocol in (2, 3, 4, 5):
    with open(out(f"sample_p{protocol}.pkl"), "wb") as f:
        pickle.dump(sample_object(), f, protocol=protocol)

# np.save of an object array (numpy pickles it with protocol 3 after the header).
save_npy("object_dict.npy", np.array({"a": np.arange(4, dtype="<i4"), "b": [1, 2]}, dtype=object))


# numpy 2.x moved numpy.core to numpy._core; its pickles name numpy._core.multiarray._reconstruct,
# numpy._core.multiarray.scalar and numpy._core.numeric._frombuffer. numpy 1.24 cannot produce these,
# so stand-in modules with those names supply the callables and a reducer_override swaps them in.
def fake_module(name):
    module = types.ModuleType(name)
    sys.modules[name] = module
    return module


fake_module("numpy._core")
fake_multiarray = fake_module("numpy._core.multiarray")
fake_numeric = fake_module("numpy._core.numeric")


def _reconstruct(*args):
    raise RuntimeError("stand-in, never called")


def scalar(*args):
    raise RuntimeError("stand-in, never called")


def _frombuffer(*args):
    raise RuntimeError("stand-in, never called")


for fn, mod in ((_reconstruct, fake_multiarray), (scalar, fake_multiarray), (_frombuffer, fake_numeric)):
    fn.__module__ = mod.__name__
    fn.__qualname__ = fn.__name__
    setattr(mod, fn.__name__, fn)

NUMPY2_NAMES = {"_reconstruct": _reconstruct, "scalar": scalar, "_frombuffer": _frombuffer}


class Numpy2Pickler(pickle.Pickler):
    def __init__(self, file, protocol):
        super().__init__(file, protocol=protocol)
        self.protocol_number = protocol

    def reducer_override(self, obj):
        if isinstance(obj, (np.ndarray, np.generic)):
            reduced = obj.__reduce_ex__(self.protocol_number)
            return (NUMPY2_NAMES[reduced[0].__name__],) + tuple(reduced[1:])
        return NotImplemented


def numpy2_pickle(obj, protocol):
    buffer = io.BytesIO()
    Numpy2Pickler(buffer, protocol=protocol).dump(obj)
    return buffer.getvalue()


numpy2_value = {"f4": np.arange(6, dtype="<f4").reshape(2, 3) - 1.5, "scalar_f8": np.float64(2.5),
                "f8_fortran": np.asfortranarray(np.arange(6, dtype="<f8").reshape(3, 2) / 8)}
for protocol in (3, 5):
    data = numpy2_pickle(numpy2_value, protocol)
    assert b"numpy._core" in data and b"numpy.core" not in data
    with open(out(f"numpy2_p{protocol}.pkl"), "wb") as f:
        f.write(data)
obj_arr = np.array(numpy2_value, dtype=object)
with open(out("numpy2_object.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (), }", numpy2_pickle(obj_arr, 3)))


# ---------------------------------------------------------------- malicious pickles (written, never loaded)
class Evil:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


import builtins  # noqa: E402
import subprocess  # noqa: E402

with open(out("evil_eval_p4.pkl"), "wb") as f:
    pickle.dump({"ok": 1, "payload": Evil(builtins.eval, ("1+1",))}, f, protocol=4)
with open(out("evil_popen_p2.pkl"), "wb") as f:
    pickle.dump([Evil(subprocess.Popen, (["true"],))], f, protocol=2)
evil_system = pickle.dumps(Evil(os.system, ("echo pwned",)), protocol=3)
assert b"system" in evil_system
with open(out("evil_os_system.npy"), "wb") as f:
    f.write(npy_bytes_with_header("{'descr': '|O', 'fortran_order': False, 'shape': (), }", evil_system))
with zipfile.ZipFile(out("evil_positions.npz"), "w", zipfile.ZIP_DEFLATED) as z:
    entry = zipfile.ZipInfo("positions_3d.npy", date_time=(1980, 1, 1, 0, 0, 0))  # fixed date: same bytes every run
    z.writestr(entry, open(out("evil_os_system.npy"), "rb").read(), compress_type=zipfile.ZIP_DEFLATED)

# ---------------------------------------------------------------- VideoPose3D layouts
rng = np.random.default_rng(20240611)
REMOVED = [4, 5, 9, 10, 11, 16, 20, 21, 22, 23, 24, 28, 29, 30, 31]  # VideoPose3D h36m_dataset.py
KEPT = [j for j in range(32) if j not in REMOVED]

positions_3d = {}
expected_3d = {}
for subject, actions in (("S1", ("Walking", "Eating 2")), ("S5", ("Directions", "Walking 1"))):
    positions_3d[subject] = {}
    for k, action in enumerate(actions):
        frames = 3 + k
        pose = rng.normal(0.0, 0.5, size=(frames, 32, 3)).astype(np.float32)  # metres
        positions_3d[subject][action] = pose
        expected_3d[f"{subject}/{action}"] = np.delete(pose, REMOVED, axis=1) * np.float32(1000)  # mm, float32
np.savez_compressed(out("data_3d_small.npz"), positions_3d=positions_3d)
np.savez(out("data_3d_small_expected.npz"), kept=np.array(KEPT, dtype="<i4"), **expected_3d)

positions_2d = {}
for subject, actions in (("S1", ("Walking",)), ("S5", ("Directions", "Sitting 1"))):
    positions_2d[subject] = {}
    for k, action in enumerate(actions):
        frames = 2 + k
        positions_2d[subject][action] = [
            (np.arange(frames * 17 * 2, dtype=np.float32).reshape(frames, 17, 2) + 1000 * cam + 100 * k)
            for cam in range(4)
        ]
metadata = {"layout_name": "h36m", "num_joints": 17,
            "keypoints_symmetry": [[4, 5, 6, 11, 12, 13], [1, 2, 3, 14, 15, 16]]}
np.savez(out("data_2d_small.npz"), positions_2d=positions_2d, metadata=metadata)

# A detector file in COCO layout with a confidence channel: value(f,j,c) = f*100 + j + c/4 (c=2: conf).
coco_2d = {"S9": {"Posing": [
    np.stack([np.stack([np.array([f * 100 + j, f * 100 + j + 0.25, (j % 5) / 4], dtype=np.float32)
                        for j in range(17)]) for f in range(3)])
]}}
np.savez_compressed(out("data_2d_coco_conf.npz"), positions_2d=coco_2d,
                    metadata={"layout_name": "coco", "num_joints": np.int64(17),
                              "keypoints_symmetry": [[1, 3, 5, 7, 9, 11, 13, 15], [2, 4, 6, 8, 10, 12, 14, 16]]})

# A 3D file whose array has 2 coordinates: the readers must name the entry.
np.savez(out("data_3d_bad_shape.npz"), positions_3d={"S1": {"Walking": np.zeros((2, 32, 2), np.float32)}})

print("fixtures written to", HERE)

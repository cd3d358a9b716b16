#!/usr/bin/python3
"""Side-by-side reference for PoseMetricsBenchmarks: VideoPose3D-style batched numpy metrics on 10,000
random 17-joint frames (float64, as VideoPose3D evaluates). Prints the median of 7 runs per metric."""
import time
import numpy as np

FRAMES, J = 10_000, 17
rng = np.random.default_rng(42)
gt = rng.uniform(0, 1000, size=(FRAMES, J, 3)) + np.array([0, 0, 4000.0])
pred = gt + rng.uniform(-50, 50, size=gt.shape)


def mpjpe(p, t):
    return np.linalg.norm((p - p[:, :1]) - (t - t[:, :1]), axis=-1).mean()


def p_mpjpe(p, t):
    mu_t, mu_p = t.mean(axis=1, keepdims=True), p.mean(axis=1, keepdims=True)
    x0, y0 = t - mu_t, p - mu_p
    nx = np.sqrt((x0 ** 2).sum(axis=(1, 2), keepdims=True))
    ny = np.sqrt((y0 ** 2).sum(axis=(1, 2), keepdims=True))
    x0, y0 = x0 / nx, y0 / ny
    u, s, vt = np.linalg.svd(np.matmul(x0.transpose(0, 2, 1), y0))
    v = vt.transpose(0, 2, 1)
    r = np.matmul(v, u.transpose(0, 2, 1))
    sign = np.sign(np.linalg.det(r))
    v[:, :, -1] *= sign[:, None]
    s[:, -1] *= sign
    r = np.matmul(v, u.transpose(0, 2, 1))
    a = s.sum(axis=1)[:, None, None] * nx / ny
    aligned = a * np.matmul(p, r) + (mu_t - a * np.matmul(mu_p, r))
    return np.linalg.norm(aligned - t, axis=-1).mean()


def n_mpjpe(p, t):
    p, t = p - p[:, :1], t - t[:, :1]
    scale = (t * p).sum(axis=2).mean(axis=1) / (p ** 2).sum(axis=2).mean(axis=1)
    return np.linalg.norm(scale[:, None, None] * p - t, axis=-1).mean()


for name, fn in [('Mpjpe', mpjpe), ('PaMpjpe', p_mpjpe), ('NMpjpe', n_mpjpe)]:
    times = []
    for _ in range(7):
        start = time.perf_counter()
        fn(pred, gt)
        times.append(time.perf_counter() - start)
    print(f'{name}: {np.median(times) * 1000:.2f} ms per {FRAMES} frames (numpy {np.__version__})')

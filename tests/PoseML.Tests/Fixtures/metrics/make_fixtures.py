#!/usr/bin/python3
"""Generates metrics_reference.json: random predicted / ground-truth pose sets and the values of the
VideoPose3D-style metric definitions (numpy, float64), written independently of the C# code.

Run from this folder with /usr/bin/python3 (numpy 1.24). Deterministic (fixed seed). The poses are
cast to float32 before any metric is computed, so the C# side (which reads float32) sees the very
same inputs. Definitions (restated, not copied, from VideoPose3D common/loss.py and MPI-INF-3DHP):

* mpjpe:   mean Euclidean distance over frames and joints (applied here to root-relative poses).
* p_mpjpe: per frame, centre both poses, divide each by its Frobenius norm, H = X0^T Y0, SVD
           H = U S V^T, R = V U^T; if det R < 0 flip the last column of V and the last singular
           value; scale = sum(S) * |X0| / |Y0|; translation maps the prediction's mean onto the
           target's; mean distance of the aligned prediction (raw poses: translation-invariant).
* n_mpjpe: per frame, scale = mean_j <t_j, p_j> / mean_j |p_j|^2, mean distance of scale * p to t.
           Given both raw and root-relative.
* velocity: np.diff along frames of both, mean distance of the differences (raw and root-relative).
* pck150 / auc: root-relative distances of the non-root joints; PCK = 100 * fraction < 150 mm;
           AUC = mean of PCK over thresholds 0, 5, ..., 150 mm.
* per_joint: mean root-relative distance per joint.
* symmetry: mean over frames and H36M mirror bone pairs of | |l - parent(l)| - |r - parent(r)| |.
"""
import json
import numpy as np

PARENTS = [-1, 0, 1, 2, 0, 4, 5, 0, 7, 8, 9, 8, 11, 12, 8, 14, 15]
LEFT = [4, 5, 6, 11, 12, 13]
RIGHT = [1, 2, 3, 14, 15, 16]
J = 17


def dist(a, b):
    return np.linalg.norm(a - b, axis=-1)


def root_relative(x):
    return x - x[:, :1, :]


def mpjpe(pred, gt):
    return dist(pred, gt).mean()


def p_mpjpe(pred, gt):
    mu_t = gt.mean(axis=1, keepdims=True)
    mu_p = pred.mean(axis=1, keepdims=True)
    x0 = gt - mu_t
    y0 = pred - mu_p
    nx = np.sqrt((x0 ** 2).sum(axis=(1, 2), keepdims=True))
    ny = np.sqrt((y0 ** 2).sum(axis=(1, 2), keepdims=True))
    x0 = x0 / nx
    y0 = y0 / ny
    h = np.einsum('fja,fjb->fab', x0, y0)
    u, s, vt = np.linalg.svd(h)
    v = np.transpose(vt, (0, 2, 1))
    r = v @ np.transpose(u, (0, 2, 1))
    sign = np.sign(np.linalg.det(r))
    v[:, :, -1] *= sign[:, None]
    s[:, -1] *= sign
    r = v @ np.transpose(u, (0, 2, 1))
    scale = s.sum(axis=1)[:, None, None] * nx / ny
    shift = mu_t - scale * (mu_p @ r)
    aligned = scale * (pred @ r) + shift
    return dist(aligned, gt).mean()


def n_mpjpe(pred, gt):
    pp = (pred ** 2).sum(axis=2).mean(axis=1)
    tp = (gt * pred).sum(axis=2).mean(axis=1)
    return mpjpe((tp / pp)[:, None, None] * pred, gt)


def velocity(pred, gt):
    return dist(np.diff(pred, axis=0), np.diff(gt, axis=0)).mean()


def pck_auc(pred, gt):
    d = dist(root_relative(pred), root_relative(gt))[:, 1:]
    pcks = [100.0 * (d < thr).mean() for thr in np.arange(0, 151, 5)]
    return 100.0 * (d < 150).mean(), float(np.mean(pcks))


def symmetry(pose):
    def length(j):
        return np.linalg.norm(pose[:, j] - pose[:, PARENTS[j]], axis=-1)
    return np.mean([np.abs(length(l) - length(r)) for l, r in zip(LEFT, RIGHT)])


def random_rotation(rng):
    q, r = np.linalg.qr(rng.normal(size=(3, 3)))
    q = q * np.sign(np.diag(r))
    if np.linalg.det(q) < 0:
        q[:, 0] = -q[:, 0]
    return q


def skeleton_pose(rng, frames):
    """Plausible-size random poses: bones of 100-450 mm grown from the parents, a random trajectory."""
    pose = np.zeros((frames, J, 3))
    bones = rng.uniform(100, 450, size=J)
    direction = rng.normal(size=(J, 3))
    for j in range(1, J):
        d = direction[j] + 0.15 * rng.normal(size=(frames, 3)).cumsum(axis=0) / np.sqrt(frames)
        d /= np.linalg.norm(d, axis=-1, keepdims=True)
        pose[:, j] = pose[:, PARENTS[j]] + bones[j] * d
    pose += np.array([0, 0, 4000.0]) + 20 * rng.normal(size=(frames, 1, 3)).cumsum(axis=0)
    return pose


def case(name, pred, gt):
    pred = pred.astype(np.float32)
    gt = gt.astype(np.float32)
    p = pred.astype(np.float64)
    g = gt.astype(np.float64)
    pck, auc = pck_auc(p, g)
    return {
        'name': name,
        'frames': int(p.shape[0]),
        'joints': J,
        'predicted': [float(v) for v in pred.reshape(-1)],
        'target': [float(v) for v in gt.reshape(-1)],
        'mpjpe': float(mpjpe(root_relative(p), root_relative(g))),
        'p_mpjpe': float(p_mpjpe(p, g)),
        'n_mpjpe_raw': float(n_mpjpe(p, g)),
        'n_mpjpe': float(n_mpjpe(root_relative(p), root_relative(g))),
        'velocity_raw': float(velocity(p, g)),
        'velocity': float(velocity(root_relative(p), root_relative(g))),
        'pck150': float(pck),
        'auc': float(auc),
        'per_joint': [float(v) for v in dist(root_relative(p), root_relative(g)).mean(axis=0)],
        'symmetry': float(symmetry(p)),
    }


def main():
    rng = np.random.default_rng(20261122)
    frames = 6
    cases = []
    gt = skeleton_pose(rng, frames)
    cases.append(case('noisy', gt + rng.normal(scale=40, size=gt.shape), gt))

    gt = skeleton_pose(rng, frames)
    cases.append(case('heavy_noise', gt + rng.normal(scale=150, size=gt.shape), gt))

    gt = skeleton_pose(rng, frames)
    rot = random_rotation(rng)
    moved = 1.3 * (gt @ rot) + np.array([250.0, -80.0, 600.0])
    cases.append(case('rotated_scaled_noisy', moved + rng.normal(scale=25, size=gt.shape), gt))

    gt = skeleton_pose(rng, frames)
    cases.append(case('scaled', 0.8 * gt + rng.normal(scale=10, size=gt.shape), gt))

    # Near-degenerate: the prediction is almost planar (z squashed to ~1 mm of spread).
    gt = skeleton_pose(rng, frames)
    flat = gt + rng.normal(scale=30, size=gt.shape)
    flat[:, :, 2] = flat[:, :1, 2] + 0.001 * (flat[:, :, 2] - flat[:, :1, 2])
    cases.append(case('near_planar_prediction', flat, gt))

    # Degenerate but well-defined: both poses exactly planar (H has rank 2, so R is still unique).
    gt = skeleton_pose(rng, frames)
    gt[:, :, 2] = 4000.0
    planar = gt + rng.normal(scale=20, size=gt.shape)
    planar[:, :, 2] = 3900.0
    cases.append(case('both_planar', planar, gt))

    # A prediction shrunk to about a millimetre: tiny Frobenius norm, large fitted scale.
    gt = skeleton_pose(rng, frames)
    cases.append(case('tiny_prediction', 0.001 * gt + rng.normal(scale=0.02, size=gt.shape), gt))

    # Mirror image: the best proper rotation cannot undo a reflection.
    gt = skeleton_pose(rng, frames)
    mirrored = gt.copy()
    mirrored[:, :, 0] = -mirrored[:, :, 0]
    cases.append(case('reflected', mirrored + rng.normal(scale=5, size=gt.shape), gt))

    with open('metrics_reference.json', 'w') as f:
        json.dump({'generator': 'make_fixtures.py', 'numpy': np.__version__, 'cases': cases}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()

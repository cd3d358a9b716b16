# Generates tests/PoseML.Tests/Fixtures/cameras/h36m_projection.csv: an independent numpy implementation
# of VideoPose3D's camera conventions (world_to_camera with quaternion (w,x,y,z) camera->world and the camera
# position; project_to_2d in normalised screen units, then image_coordinates back to pixels).
# Run from this folder: /usr/bin/python3 make_h36m_projection.py (h36m.py holds VideoPose3D's camera table).
import os
import numpy as np
from h36m import intr, extr

def qrot(q, v):
    w, u = q[0], np.asarray(q[1:])
    return v + 2 * (w * np.cross(u, v) + np.cross(u, np.cross(u, v)))

def world_to_camera(X, q, t):
    qi = np.array([q[0], -q[1], -q[2], -q[3]])
    return qrot(qi, X - t)

def camera_to_world(X, q, t):
    return qrot(np.asarray(q), X) + t

def project_normalised(X, params):
    f, c, k, p = params[:2], params[2:4], params[4:7], params[7:]
    xx = np.clip(X[:2] / X[2], -1, 1)
    r2 = np.sum(xx ** 2)
    radial = 1 + np.sum(k * np.array([r2, r2 ** 2, r2 ** 3]))
    tan = np.sum(p * xx)
    return f * (xx * (radial + tan) + p * r2) + c

def linear_normalised(X, params):
    return params[:2] * (X[:2] / X[2]) + params[2:4]

rows = []
world_points = [(0, 0, 900), (-500, 800, 1700), (400, -300, 100), (-59, 320, 412), (1200, 900, 1500)]
for ci, (cid, c, f, k, p, w, h) in enumerate(intr):
    q, t = extr['S1'][ci]
    q = np.array(q, float); q /= np.linalg.norm(q); t = np.array(t, float)
    fn = np.array(f) / w * 2
    cn = np.array(c) / w * 2 - [1, h / w]
    params = np.concatenate([fn, cn, k, p])
    pts = [np.array(P, float) for P in world_points]
    # one point far off axis (x/z = 1.5, clamped by the distorted model) given in camera coordinates
    pts.append(camera_to_world(np.array([3000.0, -200.0, 2000.0]), q, t))
    for X in pts:
        Xc = world_to_camera(X, q, t)
        nd = project_normalised(Xc, params)
        nl = linear_normalised(Xc, params)
        img = lambda n: (n + [1, h / w]) * w / 2
        ud, ul = img(nd), img(nl)
        rows.append([ci, *X, *Xc, *ud, *ul])
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'h36m_projection.csv'), 'w') as o:
    o.write('camera,wx,wy,wz,cx,cy,cz,u_distorted,v_distorted,u_pinhole,v_pinhole\n')
    for r in rows:
        o.write(str(r[0]) + ',' + ','.join(repr(float(v)) for v in r[1:]) + '\n')
print(len(rows))

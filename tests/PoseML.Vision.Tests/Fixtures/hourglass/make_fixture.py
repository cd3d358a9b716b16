#!/usr/bin/python3
"""PyTorch reference for PoseML.Vision's stacked hourglass (src/PoseML.Vision/Networks/Hourglass).

Builds the same architecture with the same module names in PyTorch (Debian's python3-torch 1.13), gives it seeded
random weights and non-trivial BatchNorm running statistics, runs it in evaluation mode on a seeded random input and
writes, as safetensors (written here from numpy, no safetensors package needed):
  weights.safetensors  the state dict (PyTorch names; F32, num_batches_tracked I64)
  io.safetensors       "input" [2,3,32,32] and "heatmaps" [2,Stacks,J,8,8] (every stack's output)
Shape: 2 stacks, width 8, depth 2, 32x32 input, 4 joints (tiny on purpose: the files are committed).
Run: /usr/bin/python3 tests/PoseML.Vision.Tests/Fixtures/hourglass/make_fixture.py
"""
import json
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

STACKS, WIDTH, DEPTH, SIZE, JOINTS = 2, 8, 2, 32, 4


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        mid = cout // 2
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, mid, 1)
        self.bn2 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, padding=1)
        self.bn3 = nn.BatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, cout, 1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x):
        h = self.conv1(F.relu(self.bn1(x)))
        h = self.conv2(F.relu(self.bn2(h)))
        h = self.conv3(F.relu(self.bn3(h)))
        return h + (x if self.skip is None else self.skip(x))


class Hourglass(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.up1 = Residual(width, width)
        self.low1 = Residual(width, width)
        self.low2 = Hourglass(depth - 1, width) if depth > 1 else Residual(width, width)
        self.low3 = Residual(width, width)

    def forward(self, x):
        up = self.up1(x)
        low = self.low3(self.low2(self.low1(F.max_pool2d(x, 2, 2))))
        return up + F.interpolate(low, scale_factor=2, mode="nearest")


class Stem(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.conv = nn.Conv2d(3, width // 2, 7, stride=2, padding=3)
        self.bn = nn.BatchNorm2d(width // 2)
        self.res1 = Residual(width // 2, width)
        self.res2 = Residual(width, width)
        self.res3 = Residual(width, width)

    def forward(self, x):
        h = self.res1(F.relu(self.bn(self.conv(x))))
        return self.res3(self.res2(F.max_pool2d(h, 2, 2)))


class FeatureHead(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.res = Residual(width, width)
        self.conv = nn.Conv2d(width, width, 1)
        self.bn = nn.BatchNorm2d(width)

    def forward(self, x):
        return F.relu(self.bn(self.conv(self.res(x))))


class StackedHourglass(nn.Module):
    def __init__(self, stacks, width, depth, joints):
        super().__init__()
        self.stacks = stacks
        self.stem = Stem(width)
        self.hourglasses = nn.ModuleList([Hourglass(depth, width) for _ in range(stacks)])
        self.features = nn.ModuleList([FeatureHead(width) for _ in range(stacks)])
        self.heads = nn.ModuleList([nn.Conv2d(width, joints, 1) for _ in range(stacks)])
        self.merge_features = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(stacks - 1)])
        self.merge_heads = nn.ModuleList([nn.Conv2d(joints, width, 1) for _ in range(stacks - 1)])

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for i in range(self.stacks):
            feature = self.features[i](self.hourglasses[i](x))
            heat = self.heads[i](feature)
            outs.append(heat)
            if i < self.stacks - 1:
                x = x + self.merge_features[i](feature) + self.merge_heads[i](heat)
        return torch.stack(outs, 1)


def write_safetensors(path, tensors):
    """The safetensors layout: u64 LE header length, JSON header (sorted names, 8-byte padded), raw LE data."""
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = tensors[name]
        dtype = {np.dtype("float32"): "F32", np.dtype("int64"): "I64"}[a.dtype]
        data = np.ascontiguousarray(a).astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    torch.manual_seed(20261206)
    net = StackedHourglass(STACKS, WIDTH, DEPTH, JOINTS)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):  # non-trivial evaluation-mode statistics and affine parameters
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(7)
    net.eval()
    x = torch.rand(2, 3, SIZE, SIZE)
    with torch.no_grad():
        y = net(x)
    state = {k: v.detach().numpy() for k, v in net.state_dict().items()}
    write_safetensors(os.path.join(here, "weights.safetensors"), state)
    write_safetensors(os.path.join(here, "io.safetensors"), {"input": x.numpy(), "heatmaps": y.numpy()})
    print(f"torch {torch.__version__}: {len(state)} tensors, heatmaps {tuple(y.shape)}, |y| max {y.abs().max():.4f}")


if __name__ == "__main__":
    main()

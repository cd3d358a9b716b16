#!/usr/bin/python3
"""PyTorch 1.13 reference for `poseml bench hourglass`: the same stacked hourglass (the classes of the parity fixture,
tests/PoseML.Vision.Tests/Fixtures/hourglass/make_fixture.py, same module names), the same batch, loss (L_2d = MSE summed
over stacks) and optimiser (Adam), measured the same way: training images/s (forward + backward + step, train mode),
inference images/s (eval mode, no grad), and the process's peak resident memory after training (ru_maxrss).

Usage: /usr/bin/python3 tests/PoseML.Benchmarks/refs/hourglass.py [--stacks 2 --width 64 --depth 4 --size 128
       --joints 17 --batch 16 --threads 2 --seconds 10]   (prints one JSON line)
"""
import argparse
import json
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "PoseML.Vision.Tests", "Fixtures", "hourglass"))
from make_fixture import StackedHourglass  # noqa: E402


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--stacks", type=int, default=2)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--joints", type=int, default=17)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seconds", type=float, default=10)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = StackedHourglass(a.stacks, a.width, a.depth, a.joints)
    params = sum(t.numel() for t in net.parameters())
    h = a.size // 4
    x = torch.rand(a.batch, 3, a.size, a.size)
    target = torch.rand(a.batch, 1, a.joints, h, h)
    weight = torch.ones(a.batch, 1, a.joints, 1, 1)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    rss_before = rss_mb()

    def step():
        out = net(x)
        loss = ((out - target) ** 2 * weight).mean() * a.stacks
        opt.zero_grad()
        loss.backward()
        opt.step()

    net.train()
    for _ in range(2):
        step()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < a.seconds:
        step()
        steps += 1
    train = steps * a.batch / (time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    net.eval()
    with torch.no_grad():
        net(x)
        n, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < a.seconds:
            net(x)[:, -1]
            n += 1
        infer = n * a.batch / (time.perf_counter() - t0)
    print(json.dumps({"engine": f"pytorch {torch.__version__}", "train_images_per_s": train, "infer_images_per_s": infer,
                      "peak_rss_mb_after_train": peak, "rss_mb_before_train": rss_before, "params": params,
                      "stacks": a.stacks, "width": a.width, "depth": a.depth, "size": a.size, "joints": a.joints,
                      "batch": a.batch, "threads": a.threads}))


if __name__ == "__main__":
    main()

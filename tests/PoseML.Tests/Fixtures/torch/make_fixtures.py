"""Generates the PyTorch reference fixtures for PoseML's NN engine tests (tests/PoseML.Tests/Nn/...).

Run once with the Debian interpreter (torch 1.13, no `safetensors` package, so a minimal safetensors
writer is included here):  /usr/bin/python3 tests/PoseML.Tests/Fixtures/torch/make_fixtures.py

Outputs (committed, a few KB each):
  optim.json              optimiser trajectories: params, per-step gradients, params after each step
  lifter_eval.safetensors a small Martinez-style lifter (eval mode, perturbed BatchNorm statistics)
  lifter_eval_io.safetensors  an input batch and PyTorch's eval-mode forward output
  lifter_train.safetensors    one training step (train mode, dropout 0): initial state, input, target,
                          output, loss, parameter gradients, and the state after one RMSprop step
"""
import json
import os
import struct

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(path, tensors, metadata=None):
    """safetensors layout: u64 little-endian header size, JSON header (keys sorted, data offsets in
    that order, padded with spaces to 8 bytes), then the raw little-endian tensor bytes."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous()
        data = t.numpy().tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


class Block(nn.Module):
    """Residual block with the field names of refs/perf/lifter.py (l1, b1, l2, b2)."""

    def __init__(self, d, slope, p):
        super().__init__()
        self.l1, self.b1 = nn.Linear(d, d), nn.BatchNorm1d(d)
        self.l2, self.b2 = nn.Linear(d, d), nn.BatchNorm1d(d)
        self.slope, self.drop = slope, nn.Dropout(p)

    def forward(self, x):
        y = self.drop(F.leaky_relu(self.b1(self.l1(x)), self.slope))
        y = self.drop(F.leaky_relu(self.b2(self.l2(y)), self.slope))
        return x + y


class Lifter(nn.Module):
    def __init__(self, n_in, n_out, d, blocks, slope, p):
        super().__init__()
        self.inp, self.bn = nn.Linear(n_in, d), nn.BatchNorm1d(d)
        self.slope, self.drop = slope, nn.Dropout(p)
        self.blocks = nn.Sequential(*[Block(d, slope, p) for _ in range(blocks)])
        self.out = nn.Linear(d, n_out)

    def forward(self, x):
        x = self.drop(F.leaky_relu(self.bn(self.inp(x)), self.slope))
        return self.out(self.blocks(x))


def perturb_batchnorm(model, gen):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.weight.copy_(torch.rand(m.num_features, generator=gen) * 1.5 + 0.25)
                m.bias.copy_(torch.randn(m.num_features, generator=gen) * 0.3)
                m.running_mean.copy_(torch.randn(m.num_features, generator=gen) * 0.5)
                m.running_var.copy_(torch.rand(m.num_features, generator=gen) * 1.5 + 0.5)
                m.num_batches_tracked.fill_(123)


def lifter_eval():
    gen = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    model = Lifter(34, 51, 64, 2, 0.2, 0.25)
    perturb_batchnorm(model, gen)
    model.eval()
    x = torch.randn(8, 34, generator=gen)
    with torch.no_grad():
        y = model(x)
    save_safetensors(os.path.join(HERE, "lifter_eval.safetensors"), model.state_dict(),
                     {"architecture": "Lifter(in=34, width=64, blocks=2, out=51, leaky_relu 0.2, dropout 0.25)"})
    save_safetensors(os.path.join(HERE, "lifter_eval_io.safetensors"), {"input": x, "output": y})


def lifter_train():
    gen = torch.Generator().manual_seed(2)
    torch.manual_seed(2)
    model = Lifter(34, 51, 32, 1, 0.2, 0.0)
    perturb_batchnorm(model, gen)
    model.train()
    x = torch.randn(16, 34, generator=gen)
    target = torch.randn(16, 51, generator=gen)
    init = {k: v.clone() for k, v in model.state_dict().items()}
    opt = torch.optim.RMSprop(model.parameters(), lr=1e-2)
    opt.zero_grad()
    out = model(x)
    loss = F.mse_loss(out, target)
    loss.backward()
    grads = {f"grad.{n}": p.grad.clone() for n, p in model.named_parameters()}
    opt.step()
    tensors = {f"init.{k}": v for k, v in init.items()}
    tensors.update({f"after.{k}": v.clone() for k, v in model.state_dict().items()})
    tensors.update(grads)
    tensors.update({"input": x, "target": target, "output": out.detach(), "loss": loss.detach().reshape(1)})
    save_safetensors(os.path.join(HERE, "lifter_train.safetensors"), tensors,
                     {"architecture": "Lifter(in=34, width=32, blocks=1, out=51, leaky_relu 0.2, dropout 0)",
                      "optimizer": "RMSprop(lr=1e-2)"})


def optim_cases():
    cases = [
        ("sgd", "SGD", {"lr": 0.1}),
        ("sgd_momentum_wd", "SGD", {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}),
        ("sgd_nesterov", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
        ("rmsprop", "RMSprop", {"lr": 0.01}),
        ("rmsprop_centered_momentum_wd", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.9, "weight_decay": 0.1}),
        ("adam", "Adam", {"lr": 0.01}),
        ("amsgrad_wd", "Adam", {"lr": 0.01, "amsgrad": True, "weight_decay": 0.05}),
    ]
    gen = torch.Generator().manual_seed(3)
    steps, shape = 6, (3, 5)
    out = []
    for name, kind, kwargs in cases:
        p = nn.Parameter(torch.randn(*shape, generator=gen))
        p0 = p.detach().clone()
        opt = getattr(torch.optim, kind)([p], **kwargs)
        grads, after = [], []
        for s in range(steps):
            # magnitudes vary by step so AMSGrad's running maximum matters
            g = torch.randn(*shape, generator=gen) * (2.0 if s % 3 == 0 else 0.3)
            p.grad = g.clone()
            opt.step()
            grads.append(g.flatten().tolist())
            after.append(p.detach().flatten().tolist())
        out.append({"name": name, "optimizer": kind, "options": kwargs, "shape": list(shape),
                    "initial": p0.flatten().tolist(), "gradients": grads, "expected": after})
    with open(os.path.join(HERE, "optim.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": out}, f, indent=1)


if __name__ == "__main__":
    torch.set_num_threads(1)
    lifter_eval()
    lifter_train()
    optim_cases()
    print("fixtures written to", HERE)

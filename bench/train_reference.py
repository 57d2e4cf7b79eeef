#!/usr/bin/env python3
"""NumPy and PyTorch references for `lyapsim train`: the same model, task,
optimizer and sizes, written as a researcher would (NumPy: a list of weight
matrices, batched matrix products, AdamW per parameter array; PyTorch:
nn.Sequential of nn.Linear and nn.LeakyReLU, torch.optim.AdamW, autograd).
One thread (PyTorch: torch.set_num_threads(1), OMP/MKL_NUM_THREADS=1 set
before the import). Prints seconds per run.

--task fashion-mnist (PyTorch only): 784 -> N, L hidden N x N, N -> 10, on
the real Fashion-MNIST files (Debian's dataset-fashion-mnist): 55,000
training images, pixels / 255 standardized globally, softmax
cross-entropy, held-out cross-entropy and accuracy on the 10,000 test
images at 21 points, as `lyapsim train --task fashion-mnist`.

Model: input 1 -> N, L hidden N x N, output N -> 1, Leaky ReLU after the
input and hidden layers, biases; quintic task (x ~ U(-1, 1), y = T5(x)),
1024 training and 1024 held-out samples, MSE, AdamW (lr, wd), batches of B
from a fresh permutation each epoch, held-out loss at 21 points.
"""
import argparse
import gzip
import os
import time

# One thread for NumPy's and PyTorch's BLAS (read when they load).
for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402


def run(width, depth, steps, batch, lr, wd, slope, rng):
    x = rng.uniform(-1, 1, size=(1024, 1))
    y = 16 * x**5 - 20 * x**3 + 5 * x
    xe = rng.uniform(-1, 1, size=(1024, 1))
    ye = 16 * xe**5 - 20 * xe**3 + 5 * xe
    gain = np.sqrt(2 / (1 + slope**2))
    sizes = [1] + [width] * (depth + 1) + [1]
    sigma_crit = 3.2  # any scale: the cost does not depend on it
    ws, bs = [], []
    for k in range(len(sizes) - 1):
        fan_in, fan_out = sizes[k], sizes[k + 1]
        s = gain / np.sqrt(fan_in) if k == 0 else (1 / np.sqrt(fan_in) if k == len(sizes) - 2 else sigma_crit / np.sqrt(fan_in))
        ws.append(rng.standard_normal((fan_in, fan_out)) * s)
        bs.append(np.zeros(fan_out))
    params = ws + bs
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    b1, b2, eps = 0.9, 0.999, 1e-8

    def forward(inp):
        zs, acts = [], [inp]
        h = inp
        for k in range(len(ws)):
            z = h @ ws[k] + bs[k]
            zs.append(z)
            h = z if k == len(ws) - 1 else np.where(z >= 0, z, slope * z)
            acts.append(h)
        return zs, acts

    def evaluate():
        _, acts = forward(xe)
        return np.mean((acts[-1] - ye) ** 2)

    curve = [evaluate()]
    order = rng.permutation(1024)
    pos = 0
    for step in range(1, steps + 1):
        if pos + batch > 1024:
            order = rng.permutation(1024)
            pos = 0
        idx = order[pos:pos + batch]
        pos += batch
        xb, yb = x[idx], y[idx]
        zs, acts = forward(xb)
        delta = 2 * (acts[-1] - yb) / yb.size
        gw, gb = [None] * len(ws), [None] * len(ws)
        for k in range(len(ws) - 1, -1, -1):
            gw[k] = acts[k].T @ delta
            gb[k] = delta.sum(axis=0)
            if k > 0:
                delta = (delta @ ws[k].T) * np.where(zs[k - 1] >= 0, 1.0, slope)
        grads = gw + gb
        t = step
        for i, (p, g) in enumerate(zip(params, grads)):
            m[i] = b1 * m[i] + (1 - b1) * g
            v[i] = b2 * v[i] + (1 - b2) * g * g
            mhat = m[i] / (1 - b1**t)
            vhat = v[i] / (1 - b2**t)
            p *= 1 - lr * wd
            p -= lr * mhat / (np.sqrt(vhat) + eps)
        if step % max(1, steps // 20) == 0:
            curve.append(evaluate())
    return curve[-1]


def load_fashion(directory="/usr/share/datasets/fashion-mnist"):
    def images(name):
        with gzip.open(os.path.join(directory, name)) as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=16).reshape(-1, 784) / 255.0

    def labels(name):
        with gzip.open(os.path.join(directory, name)) as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=8).astype(np.int64)

    x, y = images("train-images-idx3-ubyte.gz")[:55000], labels("train-labels-idx1-ubyte.gz")[:55000]
    xe, ye = images("t10k-images-idx3-ubyte.gz"), labels("t10k-labels-idx1-ubyte.gz")
    mean, sd = x.mean(), x.std()
    return (x - mean) / sd, y, (xe - mean) / sd, ye


def run_torch(width, depth, steps, batch, lr, wd, slope, dtype, data, seed):
    import torch
    from torch import nn

    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    if data is None:  # quintic
        x = torch.rand(1024, 1, dtype=dtype, generator=g) * 2 - 1
        y = 16 * x**5 - 20 * x**3 + 5 * x
        xe = torch.rand(1024, 1, dtype=dtype, generator=g) * 2 - 1
        ye = 16 * xe**5 - 20 * xe**3 + 5 * xe
        inputs, outputs, loss_fn = 1, 1, nn.MSELoss()
    else:
        x, y, xe, ye = (torch.as_tensor(a) for a in data)
        x, xe = x.to(dtype), xe.to(dtype)
        inputs, outputs, loss_fn = 784, 10, nn.CrossEntropyLoss()
    sizes = [inputs] + [width] * (depth + 1) + [outputs]
    layers = []
    for k in range(len(sizes) - 1):
        lin = nn.Linear(sizes[k], sizes[k + 1], dtype=dtype)
        nn.init.normal_(lin.weight, std=3.2 / sizes[k] ** 0.5)  # any scale: the cost does not depend on it
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if k < len(sizes) - 2:
            layers.append(nn.LeakyReLU(slope))
    model = nn.Sequential(*layers)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=wd, eps=1e-8)

    def evaluate():
        with torch.no_grad():
            out = model(xe)
            value = loss_fn(out, ye).item()
            if data is not None:
                (out.argmax(dim=1) == ye).double().mean().item()
            return value

    n = x.shape[0]
    curve = [evaluate()]
    order = torch.randperm(n, generator=g)
    pos = 0
    for step in range(1, steps + 1):
        if pos + batch > n:
            order = torch.randperm(n, generator=g)
            pos = 0
        idx = order[pos:pos + batch]
        pos += batch
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
        if step % max(1, steps // 20) == 0:
            curve.append(evaluate())
    return curve[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=2)
    ap.add_argument("--depth", type=int, default=40)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--backend", choices=["numpy", "torch"], default="numpy")
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    ap.add_argument("--task", choices=["quintic", "fashion-mnist"], default="quintic")
    args = ap.parse_args()
    if args.backend == "numpy":
        if args.task != "quintic" or args.dtype != "float64":
            ap.error("the NumPy reference is quintic in float64 only")
        rng = np.random.default_rng(1)
        start = time.perf_counter()
        for _ in range(args.runs):
            run(args.width, args.depth, args.steps, args.batch, 1e-3, 1e-4, 0.1, rng)
    else:
        import torch

        torch.set_num_threads(1)
        dtype = torch.float64 if args.dtype == "float64" else torch.float32
        data = load_fashion() if args.task == "fashion-mnist" else None
        # Warm-up outside the timing (first-call set-up of the kernels).
        run_torch(args.width, args.depth, 2, args.batch, 1e-3, 1e-4, 0.1, dtype, data, 99)
        start = time.perf_counter()
        for r in range(args.runs):
            run_torch(args.width, args.depth, args.steps, args.batch, 1e-3, 1e-4, 0.1, dtype, data, r)
    print(f"{(time.perf_counter() - start) / args.runs:.6f}")


if __name__ == "__main__":
    main()

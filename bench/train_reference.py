#!/usr/bin/env python3
"""NumPy reference for `lyapsim train`: the same model, task, optimizer and
sizes, written as a researcher would (a list of weight matrices, batched
matrix products, AdamW per parameter array). Prints seconds per run.

Model: input 1 -> N, L hidden N x N, output N -> 1, Leaky ReLU after the
input and hidden layers, biases; quintic task (x ~ U(-1, 1), y = T5(x)),
1024 training and 1024 held-out samples, MSE, AdamW (lr, wd), batches of B
from a fresh permutation each epoch, held-out loss at 21 points.
"""
import argparse
import time

import numpy as np


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=2)
    ap.add_argument("--depth", type=int, default=40)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    rng = np.random.default_rng(1)
    start = time.perf_counter()
    for _ in range(args.runs):
        run(args.width, args.depth, args.steps, args.batch, 1e-3, 1e-4, 0.1, rng)
    print(f"{(time.perf_counter() - start) / args.runs:.6f}")


if __name__ == "__main__":
    main()

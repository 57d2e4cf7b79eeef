#!/usr/bin/env python3
"""The NumPy reference for bench/run.sh: the same random networks written the
way a researcher would, batched over samples and vectorized.

  gaussian:   W = standard_normal((M, N, N)) * sigma / sqrt(N), h = W @ x
  orthogonal: Q, R = qr(standard_normal((M, N, N))), Q *= sign(diag R), h = sigma Q @ x
  uniform:    W = uniform(-b, b, (M, N, N)), b = sigma sqrt(3 / N), h = W @ x
  rademacher: W = (1 - 2 integers(0, 2, (M, N, N))) * sigma / sqrt(N), h = W @ x

Prints one JSON object: the best wall time over --repeats runs and the mean
of S_L / L (a sanity check that both programs simulate the same thing).
"""
import argparse
import json
import time

import numpy as np


def run(ensemble, n, depth, samples, slope, sigma, rng):
    x = np.full((samples, n), 1.0 / np.sqrt(n))
    s = np.zeros(samples)
    for _ in range(depth):
        if ensemble == "uniform":
            b = sigma * np.sqrt(3.0 / n)
            w = rng.uniform(-b, b, (samples, n, n))
            h = np.matmul(w, x[:, :, None])[:, :, 0]
        elif ensemble == "rademacher":
            w = 1.0 - 2.0 * rng.integers(0, 2, (samples, n, n), dtype=np.int8)
            h = np.matmul(w, x[:, :, None])[:, :, 0] * (sigma / np.sqrt(n))
        elif ensemble == "gaussian":
            g = rng.standard_normal((samples, n, n))
            h = np.matmul(g, x[:, :, None])[:, :, 0] * (sigma / np.sqrt(n))
        else:
            g = rng.standard_normal((samples, n, n))
            q, r = np.linalg.qr(g)
            q *= np.sign(np.diagonal(r, axis1=1, axis2=2))[:, None, :]
            h = sigma * np.matmul(q, x[:, :, None])[:, :, 0]
        y = np.where(h >= 0, h, slope * h)
        norm = np.linalg.norm(y, axis=1)
        s += np.log(norm)
        x = y / norm[:, None]
    return s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ensemble", choices=["gaussian", "orthogonal", "uniform", "rademacher"], required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--depth", type=int, required=True)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--slope", type=float, default=0.1)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args()
    sigma = np.sqrt(2.0 / (1.0 + a.slope ** 2))
    best = float("inf")
    for k in range(a.repeats):
        rng = np.random.default_rng(k)
        t0 = time.perf_counter()
        s = run(a.ensemble, a.width, a.depth, a.samples, a.slope, sigma, rng)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "lambda_hat": float(np.mean(s) / a.depth), "numpy": np.__version__}))


if __name__ == "__main__":
    main()

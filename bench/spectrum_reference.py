#!/usr/bin/env python3
"""The NumPy reference for the Jacobian spectrum (bench/spectrum.sh): the QR
(Benettin) method written the way a researcher would, batched over networks.

Each layer: W = standard_normal((M, N, N)) * sigma / sqrt(N); h = W x;
D = where(h >= 0, 1, a); Q <- D * (W @ Q); Q, R = qr(Q); sum log|diag R|.
Prints one JSON object: the best wall time over --repeats runs and the mean
exponents (a sanity check against lyapsim's).
"""
import argparse
import json
import time

import numpy as np


def run(n, k, depth, samples, slope, sigma, rng):
    x = np.full((samples, n), 1.0 / np.sqrt(n))
    q = np.zeros((samples, n, k))
    q[:, np.arange(k), np.arange(k)] = 1.0
    logr = np.zeros((samples, k))
    for _ in range(depth):
        w = rng.standard_normal((samples, n, n)) * (sigma / np.sqrt(n))
        h = np.matmul(w, x[:, :, None])[:, :, 0]
        d = np.where(h >= 0, 1.0, slope)
        y = d * h
        x = y / np.linalg.norm(y, axis=1)[:, None]
        q, r = np.linalg.qr(d[:, :, None] * np.matmul(w, q))
        logr += np.log(np.abs(np.diagonal(r, axis1=1, axis2=2)))
    return logr / depth


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--exponents", type=int, required=True)
    p.add_argument("--depth", type=int, required=True)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--slope", type=float, default=0.1)
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args()
    sigma = np.sqrt(2.0 / (1.0 + a.slope ** 2))
    best, exps = float("inf"), None
    for r in range(a.repeats):
        rng = np.random.default_rng(r)
        t0 = time.perf_counter()
        exps = run(a.width, a.exponents, a.depth, a.samples, a.slope, sigma, rng)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "exponents": exps.mean(axis=0).tolist()}))


if __name__ == "__main__":
    main()

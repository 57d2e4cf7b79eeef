#!/usr/bin/env python3
"""The JAX reference for bench/run.sh: the same random networks as
bench/numpy_reference.py, written the way a JAX user would, on the CPU in
64-bit: one jax.jit-compiled function, lax.scan over the layers, each layer's
weights for all samples drawn in one batched jax.random call, h = W x by
einsum.

  gaussian:   W = normal((M, N, N)) * sigma / sqrt(N)
  orthogonal: Q, R = qr(normal((M, N, N))), Q *= sign(diag R), W = sigma Q
  uniform:    W = uniform((M, N, N), -b, b), b = sigma sqrt(3 / N)
  rademacher: W = rademacher((M, N, N)) * sigma / sqrt(N)

Compile time (lowering and XLA compilation, before the first run) is
measured and reported separately; "seconds" is the best of --repeats runs of
the compiled function. Prints one JSON object.
"""
import argparse
import json
import time

import jax

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")

import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402


def network(ensemble, n, depth, samples, slope, sigma):
    def weights(key):
        shape = (samples, n, n)
        if ensemble == "gaussian":
            return jax.random.normal(key, shape, dtype=jnp.float64) * (sigma / jnp.sqrt(n))
        if ensemble == "uniform":
            b = sigma * jnp.sqrt(3.0 / n)
            return jax.random.uniform(key, shape, dtype=jnp.float64, minval=-b, maxval=b)
        if ensemble == "rademacher":
            return jax.random.rademacher(key, shape, dtype=jnp.float64) * (sigma / jnp.sqrt(n))
        g = jax.random.normal(key, shape, dtype=jnp.float64)
        q, r = jnp.linalg.qr(g)
        q = q * jnp.sign(jnp.diagonal(r, axis1=1, axis2=2))[:, None, :]
        return sigma * q

    def layer(carry, key):
        x, s = carry
        h = jnp.einsum("mij,mj->mi", weights(key), x)
        y = jnp.where(h >= 0, h, slope * h)
        norm = jnp.linalg.norm(y, axis=1)
        return (y / norm[:, None], s + jnp.log(norm)), None

    def run(key):
        x = jnp.full((samples, n), 1.0 / jnp.sqrt(n))
        s = jnp.zeros(samples)
        (_, s), _ = lax.scan(layer, (x, s), jax.random.split(key, depth))
        return s

    return jax.jit(run)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ensemble", choices=["gaussian", "orthogonal", "uniform", "rademacher"], required=True)
    p.add_argument("--width", type=int, required=True)
    p.add_argument("--depth", type=int, required=True)
    p.add_argument("--samples", type=int, required=True)
    p.add_argument("--slope", type=float, default=0.1)
    p.add_argument("--repeats", type=int, default=1)
    a = p.parse_args()
    sigma = (2.0 / (1.0 + a.slope ** 2)) ** 0.5
    f = network(a.ensemble, a.width, a.depth, a.samples, a.slope, sigma)
    key = jax.random.key(0)
    t0 = time.perf_counter()
    compiled = f.lower(key).compile()
    compile_seconds = time.perf_counter() - t0
    best = float("inf")
    for k in range(a.repeats):
        key = jax.random.key(k)
        t0 = time.perf_counter()
        s = compiled(key).block_until_ready()
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "compile_seconds": compile_seconds,
                      "lambda_hat": float(jnp.mean(s) / a.depth), "jax": jax.__version__}))


if __name__ == "__main__":
    main()

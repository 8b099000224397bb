"""PyTorch's side of `benches/kernels.rs`: element-wise functions on 10^6 values (forward, and
forward + backward of their sum) and reductions on 1000 x 1000, one thread by default.

    python bench/kernels.py [threads]

Prints `name/type  median-ms` lines, the median of 20 timed calls after 3 warm-up calls.
"""
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 1)


def spread(n):
    i = torch.arange(n, dtype=torch.float64)
    return torch.remainder(i * 7919, 6000) / 1000.0 - 3.0


def median_ms(f, calls=20):
    for _ in range(3):
        f()
    times = []
    for _ in range(calls):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    return 1e3 * times[len(times) // 2]


def elementwise():
    cases = {
        "exp": torch.exp,
        "log": lambda t: torch.log(torch.abs(t)),
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "softplus": F.softplus,
        "erf": torch.erf,
        "gelu": F.gelu,
    }
    for name, f in cases.items():
        for ty, dtype in (("f32", torch.float32), ("f64", torch.float64)):
            x = spread(1_000_000).to(dtype)
            print(f"elementwise/{name}/{ty} {median_ms(lambda: f(x)):.3f}")

            def grad():
                p = x.clone().requires_grad_()
                f(p).sum().backward()
                return p.grad

            print(f"elementwise/{name}_grad/{ty} {median_ms(grad):.3f}")


def reductions():
    for ty, dtype in (("f32", torch.float32), ("f64", torch.float64)):
        x = spread(1_000_000).to(dtype).reshape(1000, 1000)
        cases = {
            "max": lambda: x.max(),
            "max_axes": lambda: x.max(dim=1).values,
            "norm2": lambda: torch.linalg.vector_norm(x, 2),
            "softmax": lambda: torch.softmax(x, 1),
            "log_softmax": lambda: torch.log_softmax(x, 1),
            "softmax_axis0": lambda: torch.softmax(x, 0),
            "log_softmax_axis0": lambda: torch.log_softmax(x, 0),
        }
        for name, f in cases.items():
            print(f"reduce/{name}/{ty} {median_ms(f):.3f}")
        # Forward and backward of a weighted sum, as in kernels.rs.
        w = 1.0 + 1e-3 * x
        grads = {
            "softmax_grad": (torch.softmax, 1),
            "log_softmax_grad": (torch.log_softmax, 1),
            "softmax_axis0_grad": (torch.softmax, 0),
            "log_softmax_axis0_grad": (torch.log_softmax, 0),
        }
        for name, (f, dim) in grads.items():

            def grad(f=f, dim=dim):
                p = x.clone().requires_grad_()
                (f(p, dim) * w).sum().backward()
                return p.grad

            print(f"reduce/{name}/{ty} {median_ms(grad):.3f}")
        near_one = 1.0 + 1e-4 * x

        def prod_grad():
            p = near_one.clone().requires_grad_()
            p.prod().backward()
            return p.grad

        print(f"reduce/prod_grad/{ty} {median_ms(prod_grad):.3f}")

        def prod_axes0_grad():
            p = near_one.clone().requires_grad_()
            p.prod(0).sum().backward()
            return p.grad

        print(f"reduce/prod_axes0_grad/{ty} {median_ms(prod_axes0_grad):.3f}")


elementwise()
reductions()

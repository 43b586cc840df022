"""Device-to-device copy bandwidth (bytes read + bytes written per second), the ceiling
that bounds single-sequence decode. Prints one JSON line. Needs PyTorch with CUDA."""
import json
import sys

import torch


def main() -> None:
    dev = torch.device("cuda")
    out = {"device": torch.cuda.get_device_name(0)}
    free, total = torch.cuda.mem_get_info()
    out["vram_total_bytes"] = total
    out["vram_free_bytes"] = free
    res = []
    for gib in (1, 2, 4):
        n = gib * (1 << 30) // 4
        a = torch.rand(n, device=dev)  # random, never zeros
        b = torch.empty_like(a)
        for _ in range(3):
            b.copy_(a)
        torch.cuda.synchronize()
        times = []
        for _ in range(20):
            s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            s.record()
            b.copy_(a)
            e.record()
            e.synchronize()
            times.append(s.elapsed_time(e) / 1000)
        if not torch.equal(a[:: 1 << 20], b[:: 1 << 20]):
            raise SystemExit("copy check failed")
        times.sort()
        med = times[len(times) // 2]
        res.append({"gib": gib, "median_s": med, "tb_per_s": 2 * n * 4 / med / 1e12})
        del a, b
        torch.cuda.empty_cache()
    out["copies"] = res
    out["tb_per_s"] = max(r["tb_per_s"] for r in res)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()

"""Turns bench/gpu/run.sh's raw results into the markdown table and one JSON file.

    python3 bench/gpu/summarize.py <results dir> <out dir>

Writes <out>/table.md, <out>/results.json and <out>/logs.tar.gz, and prints the table.
Works on whatever subset of results exists (a partial run gives a partial table)."""
import glob
import json
import os
import re
import sys
import tarfile

RES, OUT = sys.argv[1], sys.argv[2]
# The draft length the app cases asked for (run.sh MAXTOK), to show how many tokens early stops left undrafted.
MAXTOK = int(os.environ.get("MAXTOK", "1024"))
GIB = 1024**3
MODELS = ["mistral-q4", "mistral-f16", "gemma-q4"]
CONFIGS = ["fa1-f16", "fa1-f16-b512", "fa0-f16", "fa1-q8_0"]


def read_jsonl(path):
    rows = []
    if os.path.exists(path):
        for line in open(path):
            line = line.strip()
            if line.startswith("{"):
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    pass
    return rows


def fmt(x, nd=0, unit=""):
    if x is None:
        return "–"
    return f"{x:,.{nd}f}{unit}"


def ratio(a, b, nd=3):
    return None if a is None or not b else a / b


# ------------------------------------------------------------------ inputs
probe = open(os.path.join(RES, "probe.txt")).read() if os.path.exists(os.path.join(RES, "probe.txt")) else ""
bw = {}
if os.path.exists(os.path.join(RES, "bandwidth.json")):
    try:
        bw = json.load(open(os.path.join(RES, "bandwidth.json")))
    except json.JSONDecodeError:
        pass
bandwidth = bw.get("tb_per_s")

lb = {}  # (model, cfg) -> {"pp":, "tg0":, "tgd":, "ub": {ub: ts}}
lb_rows = []
for f in sorted(glob.glob(os.path.join(RES, "lb-*.jsonl"))):
    ident = os.path.basename(f)[3:-6]
    model = next((m for m in MODELS if ident.startswith(m + "-")), None)
    if not model:
        continue
    cfg = ident[len(model) + 1 :]
    for r in read_jsonl(f):
        r["_id"] = ident
        lb_rows.append(r)
        depth_run = cfg.endswith("-d")
        base = cfg[:-2] if depth_run else cfg
        e = lb.setdefault((model, base), {"ub": {}})
        ts = r.get("avg_ts")
        if r.get("n_prompt", 0) > 0 and r.get("n_gen", 0) == 0:
            if base in ("fa1-ub", "default"):
                e["ub"][r.get("n_ubatch")] = ts
                e["pp"] = max(e.get("pp") or 0, ts) if base == "default" else e.get("pp")
            else:
                e["pp"] = ts
        elif r.get("n_gen", 0) > 0:
            e["tgd" if r.get("n_depth", 0) > 0 else "tg0"] = ts
        e.setdefault("model_size", r.get("model_size"))

app_rows = [r for r in read_jsonl(os.path.join(RES, "app.jsonl")) if r.get("kind") == "app"]
hardware = [r for r in read_jsonl(os.path.join(RES, "app.jsonl")) if r.get("kind") == "hardware"]
app = {}
for r in app_rows:  # later rows (a rerun) win
    app[(r["model"], r["label"])] = r
gens = [json.loads(open(f).read().strip() or "{}") for f in glob.glob(os.path.join(RES, "gen-*.json"))]

# model file sizes for the floor
sizes = {}
for r in app_rows:
    if r.get("shape"):
        sizes[r["model"]] = r["shape"]


def floor_tps(model, kv, ctx_tokens):
    """Decode floor: bytes one token must read (GPU weights + KV cache up to ctx) / bandwidth."""
    s = sizes.get(model)
    if not s or not bandwidth:
        return None, None
    weights = s["weightBytes"] - s["tokenEmbdBytes"] + (s["tokenEmbdBytes"] if s["tiedOutput"] else 0)
    per_cell = s["layers"] * s["kvHeads"] * (s["headDimK"] + s["headDimV"]) * (2 if kv == "f16" else 34 / 32)
    b = weights + per_cell * ctx_tokens
    return bandwidth * 1e12 / b, b


lines = []
P = lines.append
gpu_line = next((l for l in probe.splitlines() if "," in l and "name" not in l and "MiB" in l), "")
P("# GPU drafting benchmark (issue 8)")
P("")
P(f"- GPU: {gpu_line or bw.get('device', '?')}")
for key in ("date:", "Cuda compilation", "Build cuda", "cpus:", "torch"):
    for l in probe.splitlines():
        if l.startswith(key):
            P(f"- {l.strip()}")
if hardware:
    h = hardware[-1]
    P(f"- engine: backend {h.get('backend')}, {', '.join(h.get('devices', []))}, {h.get('llamaCppRelease')}, threads {h.get('threads')}")
if bandwidth:
    P(f"- device-to-device copy: **{bandwidth:.2f} TB/s** (bytes read + written, torch `copy_`, median of 20)")
P("- llama.cpp: node-llama-cpp 3.21.1's bundled source (gitRelease.bundle + its patch), built with `GGML_CUDA=ON`, `CMAKE_CUDA_ARCHITECTURES=<cc>-real`; the app's addon, llama-bench and llama-quantize come from the same build tree")
P("")

# ------------------------------------------------------------------ main table
P("## The app's engine worker vs llama-bench, same file, same settings")
P("")
P("12 000-token prompt → 1 024-token draft (app: EngineClient → worker, the Drafter's sampling and delta batching). llama-bench: pp12288; tg128 at depth 0 and at depth 12288. Ratios are app ÷ llama.cpp.")
P("")
P("| model | settings | lb pp t/s | app prefill t/s | ratio | app TTFT s | raw prefill s | TTFT ÷ raw | lb tg@0 t/s | lb tg@12K t/s | app decode t/s | ratio | floor@12K t/s | decode ÷ floor | peak VRAM GiB | budget GiB |")
P("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
summary_rows = []
for m in MODELS:
    for cfg in CONFIGS + ["app-default"]:
        e = lb.get((m, cfg if cfg != "app-default" else "default"), {})
        if cfg in ("app-default", "fa1-f16-b512"):  # same llama-bench settings as fa1-f16 ("auto" resolves to on with CUDA)
            e = lb.get((m, "fa1-f16"), {})
        a = app.get((m, cfg), {})
        if not e and not a:
            continue
        kv = "q8_0" if "q8_0" in cfg else "f16"
        pp = e.get("pp")
        tin = a.get("tokensIn")
        raw = tin / pp if (pp and tin) else None
        ttft = a.get("ttftMs") / 1000 if a.get("ttftMs") else None
        fl, _ = floor_tps(m, kv, (tin or 12000) + 512)
        dec = a.get("decodeTps")
        peak = a.get("peakVramMiB")
        bud = (a.get("budget") or {}).get("total")
        row = {
            "model": m, "settings": cfg, "lb_pp": pp, "app_prefill": a.get("prefillTps"), "prefill_ratio": ratio(a.get("prefillTps"), pp),
            "app_ttft_s": ttft, "raw_prefill_s": raw, "ttft_ratio": ratio(ttft, raw), "lb_tg0": e.get("tg0"), "lb_tg12k": e.get("tgd"),
            "app_decode": dec, "decode_ratio": ratio(dec, e.get("tgd")), "floor_12k": fl, "decode_vs_floor": ratio(dec, fl),
            "peak_vram_gib": peak / 1024 if peak else None, "budget_gib": bud / GIB if bud else None,
            "loaded": a.get("loaded"), "error": a.get("error"),
        }
        summary_rows.append(row)
        P(
            f"| {m} | {cfg}{' (ERROR: ' + a['error'][:60] + ')' if a.get('error') else ''} | {fmt(pp)} | {fmt(a.get('prefillTps'))} | {fmt(row['prefill_ratio'], 3)} | {fmt(ttft, 2)} | {fmt(raw, 2)} | {fmt(row['ttft_ratio'], 3)} "
            f"| {fmt(e.get('tg0'), 1)} | {fmt(e.get('tgd'), 1)} | {fmt(dec, 1)} | {fmt(row['decode_ratio'], 3)} | {fmt(fl, 0)} | {fmt(row['decode_vs_floor'] and row['decode_vs_floor'] * 100, 0, '%')} "
            f"| {fmt(row['peak_vram_gib'], 2)} | {fmt(row['budget_gib'], 2)} |"
        )
P("")
P("`app-default` = the engine's defaults before this issue (flash attention \"auto\", f16 cache, batch 512, gpuLayers \"auto\"); its llama.cpp columns are llama-bench with flash attention on (llama-bench's own default, `-fa auto`, resolves to on with CUDA). Floor = bandwidth ÷ (GPU weight bytes + KV bytes of a 12.5K context).")
P("")

# ------------------------------------------------------------------ ubatch
P("## Prefill by batch size (ubatch), flash attention on, f16 cache")
P("")
P("| model | lb ub512 | lb ub1024 | lb ub2048 | app b512 | app b1024 | app b2048 |")
P("|---|---|---|---|---|---|---|")
for m in MODELS:
    e1 = lb.get((m, "fa1-f16"), {})
    eu = lb.get((m, "fa1-ub"), {}).get("ub", {})
    P(
        f"| {m} | {fmt(e1.get('pp'))} | {fmt(eu.get(1024))} | {fmt(eu.get(2048))} | {fmt(app.get((m, 'fa1-f16'), {}).get('prefillTps'))} "
        f"| {fmt(app.get((m, 'fa1-f16-b1024'), {}).get('prefillTps'))} | {fmt(app.get((m, 'fa1-f16-b2048'), {}).get('prefillTps'))} |"
    )
P("")

# ------------------------------------------------------------------ batch
def batched_bench(path):
    """llama-batched-bench's table: PP, TG, B, N_KV, T_PP, S_PP, T_TG, S_TG, T, S."""
    rows = []
    if os.path.exists(path):
        for l in open(path):
            cells = [c.strip() for c in l.strip().strip("|").split("|")]
            if len(cells) == 10 and re.fullmatch(r"\d+", cells[0] or ""):
                pp, tg, b, nkv, tpp, spp, ttg, stg, t, st = cells
                rows.append({"pp": int(pp), "tg": int(tg), "b": int(b), "t_pp": float(tpp), "s_pp": float(spp),
                             "t_tg": float(ttg), "s_tg": float(stg), "t": float(t), "papers_per_hour": int(b) * 3600 / float(t)})
    return rows


ceiling = []  # batched-bench.txt: round 2's single set (f16 cache, ubatch 512)
for f in sorted(glob.glob(os.path.join(RES, "batched-bench*.txt"))):
    name = os.path.basename(f)[len("batched-bench"):-4].lstrip("-") or "f16-ub512"
    for r in batched_bench(f):
        r["set"] = name
        ceiling.append(r)
batch = sorted([r for r in app_rows if r.get("sequences", 1) > 1], key=lambda r: (r["kv"], r["sequences"], r["label"]))
one = app.get(("mistral-q4", "fa1-f16"))
if batch or one or ceiling:
    P("## Batch pre-drafting: N parallel sequences in one context (mistral-q4, 12K in / 1K out each)")
    P("")
    P("App: N drafts sent at once to the engine worker (what the batch queue does with N parallel drafts). `lockstep` = the engine's batching (src/core/engine/worker/batching.ts); `node-llama-cpp` = its own (PRS_ENGINE_BATCHING=default). llama.cpp = llama-batched-bench on the same build and file (each sequence its own 12 000-token prompt, then 1 024 steps of N tokens, no sampling): the ceiling.")
    P("")
    P("| sequences | who | KV | wall s | papers/hour | aggregate decode t/s | slowest TTFT s | peak VRAM GiB | budget GiB | tokens drafted |")
    P("|---|---|---|---|---|---|---|---|---|---|")
    if one and one.get("wallMs"):
        P(f"| 1 | app | f16 | {fmt(one['wallMs'] / 1000, 1)} | {fmt(3600_000 / one['wallMs'])} | {fmt(one.get('decodeTps'), 1)} | {fmt((one.get('ttftMs') or 0) / 1000, 2)} | {fmt((one.get('peakVramMiB') or 0) / 1024, 2)} | {fmt(((one.get('budget') or {}).get('total') or 0) / GIB, 2)} | |")
    for r in batch:
        who = "app, node-llama-cpp" if r["label"].endswith("-nlc") else "app, lockstep"
        ub = re.search(r"-b(\d+)-", r["label"])
        who += f", batch {ub.group(1)}" if ub else ""
        who += f", {r['model']}" if r.get("model") != "mistral-q4" else ""
        if r.get("parallelism"):  # "auto": as many as the worker's VRAM check allowed
            who += f", auto at batch {(r.get('loaded') or {}).get('batchSize', '?')}: {r['parallelism'].get('reason', '')[:160]}"
        P(
            f"| {r['sequences']} | {who} | {r['kv']} | {fmt((r.get('wallMs') or 0) / 1000, 1)} | {fmt(r.get('papersPerHour'))} | {fmt(r.get('aggregateDecodeTps'), 1)} "
            f"| {fmt((r.get('maxTtftMs') or 0) / 1000, 2)} | {fmt((r.get('peakVramMiB') or 0) / 1024, 2)} | {fmt(((r.get('budget') or {}).get('total') or 0) / GIB, 2)} "
            # Fewer than sequences × max tokens: drafts ended early (EOS), leaving holes in the wave.
            f"| {fmt(r.get('tokensOut'))} of {fmt(r['sequences'] * MAXTOK)} |"
            + (f" ERROR {r['error'][:80]}" if r.get("error") else "")
        )
    for c in ceiling:
        P(f"| {c['b']} | llama.cpp ({c['set']}) | {c['set'].split('-')[0]} | {fmt(c['t'], 1)} | {fmt(c['papers_per_hour'])} | {fmt(c['s_tg'], 1)} | (prefill {fmt(c['t_pp'], 1)} s at {fmt(c['s_pp'])} t/s) | | | |")
    P("")

# ------------------------------------------------------------------ llama.cpp's own generator
def perf_of(path):
    """llama-completion's common_perf_print lines, in ms (None where absent)."""
    text = open(path, errors="replace").read() if os.path.exists(path) else ""
    def num(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else None
    return {
        "prompt_ms": num(r"prompt eval time =\s*([\d.]+) ms"), "prompt_tokens": num(r"prompt eval time =\s*[\d.]+ ms /\s*(\d+)"),
        "eval_ms": num(r"\beval time =\s*([\d.]+) ms /\s*\d+ runs"), "eval_runs": num(r"\beval time =\s*[\d.]+ ms /\s*(\d+) runs"),
        "sampling_ms": num(r"sampling time =\s*([\d.]+) ms"), "total_ms": num(r"total time =\s*([\d.]+) ms"),
        "error": None if "total time" in text else (text.strip().splitlines() or ["no output"])[-1][:120],
    }


gen = {}
for f in sorted(glob.glob(os.path.join(RES, "gen-*-*.err"))):
    ident = os.path.basename(f)[4:-4]
    model = next((m for m in MODELS if ident.startswith(m + "-")), None)
    if model:
        gen[(model, ident[len(model) + 1:])] = perf_of(f)
if gen:
    P("## The app vs llama.cpp's own generator (llama-completion), same prompt tokens, same sampling chain")
    P("")
    P("llama-completion -f <the app's rendered prompt> -n 1024 --ignore-eos, flash attention on, f16 cache, the app's sampling (temp 0.7, top-k 40, top-p 0.95, min-p 0.05, repeat penalty 1.1 over 64, in node-llama-cpp's order). `app-settings`: batch = ubatch = 512, as node-llama-cpp sets them; `lcpp-batch`: llama.cpp's default 2 048 per call, ubatch 512; `backend-sampling`: llama.cpp's GPU-side sampling (-bs). llama.cpp's decode with sampling = (eval runs) ÷ (total − prompt eval), its whole loop. The app's row: app-bench's `fa1-f16` draft in the same call.")
    P("")
    P("| model | run | prompt tokens | prompt eval ms | prefill t/s | decode t/s (llama_decode only) | sampling ms/token | decode t/s with sampling | whole draft s | app TTFT ÷ prompt eval | app decode ÷ with sampling | app draft ÷ whole |")
    P("|---|---|---|---|---|---|---|---|---|---|---|---|")
    gen_rows = []
    for (m, run), g in sorted(gen.items()):
        a = app.get((m, "fa1-f16"), {})
        if g["error"]:
            P(f"| {m} | {run} | ERROR {g['error']} |" + " |" * 9)
            continue
        gen_ms = (g["total_ms"] or 0) - (g["prompt_ms"] or 0)
        with_s = g["eval_runs"] * 1000 / gen_ms if gen_ms > 0 and g["eval_runs"] else None
        app_draft = (a.get("ttftMs") or 0) + ((a.get("tokensOut") or 1024) - 1) * 1000 / a["decodeTps"] if a.get("decodeTps") else None
        row = {"model": m, "run": run, **g, "prefill_tps": g["prompt_tokens"] * 1000 / g["prompt_ms"] if g["prompt_ms"] else None,
               "decode_tps": g["eval_runs"] * 1000 / g["eval_ms"] if g["eval_ms"] else None, "decode_with_sampling_tps": with_s,
               "ttft_ratio": ratio(a.get("ttftMs"), g["prompt_ms"]), "decode_ratio": ratio(a.get("decodeTps"), with_s),
               "draft_ratio": ratio(app_draft, g["total_ms"])}
        gen_rows.append(row)
        P(f"| {m} | {run} | {fmt(g['prompt_tokens'])} | {fmt(g['prompt_ms'], 1)} | {fmt(row['prefill_tps'])} | {fmt(row['decode_tps'], 1)} "
          f"| {fmt((g['sampling_ms'] or 0) / max(1, g['eval_runs'] or 1), 3)} | {fmt(with_s, 1)} | {fmt((g['total_ms'] or 0) / 1000, 2)} "
          f"| {fmt(row['ttft_ratio'], 3)} | {fmt(row['decode_ratio'], 3)} | {fmt(row['draft_ratio'], 3)} |")
    P("")
else:
    gen_rows = []

# ------------------------------------------------------------------ a lone draft's batch size
def median(xs):
    xs = sorted(x for x in xs if x is not None)
    return (xs[(len(xs) - 1) // 2] + xs[len(xs) // 2]) / 2 if xs else None


lone = [(m, cfg, app[(m, cfg)]) for m in MODELS for cfg in ("fa1-f16", "fa1-f16-b512") if (m, cfg) in app and app[(m, cfg)].get("runs")]
if lone:
    P("## A lone draft's batch size: the engine's choice (unset: 2 048 where it fits) against node-llama-cpp's 512")
    P("")
    P("Medians over the drafts after the warm-up (the first on a fresh context). llama-completion: its `app-settings` run (ubatch 512) in the same call.")
    P("")
    P("| model | case | batch | drafts | TTFT s | decode t/s | whole draft s | peak VRAM GiB | budget GiB | TTFT ÷ llama-completion prompt eval | decode ÷ llama-completion with sampling |")
    P("|---|---|---|---|---|---|---|---|---|---|---|")
    for m, cfg, a in lone:
        runs = a["runs"]
        t = median([r.get("ttftMs") for r in runs])
        d = median([r.get("decodeTps") for r in runs])
        w = median([r.get("wallMs") for r in runs])
        g = gen.get((m, "app-settings"))
        gen_ms = ((g or {}).get("total_ms") or 0) - ((g or {}).get("prompt_ms") or 0)
        with_s = g["eval_runs"] * 1000 / gen_ms if g and gen_ms > 0 and g.get("eval_runs") else None
        peak, bud = a.get("peakVramMiB"), (a.get("budget") or {}).get("total")
        P(f"| {m} | {cfg} | {(a.get('loaded') or {}).get('batchSize', '?')} | {len(runs)} | {fmt(t and t / 1000, 3)} | {fmt(d, 1)} | {fmt(w and w / 1000, 2)} "
          f"| {fmt(peak and peak / 1024, 2)} | {fmt(bud and bud / GIB, 2)} | {fmt(ratio(t, (g or {}).get('prompt_ms')), 3)} | {fmt(ratio(d, with_s), 3)} |")
    P("")

# ------------------------------------------------------------------ TTFT and per-token split
ttft = {os.path.basename(f)[5:-6]: read_jsonl(f) for f in sorted(glob.glob(os.path.join(RES, "ttft-*.jsonl")))}
if ttft:
    P("## Where the time to first token and each token go (bench/gpu/ttft-probe.ts: the worker's generate(), addon calls timed)")
    P("")
    P("| model | sampling | TTFT ms | first batch at ms | prefill batches | Σ decodeBatch ms | gaps ms | first sample ms | llama.cpp prompt eval ms | token period ms | decodeBatch ms | sampleToken ms | decode t/s |")
    P("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for m, rows in ttft.items():
        for r in rows:
            pe = next((re.search(r"prompt eval time =\s*([\d.]+)", l) for l in r.get("llamaCpp", []) if "prompt eval" in l), None)
            pf, pt = r.get("prefill", {}), r.get("perToken", {})
            if r["label"].startswith("parallel"):
                continue
            P(f"| {m} | {r['label']} | {fmt(r.get('ttftMs'), 1)} | {fmt(pf.get('firstBatchAtMs'), 1)} | {pf.get('batches')} | {fmt(pf.get('decodeSumMs'), 1)} | {fmt(pf.get('gapsMs'), 1)} "
              f"| {fmt(pf.get('firstSampleMs'), 2)} | {fmt(float(pe.group(1)) if pe else None, 1)} | {fmt(pt.get('periodMs'), 2)} | {fmt(pt.get('decodeMs'), 2)} | {fmt(pt.get('sampleMs'), 2)} | {fmt(r.get('decodeTps'), 1)} |")
    P("")

par = [r for rows in ttft.values() for r in rows if r.get("label", "").startswith("parallel")]
if par:
    P("Decode steps of a wave of N papers (mistral-q4, N × 12K in; median over the full steps): the step's `decodeBatch` (llama_decode + sync), the samplings (first start → last end, on libuv's pool), and the rest (node-llama-cpp's batching loop, the drafts' own loops).")
    P("")
    P("| wave | wall ms | full steps | other decodes | step ms | decodeBatch ms | sampling ms | rest ms | mean step ms | p90 ms | max ms | steps > 3× median |")
    P("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in par:
        ps = r.get("perStep", {})
        P(f"| {r['label']} | {fmt(r.get('wallMs'))} | {r.get('decodeSteps')} | {r.get('otherDecodes', '–')} | {fmt(ps.get('periodMs'), 2)} | {fmt(ps.get('decodeMs'), 2)} | {fmt(ps.get('samplingMs'), 2)} | {fmt(ps.get('restMs'), 2)} "
          f"| {fmt(ps.get('meanPeriodMs'), 2)} | {fmt(ps.get('p90PeriodMs'), 2)} | {fmt(ps.get('maxPeriodMs'), 1)} | {ps.get('slowSteps', '–')} |")
    P("")

# ------------------------------------------------------------------ speculative
spec = app.get(("mistral-q4", "fa1-f16-input-lookup"))
if spec and one:
    P("## Input-lookup speculative decoding (random weights: no draft is ever accepted, so this is its pure overhead)")
    P("")
    P("| predictor | decode t/s | TTFT s | predictions validated / refuted / used |")
    P("|---|---|---|---|")
    P(f"| none | {fmt(one.get('decodeTps'), 1)} | {fmt((one.get('ttftMs') or 0) / 1000, 2)} | |")
    tp = spec.get("tokenPredictions") or {}
    P(f"| input-lookup | {fmt(spec.get('decodeTps'), 1)} | {fmt((spec.get('ttftMs') or 0) / 1000, 2)} | {tp.get('validated', '–')} / {tp.get('refuted', '–')} / {tp.get('used', '–')} |")
    o = ratio(spec.get("decodeTps"), one.get("decodeTps"))
    if o:
        P("")
        P(f"Overhead: {100 * (1 - o):.1f}% of decode speed.")
    P("")

holes = read_jsonl(os.path.join(RES, "holes.jsonl"))
if holes:
    P("## Holes in a wave's sequence ids (bench/engine-holes.ts: drafts stopping after 4 tokens, with and without the worker's padding)")
    P("")
    P("| drafts | holes at ids | paper words | tokens | unpadded ms (runs) | padded ms (runs) | padded ÷ unpadded (medians) |")
    P("|---|---|---|---|---|---|---|")
    for h in holes:
        P(f"| {h.get('n')} | {h.get('holes')} | {h.get('words')} | {h.get('tokens')} | {h.get('unpaddedMs')} | {h.get('paddedMs')} | {h.get('ratio')} |")
    P("")

loops = read_jsonl(os.path.join(RES, "token-loop.jsonl"))
if loops:
    P("## Where a lone draft's per-token time goes (bench/gpu/token-loop.ts: one context, the same prompt, four loops interleaved)")
    P("")
    P("`decode-only`: the addon's decodeBatch in a bare loop (llama_decode + node-llama-cpp's synchronize + one async hop), nothing sampled; "
      "`addon`: that loop plus the addon's sampler with the app's chain, the least a JavaScript generator on node-llama-cpp's addon pays; "
      "`evaluate`: node-llama-cpp's LlamaContextSequence.evaluate(); `app`: the engine worker's generate(). Medians per token after the first. "
      "llama-completion: its `app-settings` run in the same call.")
    P("")
    P("| model | batch | prompt tokens | tokens | way | ms/token | t/s | TTFT s | ÷ llama-completion with sampling (t/s) |")
    P("|---|---|---|---|---|---|---|---|---|")
    for r in loops:
        m = {"mistral-q4_k_m.gguf": "mistral-q4", "mistral-f16.gguf": "mistral-f16", "gemma-q4_k_m.gguf": "gemma-q4"}.get(r.get("model"), r.get("model"))
        g = gen.get((m, "app-settings"))
        gen_ms = ((g or {}).get("total_ms") or 0) - ((g or {}).get("prompt_ms") or 0)
        with_s = g["eval_runs"] * 1000 / gen_ms if g and gen_ms > 0 and g.get("eval_runs") else None
        for way in ("decode-only", "addon", "evaluate", "app"):
            w = r.get(way) or {}
            tps = 1000 / w["tokenMs"] if w.get("tokenMs") else None
            P(f"| {m} | {r.get('batch')} | {r.get('promptTokens')} | {r.get('tokens')} | {way} | {fmt(w.get('tokenMs'), 3)} | {fmt(tps, 1)} | {fmt(w.get('ttftMs') and w['ttftMs'] / 1000, 3)} | {fmt(ratio(tps, with_s), 3)} |")
    P("")

servers = read_jsonl(os.path.join(RES, "server.jsonl"))
if servers:
    P("## Through llama-server (issue 20): the app's batch pre-drafting over the server backend, N papers, -np N slots")
    P("")
    P("bench/server.ts: N synthetic papers pre-drafted through a served model (src/core/engine/openai/), as many in flight as the server "
      "has slots; TTFT as the app saw it, decode t/s from the server's timings. Ceiling: llama-batched-bench with the same N above "
      "(same build and file). Lone-draft references: the app's local engine (`fa1-f16` rows) and llama-completion.")
    P("")
    P("| model | KV | papers | in flight | rep | done | wall s | papers/hour | TTFT s (median / max) | decode t/s (median) | tokens out (median) | ÷ ceiling papers/hour |")
    P("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in servers:
        ceil = next((c for c in ceiling if c["b"] == r.get("papers") and c["set"].split("-")[0] == r.get("kv")), None)
        P(f"| {r.get('label')} | {r.get('kv')} | {r.get('papers')} | {r.get('inFlight')} | {r.get('rep')} | {r.get('done')} (failed {r.get('failed')}) | {fmt(r.get('wallS'), 1)} "
          f"| {fmt(r.get('papersPerHour'))} | {fmt((r.get('ttftMsMedian') or 0) / 1000, 3)} / {fmt((r.get('ttftMsMax') or 0) / 1000, 3)} | {fmt(r.get('decodeTpsMedian'), 1)} "
          f"| {fmt(r.get('tokensOut'))} | {fmt(ratio(r.get('papersPerHour'), ceil and ceil['papers_per_hour']), 3)} |"
          + (f" ERROR {str(r.get('firstError'))[:80]}" if r.get("firstError") else ""))
    P("")

P("## Model files")
P("")
for g in sorted(gens, key=lambda g: g.get("shape", "")):
    P(f"- {g.get('shape')}: F16 {g.get('bytes', 0) / 1e9:.2f} GB written in {g.get('seconds')} s")
for m, s in sorted(sizes.items()):
    P(f"- {m}: tensor bytes {s['weightBytes'] / GIB:.2f} GiB (token_embd {s['tokenEmbdBytes'] / 2**20:.0f} MiB, output {s['outputBytes'] / 2**20:.0f} MiB), {s['layers']} layers, vocab {s['vocab']}")

table = "\n".join(lines) + "\n"
os.makedirs(OUT, exist_ok=True)
open(os.path.join(OUT, "table.md"), "w").write(table)
json.dump(
    {"probe": probe, "bandwidth": bw, "llama_bench": lb_rows, "app": app_rows, "hardware": hardware, "generated": gens, "summary": summary_rows,
     "batched_bench": ceiling, "ttft": ttft, "llama_completion": gen_rows, "holes": holes, "token_loop": loops, "server": servers},
    open(os.path.join(OUT, "results.json"), "w"),
    indent=1,
    default=str,
)
with tarfile.open(os.path.join(OUT, "logs.tar.gz"), "w:gz") as t:
    for f in glob.glob(os.path.join(RES, "*.log")) + glob.glob(os.path.join(RES, "*.err")) + glob.glob(os.path.join(RES, "*.txt")):
        t.add(f, arcname=os.path.basename(f))
print(table)

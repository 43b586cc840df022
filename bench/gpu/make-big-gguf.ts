/**
 * Writes a real-size random-weight GGUF (F16 weights, F32 norms) by streaming tensors to
 * disk, so a 15 GB model never sits in memory. Speed on a GPU does not depend on the
 * weight values; only the shape, the types and the tokenizer size matter. Quantize the
 * result with llama-quantize (built from node-llama-cpp's bundled llama.cpp) for Q4_K_M.
 *
 *   npx tsx bench/gpu/make-big-gguf.ts <shape> <out.gguf>
 *   shapes: mistral-7b, gemma-7b (issue 8), and small-llama, small-gemma (local checks)
 *
 * The tokenizer is the test models' real SentencePiece-style vocab (test/support/gguf),
 * padded to the shape's vocab size with NORMAL pieces no ASCII text tokenizes into, so
 * English prompts tokenize as with the tiny models and every sampled token has text.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { buildVocab, type Vocab } from '../../test/support/gguf/vocab';
import {
  encodeGgufHeader,
  GGUF_ALIGNMENT,
  tensorBytes,
  type GgufTensorInfo,
  type GgufValue,
} from '../../test/support/gguf/writer';
import { GEMMA_IT, MISTRAL_INSTRUCT_V02 } from '../../test/support/gguf/chat-templates';
import { tokenizerKv } from '../../test/support/gguf/models';

export interface BigShape {
  arch: 'llama' | 'gemma';
  name: string;
  layers: number;
  embd: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  ff: number;
  vocab: number;
  context: number;
  ropeBase?: number;
  eps: number;
}

export const SHAPES: Record<string, BigShape> = {
  // Mistral-7B-Instruct-v0.2
  'mistral-7b': {
    arch: 'llama',
    name: 'random-mistral-7b-shape',
    layers: 32,
    embd: 4096,
    heads: 32,
    kvHeads: 8,
    headDim: 128,
    ff: 14336,
    vocab: 32000,
    context: 32768,
    ropeBase: 1e6,
    eps: 1e-5,
  },
  // Gemma-7B (16 heads of 256: q is 4096 wide while the embedding is 3072)
  'gemma-7b': {
    arch: 'gemma',
    name: 'random-gemma-7b-shape',
    layers: 28,
    embd: 3072,
    heads: 16,
    kvHeads: 16,
    headDim: 256,
    ff: 24576,
    vocab: 256000,
    context: 8192,
    eps: 1e-6,
  },
  // Small versions with the same vocab sizes, for checking the writer on a laptop CPU.
  'small-llama': {
    arch: 'llama',
    name: 'random-small-llama',
    layers: 2,
    embd: 256,
    heads: 4,
    kvHeads: 2,
    headDim: 64,
    ff: 512,
    vocab: 32000,
    context: 32768,
    ropeBase: 1e6,
    eps: 1e-5,
  },
  'small-gemma': {
    arch: 'gemma',
    name: 'random-small-gemma',
    layers: 2,
    embd: 192,
    heads: 2,
    kvHeads: 2,
    headDim: 128,
    ff: 512,
    vocab: 256000,
    context: 8192,
    eps: 1e-6,
  },
};

const NORMAL = 1;
const ALIGNMENT = GGUF_ALIGNMENT;

type TensorInfo = GgufTensorInfo & { type: 'f32' | 'f16' };

/** The test vocab padded to `size` with two-CJK-character pieces (never produced from ASCII text). */
export function paddedVocab(base: Vocab, size: number): Vocab {
  const tokens = [...base.tokens];
  const scores = [...base.scores];
  const types = [...base.types];
  const CJK = 20992;
  for (let i = 0; tokens.length < size; i++) {
    tokens.push(
      `▁${String.fromCodePoint(0x4e00 + (i % CJK))}${String.fromCodePoint(0x4e00 + Math.floor(i / CJK))}`,
    );
    scores.push(-1e6 - i);
    types.push(NORMAL);
  }
  return { ...base, tokens, scores, types };
}

function metadata(s: BigShape): Array<[string, GgufValue]> {
  const a = s.arch;
  const u = (k: string, value: number): [string, GgufValue] => [`${a}.${k}`, { type: 'u32', value }];
  const vocab =
    a === 'gemma'
      ? paddedVocab(
          buildVocab(['<pad>', '<eos>', '<bos>', '<unk>', '<start_of_turn>', '<end_of_turn>'], {
            bos: '<bos>',
            eos: '<eos>',
            unk: '<unk>',
            pad: '<pad>',
          }),
          s.vocab,
        )
      : paddedVocab(buildVocab(['<unk>', '<s>', '</s>'], { bos: '<s>', eos: '</s>', unk: '<unk>' }), s.vocab);
  const kv: Array<[string, GgufValue]> = [
    ['general.architecture', { type: 'string', value: a }],
    ['general.name', { type: 'string', value: s.name }],
    ['general.file_type', { type: 'u32', value: 1 }], // MOSTLY_F16
    u('context_length', s.context),
    u('embedding_length', s.embd),
    u('block_count', s.layers),
    u('feed_forward_length', s.ff),
    u('attention.head_count', s.heads),
    u('attention.head_count_kv', s.kvHeads),
    [`${a}.attention.layer_norm_rms_epsilon`, { type: 'f32', value: s.eps }],
  ];
  if (a === 'gemma') kv.push(u('attention.key_length', s.headDim), u('attention.value_length', s.headDim));
  else
    kv.push(
      u('rope.dimension_count', s.headDim),
      [`${a}.rope.freq_base`, { type: 'f32', value: s.ropeBase ?? 1e4 }],
      u('vocab_size', s.vocab),
    );
  kv.push(...tokenizerKv(vocab, a === 'gemma' ? GEMMA_IT : MISTRAL_INSTRUCT_V02));
  return kv;
}

/** Tensor names and ggml-order dims as llama.cpp's llama / gemma loaders expect them. */
export function tensors(s: BigShape): TensorInfo[] {
  const q = s.heads * s.headDim;
  const kvw = s.kvHeads * s.headDim;
  const w = (name: string, dims: number[]): TensorInfo => ({ name, dims, type: 'f16' });
  const n = (name: string, len: number): TensorInfo => ({ name, dims: [len], type: 'f32' });
  const out: TensorInfo[] = [w('token_embd.weight', [s.embd, s.vocab]), n('output_norm.weight', s.embd)];
  if (s.arch === 'llama') out.push(w('output.weight', [s.embd, s.vocab])); // gemma ties it to token_embd
  for (let l = 0; l < s.layers; l++) {
    const p = `blk.${l}.`;
    out.push(
      n(`${p}attn_norm.weight`, s.embd),
      w(`${p}attn_q.weight`, [s.embd, q]),
      w(`${p}attn_k.weight`, [s.embd, kvw]),
      w(`${p}attn_v.weight`, [s.embd, kvw]),
      w(`${p}attn_output.weight`, [q, s.embd]),
      n(`${p}ffn_norm.weight`, s.embd),
      w(`${p}ffn_gate.weight`, [s.embd, s.ff]),
      w(`${p}ffn_up.weight`, [s.embd, s.ff]),
      w(`${p}ffn_down.weight`, [s.ff, s.embd]),
    );
  }
  return out;
}

const bytesOf = tensorBytes;
const padded = (n: number) => Math.ceil(n / ALIGNMENT) * ALIGNMENT;

/** xorshift32: fast and seeded. */
function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

/**
 * A pool of random half floats with magnitudes between 2^-7 and 2^-4 (weights of a
 * trained 7B model are mostly in that range), random sign: never inf or NaN, so no
 * activation overflows. Tensors are written as windows of this pool at random offsets.
 */
function f16Pool(elements: number, seed: number): Buffer {
  const next = xorshift(seed);
  const pool = new Uint16Array(elements);
  for (let i = 0; i < elements; i++) {
    const r = next();
    const sign = (r >>> 31) << 15;
    const exp = 8 + (((r >>> 10) & 0xffff) % 3); // biased exponent 8..10 => 2^-7..2^-5 (times 1.x)
    pool[i] = sign | (exp << 10) | (r & 0x3ff);
  }
  return Buffer.from(pool.buffer);
}

export function writeBigGguf(shape: BigShape, file: string, seed = 8): { bytes: number; tensors: number } {
  const infos = tensors(shape);
  const { header } = encodeGgufHeader(metadata(shape), infos);

  const POOL = 64 << 20; // bytes
  const pool = f16Pool(POOL / 2, seed);
  const ones = Buffer.alloc(4 * 65536);
  for (let i = 0; i < 65536; i++) ones.writeFloatLE(1, i * 4);
  const rand = xorshift(seed * 7919);
  const tmp = `${file}.tmp`;
  const fd = openSync(tmp, 'w');
  let written = 0;
  const put = (b: Buffer) => {
    let off = 0;
    while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    written += b.length;
  };
  try {
    put(header);
    const zeros = Buffer.alloc(ALIGNMENT);
    for (const t of infos) {
      let left = bytesOf(t);
      if (t.type === 'f32') {
        if (left > ones.length) throw new Error(`${t.name}: norm longer than 65536`);
        put(ones.subarray(0, left));
      } else {
        while (left > 0) {
          const start = (rand() % (POOL / 2)) * 2;
          const n = Math.min(left, POOL - start);
          put(pool.subarray(start, start + n));
          left -= n;
        }
      }
      const rest = padded(bytesOf(t)) - bytesOf(t);
      if (rest) put(zeros.subarray(0, rest));
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return { bytes: written, tensors: infos.length };
}

if (process.argv[1] && /make-big-gguf\.(ts|js|mjs)$/.test(process.argv[1])) {
  const [name, out] = process.argv.slice(2);
  const shape = name ? SHAPES[name] : undefined;
  if (!shape || !out) {
    process.stderr.write(`usage: make-big-gguf <${Object.keys(SHAPES).join('|')}> <out.gguf>\n`);
    process.exit(2);
  }
  const t0 = performance.now();
  const r = writeBigGguf(shape, out);
  const s = (performance.now() - t0) / 1000;
  process.stdout.write(
    `${JSON.stringify({ shape: name, file: out, bytes: r.bytes, tensors: r.tensors, seconds: +s.toFixed(1), gbPerS: +(r.bytes / 1e9 / s).toFixed(2) })}\n`,
  );
}

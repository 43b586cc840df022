/**
 * Prints llama-server arguments that ban a GGUF's raw-byte tokens 0x80–0xFF, one per line
 * (`--logit-bias` / `<id>-inf`), for the random-weight bench models: their streams would
 * hold bytes that are not UTF-8, which this llama-server's stream parser rejects (see
 * highByteTokens in test/support/llama-server.ts, which the server tests use the same way).
 *
 *   npx tsx bench/gpu/logit-bias-args.ts <model.gguf>
 */
import { highByteTokens } from '../../test/support/llama-server';

const [model] = process.argv.slice(2);
if (!model) throw new Error('usage: logit-bias-args <model.gguf>');
for (const id of await highByteTokens(model)) process.stdout.write(`--logit-bias\n${id}-inf\n`);

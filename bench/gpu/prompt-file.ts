/**
 * Writes the app's rendered 12K-token paper prompt as text, for llama.cpp's own generator
 * (llama-completion -f): the same system text and calibrated paper as ttft-probe.ts, through
 * the same chat template (renderPrompt), so both sides read the same tokens. Only the
 * tokenizer is loaded (vocabOnly), so it runs anywhere in a second.
 *
 *   npx tsx bench/gpu/prompt-file.ts <model.gguf> <out.txt> [promptTokens=12000]
 *
 * The leading BOS is left out: llama-completion adds its own.
 */
import { writeFileSync } from 'node:fs';
import { getLlama, resolveChatWrapper } from 'node-llama-cpp';
import { renderPrompt } from '../../src/core/engine/worker/render';
import { paperForPrompt, SYSTEM } from './paper-text';

const [modelPath, outPath, promptArg = '12000'] = process.argv.slice(2);
if (!modelPath || !outPath) throw new Error('usage: prompt-file <model.gguf> <out.txt> [promptTokens]');
const llama = await getLlama({ build: 'never' }); // whichever binary is installed: vocabOnly never touches the GPU
const model = await llama.loadModel({ modelPath, vocabOnly: true });
const wrapper = resolveChatWrapper(model, { warningLogs: false });
const text = await paperForPrompt((t) => model.tokenize(t).length, Number(promptArg), 1000);
const { prompt } = renderPrompt({ model, wrapper }, SYSTEM, text);
const bos = model.tokens.bos === null ? '' : model.detokenize([model.tokens.bos], true);
const body = bos && prompt.text.startsWith(bos) ? prompt.text.slice(bos.length) : prompt.text;
writeFileSync(outPath, body);
process.stdout.write(
  `${JSON.stringify({ tokens: prompt.tokens, chars: body.length, chatWrapper: prompt.chatWrapper })}\n`,
);
await model.dispose();
await llama.dispose();

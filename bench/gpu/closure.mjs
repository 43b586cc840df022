// Prints the node_modules folders a set of packages needs at run time (their dependencies,
// recursively, resolved the way Node resolves them). Used by pack.sh.
//   node bench/gpu/closure.mjs <repo> <package...>
import fs from 'node:fs';
import path from 'node:path';

const [root, ...start] = process.argv.slice(2);
const seen = new Set();

function find(name, from) {
  for (let d = from; ; d = path.dirname(d)) {
    const p = path.join(d, 'node_modules', name);
    if (fs.existsSync(path.join(p, 'package.json'))) return p;
    if (path.dirname(d) === d) return null;
  }
}

function visit(dir) {
  if (seen.has(dir)) return;
  seen.add(dir);
  const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const n of Object.keys(pj.dependencies ?? {})) {
    const p = find(n, dir);
    if (p) visit(p);
  }
}

for (const s of start) {
  const p = find(s, root);
  if (p) visit(p);
  else process.stderr.write(`missing ${s}\n`);
}
for (const d of seen) process.stdout.write(`${path.relative(root, d)}\n`);

// Fails on any import cycle among the source files under a folder (src/ by default); run by
// `npm run lint`. eslint-plugin-import-x's no-cycle cannot do this job: it always skips
// `import type`, and the cycles this repo had were all type-only.
//
// Type-only imports count. They are erased at run time, so they cannot break load order
// today, but a type cycle still ties two modules so that neither can be read, tested or
// moved alone, and the day one side starts importing a value from the other (a constant,
// a zod schema next to its type) it becomes a run-time cycle with no warning. Putting the
// shared types in a file of their own costs one small file, so we keep the graph acyclic.
// Dynamic `import()` counts too: it is an edge of the same graph.
//
// Imports are read and resolved by the TypeScript compiler itself (preProcessFile and
// resolveModuleName with tsconfig.base.json's options), so the graph is the one tsc sees:
// extensionless specifiers, index files and .tsx resolve exactly as they do in the build.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts/.tsx file under `dir`, as absolute paths. */
function sourceFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function compilerOptions() {
  const file = path.join(REPO_ROOT, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.convertCompilerOptionsFromJson(config.compilerOptions, REPO_ROOT).options;
}

/** The import graph of the files under `dir`: file → the files under `dir` it imports. */
export function importGraph(dir) {
  const options = compilerOptions();
  const files = sourceFiles(dir);
  const inside = new Set(files);
  const cache = ts.createModuleResolutionCache(dir, (f) => f, options);
  const graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys, cache).resolvedModule;
      const target = resolved && path.resolve(resolved.resolvedFileName);
      if (target && inside.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/** Strongly connected components with more than one file, or a file that imports itself (Tarjan). */
function knots(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v).includes(v)) found.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return found;
}

/** One shortest cycle through `start` inside `component` (breadth-first), start repeated at the end. */
function cycleThrough(graph, component, start) {
  const members = new Set(component);
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        while (pathBack[0] !== start) pathBack.unshift(previous.get(pathBack[0]));
        return [...pathBack, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** Each import cycle under `dir`, one per knot, as a list of paths relative to `dir`. */
export function findCycles(dir) {
  const root = path.resolve(dir);
  const graph = importGraph(root);
  return knots(graph).map((component) => {
    const start = [...component].sort()[0];
    return cycleThrough(graph, component, start).map((f) => path.relative(root, f));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? path.join(REPO_ROOT, 'src');
  const cycles = findCycles(dir);
  for (const cycle of cycles) console.error(`Import cycle: ${cycle.join(' → ')}`);
  if (cycles.length > 0) {
    console.error(
      `${cycles.length} import cycle(s) under ${path.relative(process.cwd(), dir) || '.'}: move the shared types or helpers into a file both sides import.`,
    );
    process.exit(1);
  }
}

// Prints the node_modules folders a set of packages needs at run time (dependencies, recursively).
// node bench/gpu/closure.cjs <repo> <package...>
const fs=require('fs'),path=require('path');
const root=process.argv[2]; const start=process.argv.slice(3);
const seen=new Set();
function find(name, from){ let d=from; while(true){ const p=path.join(d,'node_modules',name); if(fs.existsSync(path.join(p,'package.json'))) return p; const up=path.dirname(d); if(up===d) return null; d=up; } }
function visit(dir){ if(seen.has(dir)) return; seen.add(dir); const pj=JSON.parse(fs.readFileSync(path.join(dir,'package.json'))); for(const n of Object.keys(pj.dependencies||{})){ const p=find(n, dir); if(p) visit(p);} }
for(const s of start){ const p=find(s, root); if(!p) {console.error('missing',s); continue;} visit(p);}
for(const d of seen) console.log(path.relative(root,d));

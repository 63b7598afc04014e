// npm run bench: print every benchmark's number and its ratio to the target.
import { benchBrowser } from './browser.ts';
import { benchFrames, benchPage } from './page.ts';
import { benchSim } from './sim.ts';
import { benchDataTree, benchMemory, type BenchResult } from './dataTree.ts';

function print(r: BenchResult): void {
  if (Number.isNaN(r.target)) {
    console.log(`${r.name.padEnd(48)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} (reference)`);
    return;
  }
  const ratio = r.higherIsBetter ? r.value / r.target : r.target / r.value;
  const verdict = ratio >= 1 ? 'meets target' : 'BELOW target';
  console.log(`${r.name.padEnd(48)} ${String(r.value).padStart(10)} ${r.unit.padEnd(6)} target ${r.higherIsBetter ? '>=' : '<='} ${r.target} ${r.unit}  ratio ${ratio.toFixed(2)}  ${verdict}`);
}

const which = process.argv[2] ?? 'all';
if (which === 'all' || which === 'datatree') for (const r of benchDataTree()) print(r);
if (which === 'all' || which === 'memory') for (const r of benchMemory()) print(r);
if (which === 'all' || which === 'sim') for (const r of await benchSim()) print(r);
if (which === 'all' || which === 'browser') for (const r of await benchBrowser()) print(r);
if (which === 'all' || which === 'page') for (const r of await benchPage()) print(r);
if (which === 'frames') for (const r of await benchFrames()) print(r);

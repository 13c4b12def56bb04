/**
 * `npm run bench:scale`: how LSTM Lens's costs grow with the size of what it works on (issue #13),
 * each section's table followed by its growth, each cost's ratio over its work's, flagged
 * "grows faster than the work" where it does:
 *  - train: training tokens/s and peak memory, LSTM hidden 128–1024 × layers 1–3 and the GRU at
 *    256, fused engine beside PyTorch (bench/scaleTrain.ts);
 *  - corpus: training on a 2,000,000-character corpus beside the book: load, memory, time per
 *    epoch (bench/scaleCorpus.ts);
 *  - explorer: the explorer's trace of 1,000 and 10,000 characters (bench/scaleExplorer.ts);
 *  - editor: hover, colouring and typing on files of 20 k, 200 k and 2 M characters, and the
 *    memory the document takes in the extension host (bench/scaleEditor.ts).
 * The full run takes about 15 minutes on two cores; --quick runs smaller sizes and fewer steps.
 * Usage: node out/bench/scale.js [--sections train,corpus,explorer,editor] [--quick] [--rounds 1]
 *   [--steps 8] [--samples 100] [--no-torch] [--json out.json]
 */
import { availableParallelism, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { corpusSection } from './scaleCorpus';
import { editorSection } from './scaleEditor';
import { explorerSection } from './scaleExplorer';
import { trainSection } from './scaleTrain';

const SECTIONS = ['train', 'corpus', 'explorer', 'editor'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sections: { type: 'string', default: SECTIONS.join(',') },
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '1' },
      steps: { type: 'string' },
      samples: { type: 'string' },
      'no-torch': { type: 'boolean', default: false },
      json: { type: 'string' },
    },
  });
  const sections = values.sections.split(',');
  const unknown = sections.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`unknown section(s) ${unknown.join(', ')}: expected some of ${SECTIONS.join(', ')}`);
  const quick = values.quick;
  const opts = { quick, rounds: Number(values.rounds), steps: Number(values.steps ?? (quick ? 3 : 8)), torch: !values['no-torch'] };
  const samples = Number(values.samples ?? (quick ? 30 : 100));
  const notes: string[] = [];
  console.log(`scaling benchmark: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start${quick ? ', quick' : ''}`);
  const results: Record<string, unknown> = {};
  if (sections.includes('train')) results.train = trainSection(opts, notes);
  if (sections.includes('corpus')) results.corpus = corpusSection(opts, notes);
  if (sections.includes('explorer')) results.explorer = await explorerSection([1000, 10_000]);
  if (sections.includes('editor')) results.editor = editorSection(quick ? [20_000, 200_000] : [20_000, 200_000, 2_000_000], samples);
  for (const note of notes) console.log(note);
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
  const json = JSON.stringify({ cores: availableParallelism(), quick, rounds: opts.rounds, ...results, notes }, null, 2);
  if (values.json) writeFileSync(values.json, json);
}

main().then(
  () => process.exit(0), // the explorer's and editor's step models keep worker threads
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);

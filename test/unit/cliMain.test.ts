import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpointDir } from '../../src/core/io/checkpointFiles';
import { importTorchSafetensors } from '../../src/core/io/torchSafetensors';
import { nodeGpu } from '../../src/core/engine/nodeWebGpu';
import { fusedBuildDetail, relaxedSimdValidates } from '../../src/core/engine/fused/kernels/relaxedSimd';

const cli = join(__dirname, '../../src/cli/main.js');

/** Runs the CLI with this process's Node flags (see scripts/run-tests.mjs), ended after two minutes at most. */
function lstmLens(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...process.execArgv, cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function withTempDir(body: (dir: string) => Promise<void> | void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lstm-lens-cli-'));
  return Promise.resolve(body(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('bad arguments and files get one clear line on stderr and exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [['frob'], /unknown command 'frob': expected train, generate, trace, export/],
    [['train', '--out', 'x'], /train: --corpus is required/],
    [['train', '--corpus', 'sample', '--out', 'x', '--epochs', 'two'], /--epochs must be an integer ≥ 1, got 'two'/],
    [['train', '--corpus', 'sample', '--out', 'x', '--backend', 'gpu'], /--backend must be one of wasm, cpu, tfjs-wasm, webgpu, got 'gpu'/],
    [['train', '--corpus', 'sample', '--out', 'x', '--bogus', '1'], /train: Unknown option '--bogus'/],
    [['train', '--corpus', '/no/such/corpus.txt', '--out', 'x'], /Cannot read the corpus: ENOENT/],
    [['train', '--corpus', 'sample', '--out', 'x', '--epochs', '0x10'], /--epochs must be an integer ≥ 1, got '0x10' \(decimal digits only\)/],
    [['train', '--corpus', 'sample', '--out', 'x', '--epochs', ' 3'], /--epochs must be an integer ≥ 1, got ' 3'/],
    [['train', '--corpus', 'sample', '--out', 'x', '--threads', '1000'], /--threads must be an integer from 1 to 64, got '1000'/],
    [['train', '--corpus', 'sample', '--out', '/etc/hostname/model', '--preset', 'quick'], /train: cannot write the model to \/etc\/hostname\/model: ENOTDIR/],
    [['generate', '--model', 'x', '--prefix', 'a', '--length', ''], /--length must be an integer ≥ 0, got ''/],
    [['generate', '--model', '/no/such/model', '--prefix', 'a'], /Cannot load the checkpoint in \/no\/such\/model: .*manifest\.json is missing/],
    [['export', '--model', 'm', '--format', 'onnx', '--out', 'f'], /--format must be one of safetensors, got 'onnx'/],
  ];
  for (const [args, message] of cases) {
    const r = lstmLens(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  }
  const usage = lstmLens();
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /usage: lstm-lens <command>/);
});

test('a corpus that is binary or too short for the preset is refused naming the reason', () =>
  withTempDir((dir) => {
    writeFileSync(join(dir, 'short.txt'), 'hello world\n');
    const short = lstmLens('train', '--corpus', join(dir, 'short.txt'), '--out', join(dir, 'm'));
    assert.equal(short.status, 2);
    assert.match(short.stderr, /The corpus has 12 tokens, too short for batch size 32 × 35 steps: it needs at least 1156 tokens/);
    writeFileSync(join(dir, 'blob.bin'), Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]));
    const binary = lstmLens('train', '--corpus', join(dir, 'blob.bin'), '--out', join(dir, 'm'));
    assert.equal(binary.status, 2);
    assert.match(binary.stderr, /NUL bytes: it looks like a binary file/);
  }));

test('train prints one JSON line per epoch and saves a checkpoint that generate, trace and export use', () =>
  withTempDir(async (dir) => {
    const corpus = join(dir, 'abc.txt');
    writeFileSync(corpus, 'abcd efgh\n'.repeat(80));
    const model = join(dir, 'model');
    const runs = [
      { backend: 'wasm', threads: '2', engine: 'fused-wasm-2t' },
      { backend: 'wasm', threads: '1', engine: 'fused-wasm' },
      { backend: 'cpu', threads: '1', engine: 'tfjs-cpu' },
    ];
    for (const { backend, threads, engine } of runs) {
      const train = lstmLens('train', '--corpus', corpus, '--preset', 'quick', '--epochs', '2', '--backend', backend, '--threads', threads, '--out', model, '--force');
      assert.equal(train.status, 0, train.stderr);
      const lines = train.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => l.epoch), [1, 2]);
      for (const l of lines) {
        // the fused engine says which build of its kernels runs: the CLI has this process's flags, so the one this process validates
        assert.deepEqual(Object.keys(l), ['epoch', 'perplexity', 'tokensPerSecond', 'backend', ...(backend === 'wasm' ? ['backendDetail'] : [])]);
        if (backend === 'wasm') assert.equal(l.backendDetail, fusedBuildDetail(relaxedSimdValidates()));
        assert.ok(l.perplexity > 1 && l.tokensPerSecond > 0);
      }
      assert.equal(lines[0].backend, engine);
      assert.ok(lines[1].perplexity < lines[0].perplexity);
    }
    const again = lstmLens('train', '--corpus', corpus, '--preset', 'quick', '--epochs', '1', '--out', model);
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already holds a model; pass --force to overwrite it/);
    const checkpoint = await readCheckpointDir(model);
    assert.equal(checkpoint.metrics.length, 2);
    assert.deepEqual(checkpoint.tokenizer, { kind: 'chars', maxVocab: 128 });
    assert.equal(checkpoint.training.preset, 'quick');

    const generated = lstmLens('generate', '--model', model, '--prefix', 'abc', '--length', '12');
    assert.equal(generated.status, 0, generated.stderr);
    assert.equal(generated.stdout.length, 'abc'.length + 12 + 1);
    assert.ok(generated.stdout.startsWith('abc'));
    const sampled = (seed: string) => lstmLens('generate', '--model', model, '--prefix', 'abc', '--temperature', '1.5', '--seed', seed).stdout;
    assert.equal(sampled('4'), sampled('4'));

    const traced = lstmLens('trace', '--model', model, '--text', 'ab\nc', '--top-k', '3');
    assert.equal(traced.status, 0, traced.stderr);
    // One JSON line for the config, then one per step.
    const [head, ...steps] = traced.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(head.config, checkpoint.config);
    assert.deepEqual(steps.map((s: { token: string }) => s.token), ['a', 'b', '\n', 'c']);
    const step = steps[1];
    assert.equal(step.topK.length, 3);
    assert.deepEqual(Object.keys(step.layers[0]), ['I', 'F', 'O', 'C_tilde', 'C', 'H']);
    assert.equal(step.layers[0].H.length, 64);
    assert.ok(step.surprisal >= 0);

    const file = join(dir, 'model.safetensors');
    const exported = lstmLens('export', '--model', model, '--format', 'safetensors', '--out', file);
    assert.equal(exported.status, 0, exported.stderr);
    const back = importTorchSafetensors(new Uint8Array(readFileSync(file)));
    assert.deepEqual(back.params, checkpoint.params);
    assert.deepEqual(back.vocab, checkpoint.vocab);
  }));

test('--version prints the manifest version; <command> --help prints that command usage and trains nothing', () =>
  withTempDir((dir) => {
    const version = lstmLens('--version');
    assert.equal(version.status, 0);
    assert.equal(version.stdout, `lstm-lens ${JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')).version}\n`);
    for (const command of ['train', 'generate', 'trace', 'export']) {
      const help = lstmLens(command, '--help', '--out', join(dir, 'never'));
      assert.equal(help.status, 0, help.stderr);
      assert.match(help.stdout, new RegExp(`^usage: lstm-lens ${command} --`));
    }
    assert.match(lstmLens('train', '--help').stdout, /--cell lstm\|gru\|rnn\] \[--hidden N\] \[--layers N\]/);
    assert.match(lstmLens('--help').stdout, /lstm-lens <command> --help, lstm-lens --version/);
  }));

test('train --cell, --hidden and --layers shape the model; the manifest keeps the command that made it', () =>
  withTempDir(async (dir) => {
    const corpus = join(dir, 'abc.txt');
    writeFileSync(corpus, 'abcd efgh\n'.repeat(80));
    const model = join(dir, 'gru model');
    const args = ['train', '--corpus', corpus, '--preset', 'quick', '--cell', 'gru', '--hidden', '8', '--layers', '2', '--epochs', '1', '--out', model];
    const train = lstmLens(...args);
    assert.equal(train.status, 0, train.stderr);
    const checkpoint = await readCheckpointDir(model);
    assert.deepEqual({ ...checkpoint.config }, { cell: 'gru', vocabSize: checkpoint.vocab.length, hiddenSize: 8, numLayers: 2 });
    assert.equal(checkpoint.training.command, `lstm-lens ${args.map((a) => (a === model ? `'${model}'` : a)).join(' ')}`);
    for (const [flag, value, message] of [
      ['--cell', 'lstmx', /--cell must be one of lstm, gru, rnn, got 'lstmx'/],
      ['--hidden', '0', /--hidden must be an integer from 1 to 4096, got '0'/],
      ['--layers', '17', /--layers must be an integer from 1 to 16, got '17'/],
    ] as const) {
      const bad = lstmLens('train', '--corpus', corpus, '--out', join(dir, 'bad'), flag, value);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, message);
    }
  }));

test('train --backend webgpu trains on Dawn where it finds an adapter, and fails with one line saying why where not', () =>
  withTempDir(async (dir) => {
    const corpus = join(dir, 'abc.txt');
    writeFileSync(corpus, 'abcd efgh\n'.repeat(80));
    const model = join(dir, 'model');
    const train = lstmLens('train', '--corpus', corpus, '--preset', 'quick', '--epochs', '1', '--backend', 'webgpu', '--out', model);
    const found = await nodeGpu().then(
      () => undefined,
      (e: Error) => e.message,
    );
    if (found === undefined) {
      assert.equal(train.status, 0, train.stderr);
      assert.equal(JSON.parse(train.stdout).backend, 'webgpu');
      return;
    }
    // Dawn writes its own warnings to stderr first: ours is the last line.
    assert.equal(train.status, 1, train.stderr);
    assert.equal(train.stdout, '');
    assert.equal(train.stderr.trimEnd().split('\n').at(-1), `lstm-lens: --backend webgpu cannot train here: ${found}`);
    assert.match(found, /^Dawn \(the webgpu package\) found no GPU adapter on this machine|^the optional npm package webgpu \(Dawn for Node\) did not load/);
    assert.equal(existsSync(join(model, 'manifest.json')), false, 'no model is written');
  }));

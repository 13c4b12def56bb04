// @ts-check
// Three named bundles: the extension host (Node), the panel (web) and the trainer worker
// (webworker, one self-contained file: webviews can start workers only from blob: URLs).
'use strict';
const path = require('node:path');
const CopyPlugin = require('copy-webpack-plugin');
const { BannerPlugin } = require('webpack');

const dist = path.resolve(__dirname, 'dist');

/** @param {string} configFile @returns {import('webpack').RuleSetRule} */
const tsRule = (configFile) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: [{ loader: 'ts-loader', options: { configFile: path.resolve(__dirname, configFile), transpileOnly: true } }],
});

/** @type {(env: unknown, argv: { mode?: string }) => import('webpack').Configuration[]} */
module.exports = (_env, argv) => {
  const dev = argv.mode !== 'production';
  /** @type {Partial<import('webpack').Configuration>} */
  const common = {
    mode: dev ? 'development' : 'production',
    devtool: dev ? 'source-map' : false,
    resolve: { extensions: ['.ts', '.js'] },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'errors-warnings',
  };
  // tf.js's WASM backend references Node modules it only uses outside the browser.
  const browserFallback = { fs: false, path: false, os: false, crypto: false, worker_threads: false, perf_hooks: false, util: false };
  return [
    {
      ...common,
      name: 'extension',
      target: 'node',
      entry: { extension: './src/extension/main.ts' },
      output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2' },
      // Dawn for Node (lstmLens.backend webgpu traces the explorer's spans on it) is optional, loaded from node_modules where installed.
      externals: { vscode: 'commonjs vscode', webgpu: 'commonjs webgpu' },
      module: { rules: [tsRule('tsconfig.json')] },
      plugins: [
        new CopyPlugin({
          patterns: [
            { from: 'node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm', to: '[name][ext]' },
            { from: 'build/wasm/fused.wasm', to: 'fused.wasm' },
            { from: 'build/wasm/fused-threads.wasm', to: 'fused-threads.wasm' },
            { from: 'build/wasm/fused-relaxed.wasm', to: 'fused-relaxed.wasm' },
            { from: 'build/wasm/fused-threads-relaxed.wasm', to: 'fused-threads-relaxed.wasm' },
          ],
        }),
      ],
    },
    {
      ...common,
      name: 'cli',
      target: 'node',
      // The fused engine's worker threads load fusedThreadWorker.js from beside the bundle; the
      // extension host trains in hostTrainWorker.js when the panel's worker cannot start.
      entry: { cli: './src/cli/main.ts', fusedThreadWorker: './src/core/engine/fused/threads/fusedThreadWorker.ts', hostTrainWorker: './src/extension/train/hostTrainWorker.ts' },
      output: { path: dist, filename: '[name].js', libraryTarget: 'commonjs2' },
      // Dawn for Node (--backend webgpu) is an optional native package, loaded from node_modules where installed.
      externals: { webgpu: 'commonjs webgpu' },
      module: { rules: [tsRule('tsconfig.json')] },
      plugins: [new BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true, include: /^cli\.js$/ })],
    },
    {
      ...common,
      name: 'panel',
      target: 'web',
      entry: { panel: './webview/panel/main.ts' },
      output: { path: dist, filename: '[name].js' },
      module: { rules: [tsRule('webview/tsconfig.json')] },
    },
    {
      ...common,
      name: 'worker',
      target: 'webworker',
      entry: { worker: './webview/worker/main.ts' },
      output: { path: dist, filename: '[name].js', chunkFormat: false },
      resolve: { ...common.resolve, fallback: browserFallback },
      optimization: { splitChunks: false },
      module: { rules: [tsRule('webview/worker/tsconfig.json')] },
    },
  ];
};

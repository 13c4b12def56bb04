/**
 * Choosing a tf.js backend and making sure it is the one that runs: tf.setBackend can resolve
 * while tf.js silently stays on (or falls back to) another backend, as 'wasm' does in Node
 * when asked for threads.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the 'wasm' backend beside tf.js's own 'cpu' and 'webgl'.
import '@tensorflow/tfjs-backend-wasm';

export type TfjsBackendName = 'cpu' | 'wasm' | 'webgl';

/** Switches tf.js to `name` and throws if another backend ends up running. */
export async function useBackend(name: TfjsBackendName): Promise<void> {
  const ok = await tf.setBackend(name);
  await tf.ready();
  if (!ok || tf.getBackend() !== name) {
    throw new Error(`tf.js backend '${name}' did not start (running '${tf.getBackend()}')`);
  }
}

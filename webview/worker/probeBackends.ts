/**
 * Tries each tf.js backend inside the worker and reports what runs: WebGL2 (with the GL
 * renderer's name, since software GL such as SwiftShader is far slower than a real GPU),
 * WASM (with SIMD and threads), and the plain-JavaScript CPU backend.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { type BackendProbe, type BackendReport, type TfBackendName, TF_BACKENDS } from '../../src/protocol/backends';

/** The GL renderer string through WEBGL_debug_renderer_info, from an OffscreenCanvas. */
function webglRenderer(): string {
  if (typeof OffscreenCanvas === 'undefined') throw new Error('OffscreenCanvas is not available in this worker');
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) throw new Error('WebGL2 is not available (no context from OffscreenCanvas)');
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return `WebGL2, ${String(renderer)}`;
}

async function wasmDetail(): Promise<string> {
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
  return `SIMD ${simd ? 'yes' : 'no'}, threads ${threads ? 'yes' : 'no'}`;
}

/** Median time of a few 256×256 matmuls after one warm-up run, read back to the CPU. */
async function timeMatmul(): Promise<number> {
  const a = tf.randomNormal([256, 256]);
  const b = tf.randomNormal([256, 256]);
  try {
    await tf.matMul(a, b).data();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const c = tf.matMul(a, b);
      await c.data();
      c.dispose();
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    return Math.round(times[2] * 100) / 100;
  } finally {
    a.dispose();
    b.dispose();
  }
}

async function probeOne(backend: TfBackendName): Promise<BackendProbe> {
  try {
    const detail = backend === 'webgl' ? webglRenderer() : backend === 'cpu' ? 'JavaScript' : '';
    const ok = await tf.setBackend(backend);
    // setBackend resolves false instead of throwing when a backend fails to start (for WASM,
    // for example, when the CSP lacks 'wasm-unsafe-eval' or blob: in connect-src).
    if (!ok || tf.getBackend() !== backend) throw new Error(`tf.setBackend('${backend}') did not start it`);
    await tf.ready();
    const matmulMs = await timeMatmul();
    return { backend, available: true, detail: backend === 'wasm' ? await wasmDetail() : detail, matmulMs };
  } catch (e) {
    return { backend, available: false, detail: '', error: e instanceof Error ? e.message : String(e) };
  }
}

/** Probes every backend in turn; `wasmFiles` maps tf.js's WASM file names to loadable (blob:) URLs. */
export async function probeBackends(wasmFiles: Readonly<Record<string, string>>, startedAt: number): Promise<BackendReport> {
  setWasmPaths(wasmFiles as Record<string, string>);
  const probes: BackendProbe[] = [];
  for (const backend of TF_BACKENDS) probes.push(await probeOne(backend));
  return { probes, tfVersion: tf.version.tfjs, elapsedMs: Math.round(performance.now() - startedAt) };
}

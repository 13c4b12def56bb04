/** What the WebGPU tests' page runs: a script on a WebGpuEngine over navigator.gpu. */
import { WebGpuEngine } from '../../src/core/engine/webgpu/webgpuEngine';
import { Script, ScriptResult, fromWire, runScript } from './engineScript';

export async function runOnWebGpu(script: Script): Promise<ScriptResult & { adapterName: string; softwareAdapter: boolean }> {
  const { config, optimizer } = script;
  // the page's navigator (the unit tests compile against Node's globals, without the DOM's)
  const { gpu } = (globalThis as unknown as { navigator: { gpu: GPU } }).navigator;
  const engine = await WebGpuEngine.create({ gpu, config, params: fromWire(script.params), optimizer });
  try {
    return { adapterName: engine.adapterName, softwareAdapter: engine.softwareAdapter, ...(await runScript(engine, script.ops)) };
  } finally {
    engine.dispose();
  }
}

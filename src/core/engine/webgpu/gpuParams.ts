/** θ into an arena on the device, in the fused engine's layout (paramPacking), from byte model.paramsStart on. */
import type { ModelConfig } from '../../model/config';
import type { ParamSet } from '../../model/paramSpec';
import type { ModelLayout } from '../fused/memory/layout';
import { writeParams } from '../fused/memory/paramPacking';

export function uploadParams(device: GPUDevice, arena: GPUBuffer, config: ModelConfig, model: ModelLayout, params: ParamSet): void {
  const theta = new ArrayBuffer(model.paramsStart + model.paramFloats * 4); // laid out from byte 0, as in the arena
  writeParams(config, model, theta, params);
  device.queue.writeBuffer(arena, model.paramsStart, theta, model.paramsStart);
}

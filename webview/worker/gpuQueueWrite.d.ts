/**
 * TypeScript's WebWorker lib narrows BufferSource to views of an ArrayBuffer (not a
 * SharedArrayBuffer), so in this project GPUQueue.writeBuffer refuses the
 * Uint32Array<ArrayBufferLike> that src/core/engine/webgpu/tokenIds.ts returns (the core's
 * project, on @types/node, accepts it; so does every browser). This overload accepts any
 * typed-array view; it can go once tokenIds returns a Uint32Array<ArrayBuffer>.
 */
interface GPUQueue {
  writeBuffer(buffer: GPUBuffer, bufferOffset: GPUSize64, data: ArrayBufferView, dataOffset?: GPUSize64, size?: GPUSize64): undefined;
}

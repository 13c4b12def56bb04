/**
 * The WebGPU spec's flag values (GPUBufferUsage, GPUShaderStage, GPUMapMode). Spelled here so the
 * engine needs no globals: Dawn for Node exports them without installing them on globalThis.
 */
export const BUFFER_MAP_READ = 0x0001;
export const BUFFER_COPY_SRC = 0x0004;
export const BUFFER_COPY_DST = 0x0008;
export const BUFFER_UNIFORM = 0x0040;
export const BUFFER_STORAGE = 0x0080;
export const SHADER_COMPUTE = 0x4;
export const MAP_READ = 0x0001;

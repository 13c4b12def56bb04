/** No navigator.gpu, no adapter, no device, or a config this engine does not run (its message says which). */
export class WebGpuUnavailableError extends Error {}

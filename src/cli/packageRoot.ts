/** Finding files shipped with LSTM Lens, whether the CLI runs from dist/ (bundled) or out/src/cli/ (compiled). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The bundled d2l corpus, relative to the package root. */
const SAMPLE_CORPUS = join('media', 'samples', 'timemachine.txt');

/** The path of The Time Machine shipped in media/samples, found by walking up from this file. */
export function sampleCorpusPath(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, SAMPLE_CORPUS))) return join(dir, SAMPLE_CORPUS);
    if (dirname(dir) === dir) throw new Error(`The sample corpus ${SAMPLE_CORPUS} is missing from the LSTM Lens package`);
  }
}

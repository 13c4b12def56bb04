/** Finding files shipped with LSTM Lens, whether the CLI runs from dist/ (bundled) or out/src/cli/ (compiled). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The bundled d2l corpus, relative to the package root. */
const SAMPLE_CORPUS = join('media', 'samples', 'timemachine.txt');

/** The package's file at `relative`, found by walking up from this file; `missing` names it when it is not there. */
function packageFile(relative: string, missing: string): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    if (dirname(dir) === dir) throw new Error(`${missing} ${relative} is missing from the LSTM Lens package`);
  }
}

/** The path of The Time Machine shipped in media/samples. */
export function sampleCorpusPath(): string {
  return packageFile(SAMPLE_CORPUS, 'The sample corpus');
}

/** The version in the package's manifest. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packageFile('package.json', 'The manifest'), 'utf8')) as { version: string }).version;
}

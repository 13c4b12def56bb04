/**
 * A display language for one code-server run: the fixture language pack of that locale
 * (test/integration/fixtures/language-pack-<locale>), packed with vsce and installed like any
 * .vsix, then registered in the user-data folder's languagepacks.json.
 *
 * Why by hand: the server resolves the workbench's language from --locale only when
 * languagepacks.json names a pack for it whose `vscode` translations file exists; it falls back
 * to `en` otherwise, and then vscode.env.language is `en` and neither LSTM Lens's
 * l10n/bundle.l10n.<locale>.json nor its package.nls.<locale>.json is read. VS Code writes that
 * file when a pack is installed in the running server, but `--install-extension` runs in a CLI
 * process that never makes the language-pack service, so nothing writes it there: this writes
 * the entry that service would, from the installed pack's own manifest.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

interface Localization {
  readonly languageId: string;
  readonly localizedLanguageName?: string;
  readonly languageName?: string;
  readonly translations: readonly { readonly id: string; readonly path: string }[];
}

interface PackManifest {
  readonly publisher: string;
  readonly name: string;
  readonly version: string;
  readonly contributes: { readonly localizations: readonly Localization[] };
}

/** One row of the extensions folder's extensions.json, as the CLI writes it. */
interface InstalledRow {
  readonly identifier: { readonly id: string };
  readonly relativeLocation: string;
}

export interface LanguagePackTarget {
  /** A scratch folder of the run, for the .vsix. */
  readonly dir: string;
  readonly userData: string;
  readonly extensions: string;
  /** Installs a .vsix into the run's extensions folder (code-server --install-extension). */
  readonly install: (vsix: string) => void;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, 'utf8')) as T;

function fixtureDir(locale: string): string {
  const dir = path.join(REPO_ROOT, 'test', 'integration', 'fixtures', `language-pack-${locale}`);
  if (!fs.existsSync(path.join(dir, 'package.json'))) throw new Error(`no language pack fixture for ${locale}: ${dir} is missing`);
  return dir;
}

/** Packs the fixture with the project's vsce (run by path: npx would take the fixture's package.json for the project's). */
function packVsix(fixture: string, dir: string): string {
  const vsix = path.join(dir, `${path.basename(fixture)}.vsix`);
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: fixture, stdio: 'pipe' });
  return vsix;
}

/** Installs the locale's fixture pack and registers it, so that code-server started with `--locale <locale>` shows that language. */
export function installLanguagePack(locale: string, target: LanguagePackTarget): void {
  const fixture = fixtureDir(locale);
  const manifest = readJson<PackManifest>(path.join(fixture, 'package.json'));
  const localization = manifest.contributes.localizations.find((l) => l.languageId === locale);
  if (!localization) throw new Error(`${fixture}/package.json contributes no localization for ${locale}`);
  target.install(packVsix(fixture, target.dir));
  const id = `${manifest.publisher}.${manifest.name}`;
  const row = readJson<InstalledRow[]>(path.join(target.extensions, 'extensions.json')).find((r) => r.identifier.id.toLowerCase() === id.toLowerCase());
  if (!row) throw new Error(`${id} is not in ${target.extensions}/extensions.json after its install`);
  const installed = path.join(target.extensions, row.relativeLocation);
  const entry = {
    // Names the server's cache of the merged translations (<user-data>/clp/<hash>.<locale>): any
    // string that changes with the pack does, and the user-data folder is fresh for every run.
    hash: `${id}@${manifest.version}`,
    extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
    translations: Object.fromEntries(localization.translations.map((t) => [t.id, path.join(installed, t.path)])),
    label: localization.localizedLanguageName ?? localization.languageName ?? locale,
  };
  fs.writeFileSync(path.join(target.userData, 'languagepacks.json'), JSON.stringify({ [locale]: entry }, null, 2));
}

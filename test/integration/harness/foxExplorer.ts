/**
 * The gate explorer on the fox model, as the explorer and pattern tests start it: a workspace
 * with fox.txt (the fox line three times) and the fox fixture in the model store, Load Model,
 * line 2 selected and explored, the explorer's frame once it shows the line.
 */
import * as path from 'node:path';
import type { Frame } from 'playwright-core';
import { REPO_ROOT } from './paths';
import { openUiSession, type UiSession } from './session';

export const FOX_LINE = 'the quick brown fox jumps over the lazy dog\n';
export const FOX_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'editor', 'fox');
/** The explored line's steps: its characters without the line break. */
export const FOX_STEPS = FOX_LINE.length - 1;

export async function openFoxExplorer(): Promise<{ session: UiSession; panel: Frame }> {
  const session = await openUiSession({ files: { 'fox.txt': FOX_LINE.repeat(3) }, copy: { '.lstm-lens/fox': FOX_DIR } });
  const { wb } = session;
  await wb.runCommand('LSTM Lens: Load Model');
  await wb.pick('fox');
  await wb.openFile('fox.txt');
  await wb.runCommand('View: Close Primary Side Bar');
  await wb.selectText(2, 1, FOX_STEPS);
  await wb.runCommand('LSTM Lens: Explore Selection');
  return { session, panel: await wb.webviewFrame(`[data-testid=explorer][data-steps="${FOX_STEPS}"]`) };
}

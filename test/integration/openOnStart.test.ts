/**
 * What `npm run demo` relies on: with lstmLens.model.openOnStart naming a stored model, a window
 * that opens with no current model loads it by itself (the status bar names it), so the demo
 * starts with the trained d2l model.
 */
import { test, before, after } from 'node:test';
import * as path from 'node:path';
import { REPO_ROOT } from './harness/paths';
import { openUiSession, type UiSession } from './harness/session';

let session: UiSession;

before(async () => {
  session = await openUiSession({
    files: { 'notes.txt': 'a text\n' },
    copy: { '.lstm-lens/d2l-timemachine': path.join(REPO_ROOT, 'media', 'models', 'd2l-timemachine') },
    settings: { 'lstmLens.model.openOnStart': 'd2l-timemachine' },
  });
});

after(() => session?.close());

test('a window with lstmLens.model.openOnStart set loads that model without being asked', async () => {
  await session.wb.page.locator('.statusbar-item', { hasText: 'd2l-timemachine · ppl 1.26' }).first().waitFor({ state: 'visible', timeout: 60000 });
});

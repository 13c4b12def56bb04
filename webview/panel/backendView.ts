/**
 * The backend report as a small D3 table: which tf.js backends run in the worker, with the
 * GL renderer, SIMD/threads, and a matmul time. Colours come from the VS Code theme variables.
 */
import { select } from 'd3-selection';
import type { BackendProbe, BackendReport } from '../../src/protocol/backends';
import type { PanelStrings } from '../../src/protocol/strings';

export function renderProbing(root: HTMLElement, strings: PanelStrings): void {
  select(root).selectAll('*').remove();
  select(root).append('h2').text(strings.backendsHeading);
  select(root).append('p').attr('class', 'probing').attr('role', 'status').text(strings.probing);
}

export function renderBackendReport(root: HTMLElement, strings: PanelStrings, report: BackendReport): void {
  const r = select(root);
  r.selectAll('*').remove();
  r.append('h2').text(strings.backendsHeading);
  const table = r.append('table').attr('class', 'backends').attr('data-testid', 'backend-report');
  const head = table.append('thead').append('tr');
  for (const h of [strings.backend, strings.status, strings.detail, strings.matmul]) head.append('th').attr('scope', 'col').text(h);
  const rows = table
    .append('tbody')
    .selectAll<HTMLTableRowElement, BackendProbe>('tr')
    .data(report.probes)
    .join('tr')
    .attr('data-backend', (p) => p.backend)
    .attr('data-available', (p) => String(p.available))
    .attr('class', (p) => (p.available ? 'ok' : 'missing'));
  rows.append('th').attr('scope', 'row').text((p) => p.backend.toUpperCase());
  rows
    .append('td')
    .attr('class', 'status')
    .text((p) => (p.available ? `✓ ${strings.available}` : `✗ ${strings.unavailable}`));
  rows
    .append('td')
    .attr('class', 'detail')
    .text((p) => (p.available ? p.detail : (p.error ?? '')));
  rows
    .append('td')
    .attr('class', 'num')
    .text((p) => (p.matmulMs === undefined ? '—' : `${p.matmulMs.toFixed(1)} ms`));
  r.append('p')
    .attr('class', 'footnote')
    .text(`${strings.tfVersion} ${report.tfVersion} · ${report.elapsedMs} ms`);
}

export function renderError(root: HTMLElement, strings: PanelStrings, message: string): void {
  select(root).append('p').attr('class', 'error').attr('role', 'alert').text(`${strings.workerFailed}: ${message}`);
}

/**
 * The training dashboard (d2l's train_ch8 plot and printout, live): the perplexity curve per
 * epoch, tokens/s, elapsed and ETA, a progress bar, the engine badge (and the GPU adapter it
 * runs on, or the fused engine's build: relaxed SIMD or SIMD) with why the other engines were
 * not picked, samples from the prefix, and Stop / Resume buttons.
 * Drawn with D3; every colour is a VS Code theme variable (media/panel.css).
 */
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { line } from 'd3-shape';
import { max, min } from 'd3-array';
import type { PanelStrings } from '../../src/protocol/strings';
import type { EpochPoint } from '../../src/protocol/training';
import { etaSeconds, isRunning, progressFraction, type DashboardState } from './dashboardState';

export interface DashboardActions {
  stop(runId: string): void;
  resume(runId: string, modelName: string): void;
}

const CHART = { width: 560, height: 240, left: 48, right: 16, top: 12, bottom: 36 };

function duration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}h ${m}m` : m > 0 ? `${m}m ${r}s` : `${r}s`;
}

function fmtRate(n: number): string {
  return n >= 10000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}

type Sel = Selection<HTMLElement, unknown, null, undefined>;

/** Builds the dashboard's fixed structure once; `update` fills it in. */
export class DashboardView {
  private readonly root: Sel;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;

  constructor(
    host: HTMLElement,
    private readonly strings: PanelStrings,
    private readonly actions: DashboardActions,
  ) {
    host.replaceChildren();
    this.root = select(host).attr('data-testid', 'dashboard');
    const head = this.root.append('header').attr('class', 'dash-head');
    head.append('h2').attr('class', 'model-name');
    head.append('span').attr('class', 'badge').attr('data-testid', 'engine-badge').attr('title', strings.engineBadgeTitle);
    head.append('span').attr('class', 'adapter').attr('data-testid', 'engine-adapter').attr('title', strings.engineAdapterTitle);
    head.append('span').attr('class', 'engine-detail').attr('data-testid', 'engine-detail').attr('title', strings.engineDetailTitle);
    head.append('span').attr('class', 'outcome').attr('data-testid', 'outcome').attr('role', 'status');
    const controls = head.append('span').attr('class', 'controls');
    controls.append('button').attr('data-testid', 'stop').attr('class', 'stop').text(strings.stop);
    controls.append('button').attr('data-testid', 'resume').attr('class', 'resume').text(strings.resume);
    this.root.append('p').attr('class', 'source');
    this.root.append('p').attr('class', 'notice').attr('role', 'alert');
    const stats = this.root.append('dl').attr('class', 'stats');
    for (const [key, label] of [
      ['epoch', strings.epoch],
      ['perplexity', strings.perplexity],
      ['speed', strings.tokensPerSec],
      ['elapsed', strings.elapsed],
      ['eta', strings.eta],
      ['checkpoint', strings.checkpoint],
    ] as const) {
      const d = stats.append('div').attr('class', `stat ${key}`);
      d.append('dt').text(label);
      d.append('dd').attr('data-testid', `stat-${key}`);
    }
    const bar = this.root.append('div').attr('class', 'progress').attr('role', 'progressbar').attr('aria-valuemin', 0).attr('aria-valuemax', 100).attr('aria-label', strings.progress);
    bar.append('div').attr('class', 'progress-fill');
    this.svg = this.root
      .append('svg')
      .attr('class', 'ppl-chart')
      .attr('data-testid', 'perplexity-chart')
      .attr('viewBox', `0 0 ${CHART.width} ${CHART.height}`)
      .attr('role', 'img')
      .attr('aria-label', strings.perplexityChart);
    this.svg.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${CHART.height - CHART.bottom})`);
    this.svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${CHART.left},0)`);
    this.svg.append('path').attr('class', 'ppl-line');
    this.svg.append('g').attr('class', 'ppl-points');
    this.svg.append('text').attr('class', 'axis-label').attr('x', CHART.width / 2).attr('y', CHART.height - 4).attr('text-anchor', 'middle').text(strings.epoch);
    this.svg.append('text').attr('class', 'axis-label').attr('transform', `translate(12,${CHART.height / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(strings.perplexity);
    this.root.append('h3').text(strings.samples);
    this.root.append('ol').attr('class', 'samples').attr('data-testid', 'samples').attr('reversed', true);
    const why = this.root.append('details').attr('class', 'skipped');
    why.append('summary').text(strings.otherEngines);
    why.append('ul');
  }

  update(s: DashboardState, now: number): void {
    const r = this.root;
    const running = isRunning(s);
    r.attr('data-running', String(running)).attr('data-epochs', s.epochs.length);
    r.select('.model-name').text(s.modelName);
    r.select('.badge').text(s.engine);
    r.select('.adapter').text(s.adapter ?? '').property('hidden', s.adapter === undefined);
    r.select('.engine-detail').text(s.engineDetail ?? '').property('hidden', s.engineDetail === undefined);
    r.select('.outcome').text(s.outcome ? this.strings[`outcome_${s.outcome}`] : this.strings.running).attr('data-outcome', s.outcome ?? 'running');
    r.select<HTMLButtonElement>('button.stop')
      .property('disabled', !running)
      .on('click', () => this.actions.stop(s.runId));
    // A finished run has nothing left to resume; a failed one failed before its epochs ran out.
    r.select<HTMLButtonElement>('button.resume')
      .property('disabled', running || s.epochs.length >= s.totalEpochs)
      .on('click', () => this.actions.resume(s.runId, s.modelName));
    r.select('.source').text(`${s.sourceLabel} · ${s.corpusTokens.toLocaleString()} ${this.strings.tokens} · ${this.strings.vocabulary} ${s.vocabSize}`);
    r.select('.notice').text([s.notice, s.message].filter(Boolean).join(' — '));
    const last = s.epochs[s.epochs.length - 1];
    r.select('[data-testid=stat-epoch]').text(`${Math.min(s.epochs.length + (running ? 1 : 0), s.totalEpochs)} / ${s.totalEpochs}`);
    r.select('[data-testid=stat-perplexity]').text(last ? last.perplexity.toFixed(2) : '—');
    r.select('[data-testid=stat-speed]').text(s.tokensPerSec > 0 ? fmtRate(s.tokensPerSec) : '—');
    r.select('[data-testid=stat-elapsed]').text(duration((now - s.startedAt) / 1000));
    const eta = etaSeconds(s, now);
    r.select('[data-testid=stat-eta]').text(eta === undefined ? '—' : duration(eta));
    r.select('[data-testid=stat-checkpoint]').text(s.lastCheckpointEpoch === undefined ? '—' : `${this.strings.epoch} ${s.lastCheckpointEpoch}`);
    const pct = Math.round(progressFraction(s) * 1000) / 10;
    r.select('.progress').attr('aria-valuenow', pct);
    r.select<HTMLDivElement>('.progress-fill').style('width', `${pct}%`);
    this.drawChart(s.epochs, s.totalEpochs);
    r.select('.samples')
      .selectAll('li')
      .data([...s.samples].reverse(), (d) => (d as { epoch: number }).epoch)
      .join('li')
      .text((d) => `${this.strings.epoch} ${d.epoch}: ${d.text}`);
    r.select('.skipped ul')
      .selectAll('li')
      .data(s.skipped)
      .join('li')
      .text((d) => `${d.engine}: ${d.reason}`);
  }

  private drawChart(points: readonly EpochPoint[], totalEpochs: number): void {
    const finite = points.filter((p) => Number.isFinite(p.perplexity));
    const x = scaleLinear()
      .domain([1, Math.max(2, Math.min(totalEpochs, (max(finite, (p) => p.epoch) ?? 1) + 1))])
      .range([CHART.left, CHART.width - CHART.right]);
    const lo = min(finite, (p) => p.perplexity) ?? 1;
    const hi = max(finite, (p) => p.perplexity) ?? 10;
    const y = scaleLinear()
      .domain([Math.max(0, Math.min(1, lo) - 0.05 * (hi - lo)), hi + 0.05 * (hi - lo) + 1e-6])
      .nice()
      .range([CHART.height - CHART.bottom, CHART.top]);
    // Epochs are whole numbers: no tick at 1.5.
    const epochTicks = x.ticks(8).filter(Number.isInteger);
    this.svg.select<SVGGElement>('.x-axis').call(axisBottom(x).tickValues(epochTicks).tickFormat((d) => String(d)));
    this.svg.select<SVGGElement>('.y-axis').call(axisLeft(y).ticks(5));
    this.svg
      .select('.ppl-line')
      .datum(finite)
      .attr('d', line<EpochPoint>((p) => x(p.epoch), (p) => y(p.perplexity)));
    this.svg
      .select('.ppl-points')
      .selectAll('circle')
      .data(finite, (d) => (d as EpochPoint).epoch)
      .join('circle')
      .attr('data-epoch', (p) => p.epoch)
      .attr('r', 3)
      .attr('cx', (p) => x(p.epoch))
      .attr('cy', (p) => y(p.perplexity))
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text((p) => `${this.strings.epoch} ${p.epoch}: ${this.strings.perplexity} ${p.perplexity.toFixed(3)}, ${fmtRate(p.tokensPerSec)} ${this.strings.tokensPerSec}`);
  }
}

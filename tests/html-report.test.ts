/**
 * The HTML report's renderer called directly (issue "Nothing sloforge writes can run code",
 * defect 12): markup in every field (service, SLO, title, group labels, alert names, checklist
 * items, the Prometheus URL, a `javascript:` runbook URL) is rendered, and headless Chromium reads
 * the page: no element, attribute or link comes from the data, and every hostile string is text.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { el, escapeHtml, link, safeUrl } from '../src/core/html.js';
import { renderHtml, type HtmlReportData } from '../src/reports/html.js';
import { run, tempDir } from './helpers/tools.js';

const SCRIPT = '<script>document.title="owned"</script>';
const IMG = '"><img src=x onerror="document.title=\'owned\'">';
const QUOTE = "' onmouseover='alert(1)' x='";

function hostileReport(): HtmlReportData {
  const service = `web${SCRIPT}`;
  const slo = `a${IMG}`;
  const env = `production${QUOTE}`;
  const key = `${service}/${slo}/${env}`;
  const row = {
    service,
    slo,
    env,
    group: null,
    objective: 0.99,
    futureObjective: null,
    period: `30d${SCRIPT}`,
    sli: 0.995,
    errorBudgetRemaining: 0.5,
    burnRate: 0.5,
    burnRateWindow: `1h${IMG}`,
    firingAlerts: [],
    status: 'met' as const,
    duplicates: null,
    dataProblems: [],
    sliEvaluatedAt: null,
  };
  return {
    report: { prometheus: `http://p${SCRIPT}`, at: `2026-12-07T00:00:00Z${IMG}`, rows: [row, { ...row, group: `route=/x${SCRIPT}` }], warnings: [] },
    slos: [{ key, title: `Title ${SCRIPT}${IMG}`, runbookUrl: 'javascript:document.title="owned"', dashboardUrl: `https://grafana.example.com/d/x?a=${IMG}` }],
    charts: [
      {
        key,
        budget: [
          [1, 0.9],
          [2, 0.8],
        ],
        burn: [
          [1, 0.5],
          [2, 1.5],
        ],
      },
    ],
    alerts: [{ alertname: `Burn${SCRIPT}`, severity: `page${QUOTE}`, slo, env, firstSeen: 'a', lastSeen: 'b' }],
    checklist: [{ item: `item${IMG}`, status: 'pass', measured: `m${SCRIPT}` } as HtmlReportData['checklist'][number]],
    checklistEnv: `staging${SCRIPT}`,
  };
}

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'h1',
  'h2',
  'h3',
  'p',
  'table',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'section',
  'a',
  'svg',
  'rect',
  'line',
  'text',
  'polyline',
]);

describe('the HTML report renders data as text', () => {
  it('in headless Chromium, no element, attribute or link comes from the data', () => {
    const page = path.join(tempDir(), 'report.html');
    const rendered = renderHtml(hostileReport());
    // The audit runs after the page has been parsed (and after any script of the data would have
    // run): it lists every element, attribute and link as Chromium sees them.
    const audit = `<script>
      const all = [...document.querySelectorAll('*')];
      document.body.setAttribute('data-audit', JSON.stringify({
        title: document.title,
        tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))],
        attributes: [...new Set(all.flatMap((e) => [...e.attributes].map((a) => a.name)))],
        links: [...document.querySelectorAll('[href]')].map((e) => e.getAttribute('href')),
        text: document.body.innerText,
      }));
    </script>`;
    writeFileSync(page, rendered.replace('</body>', `${audit}</body>`));
    const dom = run('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--dump-dom', `file://${page}`]);
    expect(dom.status, dom.stderr).toBe(0);
    const attribute = /data-audit="([^"]*)"/.exec(dom.stdout)?.[1] ?? '';
    const decoded = attribute
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
    const seen = JSON.parse(decoded) as { title: string; tags: string[]; attributes: string[]; links: string[]; text: string };
    // Only the audit's own <script> besides the renderer's elements.
    expect(seen.tags.filter((t) => !ALLOWED_TAGS.has(t))).toEqual(['script']);
    expect(seen.attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    expect(seen.attributes.sort()).toEqual(
      [
        'aria-label',
        'charset',
        'class',
        'height',
        'href',
        'lang',
        'points',
        'rel',
        'role',
        'text-anchor',
        'viewBox',
        'width',
        'x',
        'x1',
        'x2',
        'y',
        'y1',
        'y2',
      ].sort(),
    );
    // The script of the data never ran: it would have renamed the page.
    expect(seen.title).toBe(`SLO report 2026-12-07T00:00:00Z${IMG}`);
    // The javascript: runbook is no link; the https dashboard is, its query kept whole.
    expect(seen.links).toEqual([`https://grafana.example.com/d/x?a=${IMG}`]);
    // Every hostile string reads as text.
    for (const text of [SCRIPT, IMG, `web${SCRIPT}`, `Burn${SCRIPT}`, `item${IMG}`, `page${QUOTE}`, `Title ${SCRIPT}${IMG}`]) expect(seen.text).toContain(text);
  });
});

describe('the HTML tree builder', () => {
  it('escapes text and attribute values, quotes included', () => {
    expect(el('td', { title: `"'<>&` }, `<b>"'&</b>`).markup).toBe('<td title="&quot;&#39;&lt;&gt;&amp;">&lt;b&gt;&quot;&#39;&amp;&lt;/b&gt;</td>');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('refuses event handler attributes, odd names and URLs that are not http(s)', () => {
    expect(() => el('td', { onclick: 'x' })).toThrow(/not an attribute/);
    expect(() => el('td', { 'a b': 'x' })).toThrow(/not an attribute/);
    expect(() => el('script>', {})).toThrow(/not an element name/);
    expect(() => el('a', { href: 'javascript:alert(1)' })).toThrow(/not an http\(s\) URL/);
    expect(safeUrl(' javascript:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(link('JaVaScRiPt:alert(1)', 'runbook').markup).toBe('<span>runbook</span>');
  });
});

#!/usr/bin/env node
/**
 * make docs: the documentation site in site/dist/. The pages are the README (the home page),
 * docs/*.md, CONTRIBUTING, SECURITY and CHANGELOG, copied into site/src/ with their links rewritten
 * to the site's own paths; the package API (src/index.ts) is written as Markdown by TypeDoc into
 * site/src/api/. VitePress builds the site and fails on a link to a page that does not exist.
 * Links to repository files that are not pages (source, benchmarks, examples) become plain text.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SITE = path.join(ROOT, 'site');
const SRC = path.join(SITE, 'src');

/** Each repository page and its path in the site. */
const PAGES = new Map([
  ['README.md', 'index.md'],
  ['CONTRIBUTING.md', 'contributing.md'],
  ['SECURITY.md', 'security.md'],
  ['CHANGELOG.md', 'changelog.md'],
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => [`docs/${f}`, f]),
]);

/** A page's links, rewritten from repository paths to site paths; other repository files become text. */
function rewriteLinks(text, from) {
  return text.replace(/(!?)\[([^\]]*)\]\(([^)\s]+)\)/g, (whole, bang, label, target) => {
    if (/^[a-z]+:/i.test(target) || target.startsWith('#')) return whole;
    const [file, anchor] = target.split('#');
    const repoPath = path.posix.normalize(path.posix.join(path.posix.dirname(from), file));
    if (bang) {
      // Images live beside the pages (docs/img/ is copied whole).
      return repoPath.startsWith('docs/') ? `![${label}](./${repoPath.slice('docs/'.length)})` : label;
    }
    const page = PAGES.get(repoPath);
    if (page) return `[${label}](./${page}${anchor ? `#${anchor}` : ''})`;
    return `${label} (\`${repoPath}\`)`;
  });
}

function sidebar() {
  const title = (file) => readFileSync(path.join(SRC, file), 'utf8').match(/^# (.+)$/m)?.[1] ?? file;
  const docs = [...PAGES.values()].filter((p) => p !== 'index.md' && existsSync(path.join(SRC, p)));
  return [
    { text: 'sloforge', items: [{ text: 'Overview', link: '/' }] },
    { text: 'Guides and reference', items: docs.map((p) => ({ text: title(p), link: `/${p.replace(/\.md$/, '')}` })) },
    { text: 'Package API', items: [{ text: 'API (TypeDoc)', link: '/api/' }] },
  ];
}

rmSync(SRC, { recursive: true, force: true });
mkdirSync(SRC, { recursive: true });
// A page that quotes templates ({{.window}}) is kept from Vue's interpolation.
const verbatim = (text) => (text.includes('{{') ? `::: v-pre\n${text}\n:::\n` : text);
for (const [from, to] of PAGES) writeFileSync(path.join(SRC, to), verbatim(rewriteLinks(readFileSync(path.join(ROOT, from), 'utf8'), from)));
if (existsSync(path.join(ROOT, 'docs/img'))) cpSync(path.join(ROOT, 'docs/img'), path.join(SRC, 'img'), { recursive: true });

/**
 * The resolved model's and the validated catalog's types (src/model, src/core, src/catalog/schema*),
 * which ResolvedCatalog, SloPlan and the input types refer to, are documented where they are used,
 * not as API of their own. Any other warning fails the build: a type of the catalog API that a
 * user cannot import, a broken link in a doc comment.
 */
const INTERNAL = /is referenced by .* but not included in the documentation/;
const INTERNAL_HOME = /defined in sloforge\/src\/(model|core|catalog\/schema)[/.]/;

const bin = (name) => path.join(SITE, 'node_modules', '.bin', name);
const typedoc = spawnSync(
  bin('typedoc'),
  [
    '--plugin',
    'typedoc-plugin-markdown',
    '--entryPoints',
    path.join(ROOT, 'src/index.ts'),
    '--tsconfig',
    path.join(ROOT, 'tsconfig.build.json'),
    '--out',
    path.join(SRC, 'api'),
    '--entryFileName',
    'index.md',
    '--readme',
    'none',
    '--hidePageHeader',
    // No source links: the site names no repository host.
    '--disableSources',
    // Angle brackets in comments (sloforge-<service>) would be read as HTML by VitePress.
    '--sanitizeComments',
  ],
  { encoding: 'utf8', cwd: ROOT },
);
// eslint-disable-next-line no-control-regex
const typedocLines = `${typedoc.stdout}${typedoc.stderr}`.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
const refused = typedocLines.filter((l) => /\[(warning|error)\]/.test(l) && !/Found \d+ errors/.test(l) && !(INTERNAL.test(l) && INTERNAL_HOME.test(l)));
if (typedoc.status !== 0 || refused.length) {
  console.error(typedocLines.join('\n'));
  console.error(`make docs: TypeDoc ${typedoc.status !== 0 ? `exited ${typedoc.status}` : `warned:\n${refused.join('\n')}`}`);
  process.exit(1);
}

mkdirSync(path.join(SRC, '.vitepress'), { recursive: true });
writeFileSync(
  path.join(SRC, '.vitepress', 'config.mjs'),
  `export default ${JSON.stringify(
    {
      title: 'sloforge',
      description: 'SLO-as-code: one typed catalog, every rule, alert, dashboard and report',
      cleanUrls: true,
      themeConfig: { sidebar: sidebar(), search: { provider: 'local' } },
    },
    null,
    2,
  )};\n`,
);
execFileSync(bin('vitepress'), ['build', SRC, '--outDir', path.join(SITE, 'dist')], { stdio: 'inherit', cwd: SITE });
console.log(`make docs: the site is in ${path.relative(ROOT, path.join(SITE, 'dist'))}/ (${readdirSync(path.join(SITE, 'dist')).length} entries)`);

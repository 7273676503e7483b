import { escapeHtml } from './escapeHtml.js';

/**
 * A complete HTML document around `bodyHtml` (already markup). Styles are inline and
 * there is no script, font or link to fetch: a report must open from a tarball on a
 * laptop without network, years after the run.
 */
export function htmlPage(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${bodyHtml}
</main>
</body>
</html>
`;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #1d2330;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.2em; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #e3e6eb; }
h3 { font-size: 1em; margin: 20px 0 8px; }
.subtitle { margin: 0 0 16px; color: #4a5263; }
.verdict { display: inline-block; padding: 6px 14px; border-radius: 6px; font-weight: 600; }
.verdict.pass { background: #e6f4ea; color: #1e6b35; border: 1px solid #a8d5b5; }
.verdict.fail { background: #fdecea; color: #a4231a; border: 1px solid #f1b0aa; }
table { border-collapse: collapse; margin: 4px 0 12px; font-size: 14px; }
th, td { border: 1px solid #e3e6eb; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f3f5f8; font-weight: 600; }
td { font-variant-numeric: tabular-nums; }
tr.pass td:last-child { color: #1e6b35; }
tr.fail td { background: #fdf3f2; }
tr.fail td:last-child { color: #a4231a; font-weight: 600; }
pre { background: #f3f5f8; border: 1px solid #e3e6eb; border-radius: 4px; padding: 8px 12px;
  overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
figure { margin: 12px 0 20px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #4a5263; margin-bottom: 4px; }
.charts-row { display: grid; gap: 16px; grid-template-columns: repeat(var(--runs, 1), minmax(0, 1fr)); }
.none { color: #6b7385; font-style: italic; }
a { color: #1a5fb4; }
`;

/** The store's common frame: header, navigation and style, so every page looks like one shop. */

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Data for a page script, embedded so that no `</script>` inside it can end the element. */
export const jsonScript = (id: string, data: unknown): string =>
  `<script type="application/json" id="${id}">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2330;background:#f4f5f8}
header{background:#1f2a44;color:#fff}
header .bar{max-width:60rem;margin:0 auto;padding:.8rem 1.2rem;display:flex;align-items:center;gap:1.5rem}
header .brand{font-weight:700;font-size:1.2rem;letter-spacing:.02em;color:#fff;text-decoration:none}
header nav a{color:#c9d4f2;text-decoration:none;margin-right:1rem}
header nav a[aria-current]{color:#fff;border-bottom:2px solid #f0b429}
main{max-width:60rem;margin:1.5rem auto;padding:0 1.2rem}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:1.4rem;margin-bottom:1.2rem}
h1{margin:.2rem 0 .4rem;font-size:1.7rem}
h2{margin:0 0 .6rem;font-size:1.15rem}
.muted{color:#667085}
button{font:inherit;border:0;border-radius:6px;padding:.45rem .9rem;cursor:pointer;background:#e4e7ef;color:#1d2330}
button.primary{background:#f0b429;color:#1d2330;font-weight:600;padding:.6rem 1.4rem}
button:disabled{opacity:.55;cursor:default}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:.45rem .4rem;border-bottom:1px solid #eceef3;vertical-align:middle}
th{font-weight:600;color:#667085;font-size:.85rem}
progress{width:100%;height:.7rem}
.state{font-size:.85rem;white-space:nowrap}
.state[data-tone=ok]{color:#18794e}.state[data-tone=bad]{color:#b42318}
.error{color:#b42318;font-size:.85rem}
.notice{padding:.7rem 1rem;border-radius:8px;background:#eef4ff;margin-top:1rem}
.notice[data-tone=bad]{background:#fef3f2;color:#912018}
.notice:empty{display:none}
.album{display:flex;gap:1.6rem;align-items:flex-start;flex-wrap:wrap}
.album>div{flex:1 1 22rem;min-width:0}
.album svg{flex:0 0 auto;border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.2)}
.num{width:2.5rem;color:#667085}
h2 a{color:#1f2a44}
td.size{white-space:nowrap}
td.actions{white-space:nowrap;text-align:right}
td button{padding:.25rem .6rem;font-size:.85rem}
code{background:#eef0f5;padding:0 .25rem;border-radius:4px}
`;

const NAV = [
  { href: '/store/', label: 'Store' },
  { href: '/store/album', label: 'Live 1999' },
  { href: '/store/classic', label: 'Extras (classic)' },
  { href: '/store/review', label: 'Review' },
];

export function storePage(options: {
  title: string;
  current: string;
  body: string;
  script?: string;
}): string {
  const links = NAV.map(
    (link) =>
      `<a href="${link.href}"${link.href === options.current ? ' aria-current="page"' : ''}>${escapeHtml(link.label)}</a>`,
  ).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)} · Proseware Music</title>
<style>${STYLE}</style>
</head>
<body>
<header><div class="bar"><a class="brand" href="/store/">Proseware Music</a><nav>${links}</nav></div></header>
<main>
${options.body}
</main>
${options.script ? `<script>${options.script}</script>` : ''}
</body>
</html>`;
}

/** The album cover, drawn as inline SVG so the store needs no image file. */
import { escapeHtml } from './page-shell';

export function coverSvg(artist: string, title: string, size = 220): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 200 200" role="img" aria-label="${escapeHtml(`${title} cover`)}">
<defs>
<linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b1055"/><stop offset="1" stop-color="#d53369"/></linearGradient>
<radialGradient id="spot" cx=".5" cy=".15" r=".7"><stop offset="0" stop-color="#fff6c8" stop-opacity=".85"/><stop offset="1" stop-color="#fff6c8" stop-opacity="0"/></radialGradient>
</defs>
<rect width="200" height="200" fill="url(#sky)"/>
<polygon points="100,0 40,150 160,150" fill="url(#spot)"/>
<g fill="#120822">
<rect x="0" y="150" width="200" height="50"/>
<circle cx="30" cy="150" r="14"/><circle cx="62" cy="154" r="12"/><circle cx="95" cy="150" r="15"/>
<circle cx="130" cy="153" r="13"/><circle cx="168" cy="150" r="14"/>
</g>
<text x="100" y="182" text-anchor="middle" font-family="Georgia,serif" font-size="22" fill="#ffe08a" letter-spacing="3">${escapeHtml(title.toUpperCase())}</text>
<text x="100" y="30" text-anchor="middle" font-family="system-ui,sans-serif" font-size="13" fill="#fff" letter-spacing="4">${escapeHtml(artist.toUpperCase())}</text>
</svg>`;
}

/** Draws public/icons/icon-{16,32,48,128}.png. Run once with `npx tsx src/build/make-icons.ts`; the PNGs are committed. */
import { writeFileSync } from 'node:fs';
import { drawIcon, encodePng } from './png';

export const ICON_SIZES = [16, 32, 48, 128] as const;

for (const size of ICON_SIZES) {
  writeFileSync(
    new URL(`../../public/icons/icon-${size}.png`, import.meta.url),
    encodePng(size, drawIcon(size)),
  );
}

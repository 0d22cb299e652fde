// Renders the PWA's PNG icons from the SVG sources in static/icons/ with Debian's Chromium.
// Run after changing an SVG: `node scripts/render-icons.mjs` (from apps/web); the PNGs are committed.
import { chromium } from 'playwright-core';
import { readFile, writeFile } from 'node:fs/promises';

const ICONS = new URL('../static/icons/', import.meta.url);
const OUTPUTS = [
  ['icon.svg', 'icon-192.png', 192],
  ['icon.svg', 'icon-512.png', 512],
  ['maskable.svg', 'maskable-192.png', 192],
  ['maskable.svg', 'maskable-512.png', 512],
  // iOS rounds the corners itself and shows transparency as black: the full-bleed art fits it.
  ['maskable.svg', 'apple-touch-icon.png', 180],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  for (const [source, target, size] of OUTPUTS) {
    const svg = await readFile(new URL(source, ICONS), 'utf8');
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await writeFile(new URL(target, ICONS), png);
    await page.close();
    console.log(`${target} ${size}x${size}`);
  }
} finally {
  await browser.close();
}

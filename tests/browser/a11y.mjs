// Browser checks of the Kamerwacht site in headless Chromium (Debian's package, driven by
// playwright-core; no browser download): every page passes axe-core's WCAG 2.1 A/AA rules,
// works with JavaScript disabled, loads nothing from another origin, has the skip link as its
// first focus stop with a visible focus ring, and has no horizontal scroll on a phone.
// Usage: node a11y.mjs BASE_URL PATH...   (exit 1 on a violation; 404=PATH for error pages)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, ...paths] = process.argv.slice(2);
const exe = process.env.CHROMIUM || '/usr/bin/chromium';

const browser = await chromium.launch({
  executablePath: exe,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failures = 0;
const fail = (path, msg) => {
  failures++;
  console.log(`FAIL ${path}: ${msg}`);
};

for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 800 }]) {
  // The site ships no JavaScript at all (checked below); axe is injected through the
  // DevTools protocol (bypassCSP), not by the page.
  const ctx = await browser.newContext({ bypassCSP: true, viewport });
  const page = await ctx.newPage();
  const foreign = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) foreign.push(r.url());
  });
  for (const arg of paths) {
    // "404=/path" expects the friendly error page
    const want = arg.startsWith('404=') ? 404 : 200;
    const path = want === 404 ? arg.slice(4) : arg;
    const res = await page.goto(base + path, { waitUntil: 'load' });
    if (!res || res.status() !== want) {
      fail(path, `status ${res && res.status()}`);
      continue;
    }
    const scripts = await page.evaluate(() => document.querySelectorAll('script').length);
    if (scripts) fail(path, `${scripts} script elements: the site must work without JavaScript`);
    if (viewport.width < 500) {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 2) fail(path, `horizontal scroll of ${overflow}px at ${viewport.width}px wide`);
      continue;
    }
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      globalThis.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      }));
    for (const v of result.violations)
      fail(path, `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    // keyboard: the first Tab lands on the skip link, and focus is visible
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const cs = getComputedStyle(el);
      return { cls: el.className, outline: cs.outlineStyle, width: cs.outlineWidth };
    });
    if (focus.cls !== 'skip') fail(path, `first Tab stop is not the skip link (${focus.cls})`);
    if (focus.outline === 'none' || focus.width === '0px') fail(path, 'no visible focus ring');
    const lang = await page.evaluate(() => document.documentElement.lang);
    if (lang !== 'nl') fail(path, `lang is '${lang}'`);
    const h1 = await page.evaluate(() => document.querySelectorAll('h1').length);
    if (h1 !== 1) fail(path, `${h1} h1 elements`);
  }
  if (foreign.length) fail('(all)', `requests to other origins: ${foreign.slice(0, 5).join(' ')}`);
  await ctx.close();
}
await browser.close();
console.log(failures ? `${failures} browser check(s) failed` : `browser checks passed on ${paths.length} pages`);
process.exit(failures ? 1 : 0);

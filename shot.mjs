// usage: node /tmp/shot.mjs <baseUrl> <path> <out.png> [width] [height] [dark] [action]
import { chromium } from 'playwright-core';
const [base, path, out, w = '1366', h = '650', dark = '', action = ''] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: +w, height: +h }, colorScheme: dark ? 'dark' : 'light' });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.goto(base + path, { waitUntil: 'networkidle' });
if (action) await eval(`(async () => { ${action} })()`);
await page.waitForTimeout(300);
await page.screenshot({ path: out, fullPage: false });
if (errors.length) console.log('ERRORS', errors);
await browser.close();

/**
 * Loads an HTML file in headless Chromium (the Debian package `chromium`, driven by playwright-core)
 * and reports what a person would see go wrong: console errors, page errors, failed requests.
 * Without Chromium the caller skips with the reason, except under CI=true where it must fail.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export type RenderResult = { skip: string } | { errors: string[]; screenshot: string; svgCount: number; height: number; title: string };

export async function renderInChromium(htmlFile: string, screenshot: string): Promise<RenderResult> {
  if (!existsSync(CHROMIUM_PATH)) {
    const reason = `Chromium not found at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`;
    if (process.env.CI === 'true') throw new Error(`CI=true requires Chromium: ${reason}`);
    return { skip: reason };
  }
  const profile = mkdtempSync(join(tmpdir(), 'marquee-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: ARGS, viewport: { width: 1000, height: 800 } });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page: ${error.message}`));
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()}`));
    await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
    await page.screenshot({ path: screenshot, fullPage: true });
    const svgCount = await page.locator('svg').count();
    const height = await page.evaluate('document.documentElement.scrollHeight');
    return { errors, screenshot, svgCount, height: Number(height), title: await page.title() };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { consoleDist } from '../../src/web/static.js';
import { TEST_PASSWORD } from '../helpers/factories.js';

const ROOT = path.resolve(consoleDist, '../..');
const WEB = path.join(ROOT, 'web');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the console when web/dist is missing or older than its sources, so `npm test` alone works. */
export function ensureConsoleBuilt(): void {
  const index = path.join(consoleDist, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(WEB, 'src')),
    fs.statSync(path.join(WEB, 'index.html')).mtimeMs,
    fs.statSync(path.join(WEB, 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`没有找到 Chromium（${CHROMIUM}）：请运行 apt-get install -y chromium，或设置 CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 740 };

/** A browser context of its own (separate storage: another person on another device). */
export async function newContext(browser: Browser, baseURL: string, viewport = DESKTOP): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  // A step that cannot happen fails with its own message, well inside the test's time limit.
  context.setDefaultTimeout(15_000);
  return context;
}

const API_4XX = /^Failed to load resource: the server responded with a status of 4\d\d/u;

/** Collects console errors and uncaught page errors; the test asserts the list stays empty. */
export function watchErrors(page: Page, errors: string[], who: string): void {
  page.on('console', (m) => {
    // An API answering 4xx (a validation 400 the form shows, a 401 that sends to sign-in) is the app
    // working; Chromium still logs the response. Any other error, and any 4xx of a page asset, counts.
    if (m.type() === 'error' && API_4XX.test(m.text()) && new URL(m.location().url || 'http://x/').pathname.startsWith('/api/')) return;
    if (m.type() === 'error') errors.push(`[${who}] console: ${m.text()} @ ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(`[${who}] pageerror: ${e.message}`));
}

/** Latin-letter words a person may see: units and codes. Everything else on screen must be Chinese. */
export const LATIN_ALLOWED = new Set([
  'km',
  'kg',
  'cm',
  'mm',
  'ml',
  'mmHg',
  'ID',
  'XLSX',
  'CSV',
  'PDF',
  'Excel',
  'utf',
  'UTF',
  'gbk',
  'GBK',
  'gb',
]);

/**
 * The Latin-letter words (two letters or more) visible on the page, placeholders included, except
 * inside `<code>` and elements marked `data-code` (account names, verification codes), file names and web addresses.
 */
export async function visibleLatinWords(page: Page): Promise<string[]> {
  const words = await page.evaluate(() => {
    const found: string[] = [];
    // A file name the person chose (问卷.csv, survey-2026.xlsx) is theirs, not the console's words.
    const scan = (text: string | null | undefined) =>
      found.push(
        ...((text ?? '')
          .replace(/[\w.\-\u4e00-\u9fff]+\.(?:csv|xlsx?|json|txt)\b/giu, '')
          .replace(/https?:\/\/\S+/giu, '')
          .match(/[A-Za-z]{2,}/gu) ?? []),
      );
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || parent.closest('script, style, template, code, kbd, samp, [data-code]')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
      scan(n.textContent);
    }
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]')) {
      if (el.closest('[data-code]') || !el.checkVisibility()) continue;
      scan(el.getAttribute('placeholder'));
      scan(el.getAttribute('aria-label'));
    }
    return found;
  });
  return words.filter((w) => !LATIN_ALLOWED.has(w));
}

/** Fails when any English (or other Latin-letter word but units and codes) reaches the person. */
export async function expectChineseOnly(page: Page, where = page.url()): Promise<void> {
  const words = await visibleLatinWords(page);
  if (words.length) throw new Error(`页面上出现了拉丁字母词（${where}）：${[...new Set(words)].join(', ')}`);
}

/** Full-page screenshots of the current page at 375 px and 1280 px wide (checked for Latin words first); the viewport is restored. */
export async function shoot(page: Page, name: string): Promise<void> {
  await expectChineseOnly(page, name);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const original = page.viewportSize() ?? DESKTOP;
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${size.width}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

/** The pages of one test file's browser (see `useBrowser`). */
export interface BrowserPages {
  /** Opens a page in a browser context of its own (another person on another device); its console errors fail the test. */
  open(viewport?: Viewport, who?: string): Promise<Page>;
  /** Opens a page and signs in with the test accounts' password, waiting for the role's home `heading`. */
  openSignedIn(viewport: Viewport, who: string, username: string, heading: string): Promise<Page>;
  /** A console error the current test causes on purpose (a dropped connection): it must occur, and does not fail the test. */
  expectConsoleError(pattern: RegExp): void;
}

export type Viewport = typeof DESKTOP;

/**
 * The browser of one test file: builds the console when needed and launches Chromium before all tests;
 * after each test, fails it on any console or page error (then runs `eachPage` on the pages it opened
 * that are still open); after all, closes every page and the browser.
 *
 * Call it after registering the file's own `afterAll` that closes the server: vitest runs after-hooks
 * in reverse order, so the pages close before the server they talk to.
 */
export function useBrowser(baseURL: () => string, opts: { eachPage?: (page: Page) => Promise<void> } = {}): BrowserPages {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
  let opened: Page[] = [];
  let expected: RegExp[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async () => {
    const found = errors.splice(0);
    const pages = opened;
    const wanted = expected;
    opened = [];
    expected = [];
    for (const pattern of wanted)
      expect(
        found.some((e) => pattern.test(e)),
        `expected a console error matching ${pattern}`,
      ).toBe(true);
    const unexpected = found.filter((e) => !wanted.some((pattern) => pattern.test(e)));
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    if (opts.eachPage) for (const page of pages.filter((p) => !p.isClosed())) await opts.eachPage(page);
  });

  afterAll(async () => {
    // A context that is already gone (its page crashed) has nothing left to close.
    await Promise.allSettled(contexts.map((c) => c.close()));
    await browser?.close();
  });

  const open = async (viewport = DESKTOP, who = 'page'): Promise<Page> => {
    if (!browser) throw new Error('the browser is not launched yet: open pages inside tests');
    const context = await newContext(browser, baseURL(), viewport);
    contexts.push(context);
    const page = await context.newPage();
    watchErrors(page, errors, who);
    opened.push(page);
    return page;
  };
  return {
    open,
    async openSignedIn(viewport, who, username, heading) {
      const page = await open(viewport, who);
      await signIn(page, username, TEST_PASSWORD, heading);
      return page;
    },
    expectConsoleError(pattern) {
      expected.push(pattern);
    },
  };
}

/** Signs in through the form and waits for the role's home and a live connection. */
export async function signIn(page: Page, username: string, password: string, heading: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByLabel('账号或手机号').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.locator('.conn[data-conn="connected"]').waitFor();
}

/** Puts a marker on window; it survives in-page updates but not a reload. */
export const markNoReload = (page: Page) => page.evaluate('window.__noReload = "still-here"');
export const stillNoReload = (page: Page) => page.evaluate('window.__noReload') as Promise<string | undefined>;

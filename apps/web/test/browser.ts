import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startServer, type TestServer } from '../../server/test/harness.js';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const screenshotDir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** The server serves apps/web/dist; `pnpm test` builds it first, a bare `vitest run` builds it here if missing. */
export function ensureWebBuilt(): void {
  if (existsSync(path.join(webDir, 'dist/index.html'))) return;
  execFileSync('npx', ['vite', 'build'], { cwd: webDir, stdio: 'inherit' });
}

/** Debian's Chromium, headless, without the background chatter that slows a shared 2-core box. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh context per user, so each has its own cookie jar like a separate browser. */
export async function openUserPage(
  browser: Browser,
  baseUrl: string,
  options: {
    viewport?: { width: number; height: number };
    colorScheme?: 'light' | 'dark';
    /** `block`: no service worker, so `page.route` sees every request (the worker fetches the assets itself) */
    serviceWorkers?: 'allow' | 'block';
  } = {},
): Promise<UserPage> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    serviceWorkers: options.serviceWorkers ?? 'allow',
  });
  // Nothing in a test may wait forever: a missing element fails within 20 s with a clear locator.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[browser] ${error.message}`));
  await page.goto('/');
  return { context, page };
}

let userCounter = 0;

export interface BrowserUser {
  name: string;
  email: string;
  password: string;
}

export function newUser(name: string): BrowserUser {
  userCounter += 1;
  const slug = name.toLowerCase().replace(/[^a-z]+/g, '');
  return { name, email: `${slug}-${userCounter}-${process.pid}-${Date.now()}@example.com`, password: 'correct horse battery' };
}

/** Fills the sign-up form the way a person would and waits until the chat shell shows their name. */
export async function signUpInBrowser(page: Page, user: BrowserUser): Promise<void> {
  // On a server with no account yet the first page is "Set up Confab": the first person sets it up.
  const setUp = page.getByRole('heading', { name: 'Set up Confab' });
  await page.getByRole('button', { name: 'Create an account' }).or(setUp).first().waitFor();
  if (await setUp.isVisible()) {
    await page.getByLabel('Team name').fill('Confab');
    await page.getByLabel('Your name').fill(user.name);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Set up Confab' }).click();
    // A page opened before someone else set the server up falls back to the usual sign-up.
    const signedIn = page.getByRole('button', { name: 'Sign out' });
    const createAccount = page.getByRole('button', { name: 'Create an account' });
    await signedIn.or(createAccount).first().waitFor({ timeout: 15_000 });
    if (await signedIn.isVisible()) return;
  }
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor({ timeout: 15_000 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The rules of WCAG 2.1 levels A and AA: what issue 19 promises there are zero violations of. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeRulesPrinted = false;

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now and fails listing every violation. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  // Evaluated over the DevTools protocol: the app's CSP (script-src 'self') rightly refuses an inline <script>.
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  const result = await page.evaluate(async (tags) => {
    const engine = (window as unknown as { axe: typeof axe }).axe;
    const run = await engine.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      rules: engine.getRules(tags).map((rule) => rule.ruleId),
      violations: run.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((node) => ({ target: node.target.join(' '), summary: node.failureSummary ?? '' })),
      })),
    };
  }, WCAG_TAGS);
  if (!axeRulesPrinted) {
    axeRulesPrinted = true;
    console.log(`[axe ${axe.version}] ${result.rules.length} rules (${WCAG_TAGS.join(', ')}): ${result.rules.join(', ')}`);
  }
  const violations: AxeFinding[] = result.violations;
  if (violations.length === 0) return;
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact ?? 'n/a'}): ${v.help}`,
    ...v.nodes.map((node) => `    ${node.target}\n      ${node.summary.replace(/\n/g, '\n      ')}`),
  ]);
  const count = violations.reduce((sum, v) => sum + v.nodes.length, 0);
  throw new Error(`axe: ${count} violating element(s) on "${label}":\n${lines.join('\n')}`);
}

interface ChatServer {
  readonly server: TestServer;
  readonly browser: Browser;
  /** a new user's page (own context and cookies) on this server */
  open(options?: Parameters<typeof openUserPage>[2]): Promise<UserPage>;
}

/**
 * The setup most browser test files share: a real server and one Chromium for the whole file,
 * both closed after it. Call it at the top of a describe block.
 */
export function withChatServer(options: Parameters<typeof startServer>[0] = {}): ChatServer {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer(options);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !browser) throw new Error('withChatServer: the server is not started yet (use it inside a test)');
    return { server, browser };
  };
  return {
    get server() {
      return started().server;
    },
    get browser() {
      return started().browser;
    },
    open: (pageOptions) => openUserPage(started().browser, started().server.url, pageOptions),
  };
}

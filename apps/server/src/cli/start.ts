import type { Command } from './command.js';

export const start: Command = {
  name: 'start',
  summary: 'run the server: migrate DATA_DIR, then serve on PORT (stop with Ctrl-C or SIGTERM)',
  description:
    'Runs the Confab server: applies pending database migrations to DATA_DIR, then serves the web client, the API and the WebSocket on PORT. Ctrl-C or SIGTERM stops it gracefully.',
  ownsSignals: true,
  async run() {
    // The server's own entry, which reads the configuration, listens and handles its signals. Built,
    // it is dist/main.js beside dist/cli.js, loaded only here so other commands need not parse it.
    const bundled = import.meta.url.endsWith('/dist/cli.js');
    await import(new URL(bundled ? './main.js' : '../main.js', import.meta.url).href);
  },
};

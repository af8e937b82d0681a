import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/sigma.mjs'), 'serve'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: '', SIGMA_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return { child, output: () => output };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));

/**
 * What `npm start` does on a fresh machine: embedded PostgreSQL under SIGMA_DATA_DIR, migrations,
 * a first API key printed once, the API answering, a clean stop on SIGTERM, and the same data
 * reused on the next start.
 */
describe('sigma serve with the embedded database', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('starts, prints a first key that works, stops cleanly on SIGTERM and reuses its data', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sigma-serve-'));
    await chmod(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { SIGMA_DATA_DIR: dataDir, PORT: String(port), SIGMA_EMBEDDED_PG_PORT: String(pgPort), SIGMA_SOURCES: 'none', HOST: '127.0.0.1', YAHOO_BASE_URL: 'http://127.0.0.1:9', SIGMA_API_PROCESSES: '1' };

    const first = start(env);
    const key = await waitFor('the first key', async () => /\b(sit_live_[0-9A-Za-z]{32})\b/.exec(first.output())?.[1] ?? null);
    const health = await waitFor('health', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/health`);
      return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
    });
    expect(health).toHaveProperty('database');
    const me = await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
    expect(me.status).toBe(200);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);

    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(first.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = start(env);
    await waitFor('the restarted API', async () => ((await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } })).status === 200 ? true : null));
    expect(second.output()).not.toMatch(/initialising embedded PostgreSQL/);
    expect(second.output()).not.toMatch(/sit_live_/);
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 120_000);
});

/** Processes whose parent is `pid` and whose command line runs the Sigma CLI. */
function apiProcessesOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
        return ppid === pid && cmdline.includes('sigma.mjs') ? [Number(name)] : [];
      } catch {
        return []; // exited while listed
      }
    });
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.runIf(process.platform === 'linux')('sigma serve with several API processes', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function environment() {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sigma-serve-'));
    dirs.push(dataDir);
    await chmod(dataDir, 0o755);
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { SIGMA_DATA_DIR: dataDir, PORT: String(port), SIGMA_EMBEDDED_PG_PORT: String(pgPort), SIGMA_SOURCES: 'none', HOST: '127.0.0.1', YAHOO_BASE_URL: 'http://127.0.0.1:9', SIGMA_API_PROCESSES: '2' };
    return { dataDir, port, env };
  }

  it('serves from two processes, replaces one that crashes, and stops them all on SIGTERM', async () => {
    const { dataDir, port, env } = await environment();
    const main = start(env);
    const key = await waitFor('the first key', async () => /\b(sit_live_[0-9A-Za-z]{32})\b/.exec(main.output())?.[1] ?? null);
    await waitFor('the listening line', async () => (/Sigma API listening on .* processes=2/.test(main.output()) ? true : null));
    const me = () =>
      fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(5_000) }).then((r) => r.status);
    expect(await me()).toBe(200);
    const before = apiProcessesOf(main.child.pid!);
    expect(before).toHaveLength(2);

    process.kill(before[0]!, 'SIGKILL');
    // A connection the primary hands to the process as it dies can go unanswered (node:cluster
    // loses it); the client's timeout covers that. Every later request is answered.
    await waitFor('the replacement', async () => (/replacement API process listening/.test(main.output()) ? true : null));
    const statuses = await Promise.all(Array.from({ length: 8 }, () => me().catch(() => 0))); // within the burst of 10/s
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(main.output()).toMatch(/an API process exited; starting a replacement .*exit=SIGKILL/);
    const after = apiProcessesOf(main.child.pid!);
    expect(after).toHaveLength(2);
    expect(after).toContain(before[1]);
    expect(after).not.toContain(before[0]);
    expect(await me()).toBe(200);

    main.child.kill('SIGTERM');
    expect(await exited(main.child)).toBe(0);
    expect(after.filter(isAlive)).toEqual([]);
    expect(main.output()).toMatch(/embedded PostgreSQL stopped/);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('fails to start, naming the cause, when the API processes cannot listen, and leaves nothing running', async () => {
    const { dataDir, port, env } = await environment();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    try {
      const main = start(env);
      const code = await exited(main.child);
      expect(code).not.toBe(0);
      expect(main.output()).toMatch(/EADDRINUSE/);
      expect(main.output()).toMatch(/before listening/);
      expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 120_000);
});

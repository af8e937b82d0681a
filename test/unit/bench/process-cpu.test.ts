import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cpuSnapshot, cpuSpentMs, parseProcStat, processTree, type CpuSnapshot, type ProcessCpu } from '../../../bench/lib/process-cpu.js';

const statLine = (pid: number, command: string, parentPid: number, utime: number, stime: number) =>
  `${pid} (${command}) S ${parentPid} ${pid} ${pid} 0 -1 4194560 512 0 0 0 ${utime} ${stime} 0 0 20 0 1 0 123 4096 100 18446744073709551615`;

const snapshotOf = (processes: ProcessCpu[]): CpuSnapshot => new Map(processes.map((p) => [p.pid, p]));

describe('parseProcStat', () => {
  it('reads parent, command and user + system time, counting fields from the last parenthesis', () => {
    expect(parseProcStat(statLine(4242, 'postgres', 17, 150, 50), 100)).toEqual({ pid: 4242, parentPid: 17, command: 'postgres', cpuMs: 2000 });
    // A command may hold spaces and parentheses of its own.
    expect(parseProcStat(statLine(7, 'a (b) c', 1, 3, 1), 250)).toEqual({ pid: 7, parentPid: 1, command: 'a (b) c', cpuMs: 16 });
  });

  it('refuses a line it cannot read', () => {
    expect(parseProcStat('garbage', 100)).toBeNull();
    expect(parseProcStat('12 (x) S notanumber', 100)).toBeNull();
  });
});

describe('processTree and cpuSpentMs', () => {
  const before = snapshotOf([
    { pid: 1, parentPid: 0, command: 'init', cpuMs: 10 },
    { pid: 10, parentPid: 1, command: 'node', cpuMs: 100 },
    { pid: 11, parentPid: 10, command: 'node', cpuMs: 200 },
    { pid: 20, parentPid: 1, command: 'postgres', cpuMs: 50 },
  ]);
  const after = snapshotOf([
    { pid: 1, parentPid: 0, command: 'init', cpuMs: 11 },
    { pid: 10, parentPid: 1, command: 'node', cpuMs: 130 },
    { pid: 11, parentPid: 10, command: 'node', cpuMs: 260 },
    { pid: 12, parentPid: 11, command: 'node', cpuMs: 40 }, // born in between: counts from zero
    { pid: 20, parentPid: 1, command: 'postgres', cpuMs: 80 },
    { pid: 21, parentPid: 20, command: 'postgres', cpuMs: 5 },
  ]);

  it('takes a process and its descendants, not its siblings', () => {
    expect([...processTree(after, 10)].sort((a, b) => a - b)).toEqual([10, 11, 12]);
    expect([...processTree(after, 20)].sort((a, b) => a - b)).toEqual([20, 21]);
  });

  it('sums what the selected processes spent in between', () => {
    const tree = processTree(after, 10);
    expect(cpuSpentMs(before, after, (p) => tree.has(p.pid))).toBe(30 + 60 + 40);
    expect(cpuSpentMs(before, after, (p) => p.command === 'postgres')).toBe(30 + 5);
  });

  it('counts a reused pid running another command from zero', () => {
    const reused = snapshotOf([{ pid: 20, parentPid: 1, command: 'bash', cpuMs: 7 }]);
    expect(cpuSpentMs(before, reused, () => true)).toBe(7);
  });
});

describe.runIf(cpuSnapshot() !== null)('cpuSnapshot on this machine', () => {
  it("charges a busy child's CPU to this process's tree", async () => {
    const child = spawn(process.execPath, ['-e', 'const end = process.cpuUsage().user + 300000; while (process.cpuUsage().user < end); console.log("done"); setInterval(() => {}, 1000);'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const before = cpuSnapshot()!;
      await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('done') && resolve()));
      const after = cpuSnapshot()!;
      const ours = processTree(after, process.pid);
      expect(ours.has(child.pid!)).toBe(true);
      const childMs = cpuSpentMs(before, after, (p) => p.pid === child.pid);
      expect(childMs).toBeGreaterThanOrEqual(250);
      expect(cpuSpentMs(before, after, (p) => ours.has(p.pid))).toBeGreaterThanOrEqual(childMs);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

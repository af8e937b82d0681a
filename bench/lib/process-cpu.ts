import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One process as /proc/<pid>/stat shows it; CPU is user + system time in milliseconds. */
export interface ProcessCpu {
  pid: number;
  parentPid: number;
  command: string;
  cpuMs: number;
}

export type CpuSnapshot = Map<number, ProcessCpu>;

function clockTicksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
}

let ticksPerSecond: number | undefined;

/**
 * Parses one /proc/<pid>/stat line. The command sits in parentheses and may itself contain
 * spaces and parentheses, so the fields are counted from its last ")": state is field 3, the
 * parent field 4, utime and stime fields 14 and 15 (proc(5)).
 */
export function parseProcStat(line: string, ticks: number): ProcessCpu | null {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const fields = line.slice(close + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  const parentPid = Number(fields[1]);
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks) || !Number.isInteger(parentPid)) return null;
  return {
    pid: Number(line.slice(0, open).trim()),
    parentPid,
    command: line.slice(open + 1, close),
    cpuMs: ((userTicks + systemTicks) * 1000) / ticks,
  };
}

/** Every process's CPU time so far; null where /proc is missing (not Linux). */
export function cpuSnapshot(): CpuSnapshot | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  ticksPerSecond ??= clockTicksPerSecond();
  const snapshot: CpuSnapshot = new Map();
  for (const pid of entries) {
    try {
      const parsed = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'), ticksPerSecond);
      if (parsed) snapshot.set(parsed.pid, parsed);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return snapshot;
}

/** The pid and all its descendants in a snapshot. */
export function processTree(snapshot: CpuSnapshot, rootPid: number): Set<number> {
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of snapshot.values()) {
      if (!tree.has(p.pid) && tree.has(p.parentPid)) {
        tree.add(p.pid);
        grew = true;
      }
    }
  }
  return tree;
}

/**
 * CPU spent between two snapshots by the processes `select` picks in the later one. A process
 * born in between counts from zero; one that ended in between is lost, so take the later snapshot
 * while the processes measured (e.g. pooled database connections) are still alive.
 */
export function cpuSpentMs(before: CpuSnapshot, after: CpuSnapshot, select: (p: ProcessCpu) => boolean): number {
  let total = 0;
  for (const p of after.values()) {
    if (!select(p)) continue;
    const earlier = before.get(p.pid);
    total += p.cpuMs - (earlier && earlier.command === p.command ? earlier.cpuMs : 0);
  }
  return total;
}

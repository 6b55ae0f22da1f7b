/**
 * CPU and memory of the database processes a benchmark starts, read from /proc (Linux): the bench's own
 * figures come from process.cpuUsage/resourceUsage, the server's from here, so a figure says which side
 * of the wire the time went to. Elsewhere (no /proc) every reading is 0.
 */
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

function statFields(pid: string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": the command may contain spaces, so split after its closing parenthesis.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * CPU milliseconds (user + system) used so far by every process of a process group, including children
 * they have reaped: FerretDB's group is FerretDB alone, PostgreSQL's is the server and its backends.
 */
export function processGroupCpuMs(pgid: number): number {
  if (!fs.existsSync('/proc/self/stat')) return 0;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const f = statFields(pid);
    // f[2]: process group; f[11..14]: utime, stime, cutime, cstime.
    if (!f || Number(f[2]) !== pgid) continue;
    ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Peak resident memory of a process in MB (VmHWM), 0 when unknown. */
export function peakRssMB(pid: number): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * From click to confirmed punch: how many requests and how much wall time,
 * with 100 ms injected on every simulator path (a far-away DingTalk). Three
 * starting points: a warm token with today's status loaded (the usual click),
 * a cold token (the app token expired or was never fetched by this process),
 * and a cold start (no token, no status: the click right after start-up).
 */
import { DEMO_USERS, SimClock, type Simulator, startSimulator } from '../main/dingtalk/simulator';
import type { Engine, EngineStores } from '../main/engine';
import { MemoryStore } from '../main/node-ports';
import { parseDingTalk } from '../shared/time';
import type { BenchTable } from './index';
import { benchEngine } from './workday';

const LATENCY_MS = 100;
const PUNCHES = 20;
const START = parseDingTalk('2026-11-27 08:30:00', 'Asia/Shanghai');
const MINUTE = 60_000;

type Setup = 'warm token' | 'cold token' | 'cold start';

interface Sample {
  requests: string[];
  ms: number;
}

const freshStores = (): EngineStores => ({
  settings: new MemoryStore(),
  state: new MemoryStore(),
  outbox: new MemoryStore(),
  secrets: new MemoryStore(),
});

/** The engine a click meets in each setup; nothing of its preparation is timed. */
async function prepare(
  setup: Setup,
  sim: Simulator,
  warm: Engine,
  stores: EngineStores,
): Promise<Engine> {
  switch (setup) {
    case 'warm token':
      return warm;
    case 'cold token': {
      // Today's status stays cached; only the token is gone, as after it expired.
      warm.vault.deleteSecret('appToken');
      return benchEngine(sim, DEMO_USERS.fixed, stores);
    }
    case 'cold start':
      return benchEngine(sim, DEMO_USERS.fixed, freshStores());
  }
}

async function measure(setup: Setup): Promise<Sample[]> {
  const sim = await startSimulator({ clock: new SimClock({ start: START }) });
  const stores = freshStores();
  const warm = benchEngine(sim, DEMO_USERS.fixed, stores);
  try {
    // The popup has been opened once: token fetched, today's status cached, code paths warm.
    await warm.open();
    await warm.punch(true);
    sim.fault('*', { latencyMs: LATENCY_MS });
    const samples: Sample[] = [];
    for (let i = 1; i <= PUNCHES; i++) {
      sim.clock.set(START + i * MINUTE);
      const engine = await prepare(setup, sim, warm, stores);
      const mark = sim.requests.length;
      const started = performance.now();
      // confirm: a punch of the same kind a minute ago would otherwise ask first.
      const outcome = await engine.punch(true);
      const ms = performance.now() - started;
      if (outcome.outcome !== 'punched') throw new Error(`${setup}: ${outcome.outcome}`);
      samples.push({ requests: sim.requests.slice(mark).map((r) => r.path), ms });
      if (engine !== warm) await engine.stop();
    }
    return samples;
  } finally {
    await warm.stop();
    await sim.close();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

const range = (values: number[]) => {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};

/** The distinct request sequences, most frequent first ("gettoken → upload ×20"). */
function sequences(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) {
    const key = s.requests.map((p) => p.split('/').pop()).join(' → ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => `${key} ×${n}`)
    .join('; ');
}

const TARGET_REQUESTS: Record<Setup, string> = {
  'warm token': '1 (the upload)',
  'cold token': '2 (+ gettoken)',
  'cold start': '—',
};

export async function run(): Promise<BenchTable[]> {
  const setups: Setup[] = ['warm token', 'cold token', 'cold start'];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const setup of setups) {
    const samples = await measure(setup);
    const counts = samples.map((s) => s.requests.length);
    const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
    const floor = Math.min(...counts) * LATENCY_MS;
    rows.push([
      setup,
      range(counts),
      TARGET_REQUESTS[setup],
      `${percentile(ms, 0.5).toFixed(0)} ms`,
      `${percentile(ms, 0.95).toFixed(0)} ms`,
      `${floor} ms`,
    ]);
    notes.push(`${setup}: ${sequences(samples)}`);
  }
  return [
    {
      title: `Click → confirmed punch, ${LATENCY_MS} ms injected on every path, ${PUNCHES} punches each`,
      head: ['setup', 'requests', 'target', 'median', 'p95', 'floor (requests × latency)'],
      rows,
      notes: [
        ...notes,
        'wall time of engine.punch() until the outbox wrote `sent`; the simulator runs in the same process',
      ],
    },
  ];
}

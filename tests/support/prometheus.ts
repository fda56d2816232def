import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';

interface Sample { name: string; labels: Record<string, string>; value: number }

export interface Scrape {
  /** The metric families, by name, with their HELP and TYPE. */
  families: Map<string, PrometheusFamily>;
  /** Every sample line (the parser keeps no labels of histogram lines, which these have). */
  samples: Sample[];
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** GETs a /metrics endpoint and parses it strictly as Prometheus text (a bad line throws). */
export async function scrape(url: string): Promise<Scrape> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  if (!response.headers.get('content-type')?.startsWith('text/plain')) throw new Error(`${url} is not Prometheus text: ${response.headers.get('content-type')}`);
  const text = await response.text();
  const families = new Map(parsePrometheusTextFormat(text).map((family) => [family.name, family]));
  const samples = text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const [, name, labels = '', value] = SAMPLE.exec(line) ?? [];
    if (!name || value === undefined) throw new Error(`not a sample line: ${line}`);
    return { name, labels: Object.fromEntries([...labels.matchAll(LABEL)].map(([, k, v]) => [k!, v!])), value: Number(value) };
  });
  return { families, samples };
}

/**
 * The sum over the samples of `name` whose labels include `labels`: a counter's or gauge's value,
 * a histogram's observation count. 0 when there are none yet; an unknown metric throws.
 */
export function valueOf(metrics: Scrape, name: string, labels: Record<string, string> = {}): number {
  const family = metrics.families.get(name);
  if (!family) throw new Error(`no metric ${name}`);
  const line = family.type === 'HISTOGRAM' ? `${name}_count` : name;
  return metrics.samples
    .filter((sample) => sample.name === line && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
    .reduce((sum, sample) => sum + sample.value, 0);
}

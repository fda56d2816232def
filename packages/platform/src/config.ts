import { z } from 'zod';

// One validated view of the environment, read once; every service takes what it needs from it.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().url().optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('learning_graph'),
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_ISSUER: z.string().default('learning-graph'),
  JWT_AUDIENCE: z.string().default('learning-graph'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Learning Graph <no-reply@learning-graph.local>'),
  // Email verification (identity): how long a mailed link works, and the shortest gap between two mails.
  EMAIL_VERIFICATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(48),
  EMAIL_VERIFICATION_RESEND_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  WEB_ORIGINS: z.string().default('http://localhost:5173,http://127.0.0.1:5173'),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_000_000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // Load shedding: /graphql answers 503 while the event loop's mean delay over a window exceeds this (0: never).
  SHED_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  SHED_WINDOW_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  // The gateway signs every subgraph request with this; subgraphs refuse anything else.
  SUBGRAPH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SUBGRAPH_SIGNATURE_SKEW_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  GATEWAY_DEADLINE_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(50).max(600_000).default(4500),
  MAX_SUBGRAPH_RESPONSE_BYTES: z.coerce.number().int().min(1024).default(5_000_000),
  // Estimated with list sizes multiplied in (@cost/@listSize); the web client's costliest screen is ~5300.
  MAX_OPERATION_COST: z.coerce.number().int().min(1).default(10_000),
  COST_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).default(1_000_000),
  // At most this many operations costing EXPENSIVE_OPERATION_COST or more run at once per gateway
  // (0: no lane). The embedded database runs one command at a time, so one is as fast as two for
  // the expensive ones and keeps everybody else's wait to a single operation (tools/bench/hostile.ts).
  EXPENSIVE_OPERATION_COST: z.coerce.number().int().min(1).default(1000),
  EXPENSIVE_OPERATIONS_AT_ONCE: z.coerce.number().int().min(0).default(1),
  // The gateway's response cache, emptied by the event log (TTL only a safety net); off for comparisons.
  CACHES: z.enum(['on', 'off']).default('on'),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  CACHE_MAX_BYTES: z.coerce.number().int().min(1024).default(64_000_000),
  // A signed-in WebSocket keeps its user online; a gateway that stops refreshing (killed) lets them go after this.
  PRESENCE_TTL_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  // Scaled out: where the gateway proxies /media and /uploads (the media service); in one process they are mounted.
  MEDIA_SERVICE_URL: z.string().url().optional(),
  // Per address (a <video> or tus client sends no token): /media GETs (a 10-minute video in 4 s HLS
  // segments and two renditions is ~300 files, even fetched in one minute) and /uploads requests
  // (1 MB tus chunks: 3000 a minute is 50 MB/s).
  MEDIA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  UPLOAD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
}).refine((c) => c.COST_BUDGET_PER_MINUTE >= c.MAX_OPERATION_COST, {
  message: 'must be at least MAX_OPERATION_COST, or the costliest allowed operation could never run',
  path: ['COST_BUDGET_PER_MINUTE'],
});

export type Config = z.infer<typeof schema> & { production: boolean };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<z.input<typeof schema>> = {}): Config {
  const parsed = schema.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return { ...parsed.data, production: parsed.data.NODE_ENV === 'production' };
}

import { z } from 'zod';

/**
 * A sign-in provider: `oidc` is any OpenID Connect provider found by discovery from its issuer;
 * `github` is GitHub's OAuth 2 flow (no ID token: the user and their verified emails come from its API).
 */
const oidcProvider = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'id must be 1 to 32 lower-case letters, digits or dashes'),
  name: z.string().min(1).max(40),
  kind: z.enum(['oidc', 'github']).default('oidc'),
  issuer: z.string().url().optional(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  /** github only: other endpoints (GitHub Enterprise); the defaults are github.com's. */
  authorizationEndpoint: z.string().url().optional(),
  tokenEndpoint: z.string().url().optional(),
  apiUrl: z.string().url().optional(),
}).refine((p) => p.kind !== 'oidc' || p.issuer, { message: 'an oidc provider needs its issuer URL', path: ['issuer'] });
export type OidcProviderSettings = z.infer<typeof oidcProvider>;

const oidcProviders = z.string().default('[]').transform((raw, ctx) => {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
    return z.NEVER;
  }
  const parsed = z.array(oidcProvider).max(20).safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
    return z.NEVER;
  }
  if (new Set(parsed.data.map((p) => p.id)).size !== parsed.data.length) ctx.addIssue({ code: 'custom', message: 'provider ids must be unique' });
  return parsed.data;
});

// One validated view of the environment, read once; every service takes what it needs from it.
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('127.0.0.1'),
  // Reverse proxies whose X-Forwarded-For the gateway believes (Express `trust proxy`: addresses,
  // subnets, `loopback`…, comma-separated); empty: none, the socket's address is the client's.
  TRUST_PROXY: z.string().max(500).default(''),
  // Prometheus /metrics of the process on its own listener (production serves them nowhere else;
  // elsewhere they are also on each service's port). Unset: no metrics listener.
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().default('127.0.0.1'),
  MONGODB_URI: z.string().url().optional(),
  MONGODB_DB: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/).default('learning_graph'),
  REDIS_URL: z.string().url().optional(),
  // Traces are exported over OTLP/HTTP only when one of these is set (the standard OpenTelemetry
  // variables; the SDK reads the others, OTEL_EXPORTER_OTLP_HEADERS and so on, itself).
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  // The service name of this process's own spans; subgraphs in one process still name themselves.
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  DATA_DIR: z.string().default('.data'),
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_ISSUER: z.string().default('learning-graph'),
  JWT_AUDIENCE: z.string().default('learning-graph'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  // Roles that must sign in with a second factor (comma-separated, e.g. "ADMIN,INSTRUCTOR"); empty: optional for all.
  MFA_REQUIRED_ROLES: z.string().regex(/^\s*((STUDENT|INSTRUCTOR|ADMIN)\s*(,\s*(STUDENT|INSTRUCTOR|ADMIN)\s*)*)?$/, 'must list roles such as ADMIN,INSTRUCTOR').default(''),
  // The name authenticator apps show beside the account.
  MFA_ISSUER: z.string().min(1).max(60).default('Learning Graph'),
  // How long a sign-in waits for its second factor (or for a required enrolment).
  MFA_CHALLENGE_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Learning Graph <no-reply@learning-graph.local>'),
  // The gateway's public origin, for links in mail that the gateway itself answers (List-Unsubscribe).
  PUBLIC_URL: z.string().url().default('http://localhost:4000'),
  // Signs unsubscribe links (HMAC); unset, the subgraph secret is used (generated under DATA_DIR in development).
  MAIL_LINK_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // Daily notification digests leave at this hour of each user's own time zone; how often due ones are looked for.
  DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  DIGEST_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
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
  // API keys count apart from their owners: requests and estimated cost a minute per key.
  API_KEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  API_KEY_COST_BUDGET_PER_MINUTE: z.coerce.number().int().min(1).default(1_000_000),
  // How long a gateway reuses the access token it got for a key (revocations end it at once anyway).
  API_KEY_TOKEN_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  // At most this many operations costing EXPENSIVE_OPERATION_COST or more run at once per gateway
  // (0: no lane). The embedded database runs one command at a time, so one is as fast as two for
  // the expensive ones and keeps everybody else's wait to a single operation (tools/bench/hostile.ts).
  EXPENSIVE_OPERATION_COST: z.coerce.number().int().min(1).default(1000),
  EXPENSIVE_OPERATIONS_AT_ONCE: z.coerce.number().int().min(0).default(1),
  // The gateway's response cache, emptied by the event log (TTL only a safety net); off for comparisons.
  CACHES: z.enum(['on', 'off']).default('on'),
  // Which documents the gateway runs (gateway/src/trusted-documents): any (off), registered ids and any
  // text (allow), or only registered documents for browser callers (require). Default: require in
  // production, off otherwise.
  TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'require']).optional(),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  CACHE_MAX_BYTES: z.coerce.number().int().min(1024).default(64_000_000),
  // A signed-in WebSocket keeps its user online; a gateway that stops refreshing (killed) lets them go after this.
  PRESENCE_TTL_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  // Scaled out: where the gateway proxies /media and /uploads (the media service); in one process they are mounted.
  MEDIA_SERVICE_URL: z.string().url().optional(),
  // Scaled out: where the gateway proxies /mail (unsubscribe links; the engagement service); in one process it is mounted.
  ENGAGEMENT_SERVICE_URL: z.string().url().optional(),
  // Per address (a <video> or tus client sends no token): /media GETs (a 10-minute video in 4 s HLS
  // segments and two renditions is ~300 files, even fetched in one minute) and /uploads requests
  // (1 MB tus chunks: 3000 a minute is 50 MB/s).
  MEDIA_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  UPLOAD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  // Sign-in providers, a JSON array (README); none by default.
  OIDC_PROVIDERS: oidcProviders,
  // Data export and account deletion (GDPR/FERPA). A deletion waits this long (14 days) for the user to change their mind.
  ACCOUNT_DELETION_GRACE_SECONDS: z.coerce.number().int().min(0).default(14 * 86_400),
  // How often identity looks for deletions whose grace period ended (any number of instances: each deletion is claimed once).
  ACCOUNT_DELETION_SWEEP_MS: z.coerce.number().int().min(50).max(3_600_000).default(60_000),
  // The subgraphs whose parts an export waits for (each registers a user-data participant).
  DATA_EXPORT_PARTS: z.string().regex(/^[a-z-]+(,[a-z-]+)*$/).default('identity,catalog,learning,assessment,engagement,labs,commerce,assistant,media,analytics'),
  // A finished export can be downloaded for this long, then it is deleted.
  DATA_EXPORT_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(7 * 24),
  // Scaled out: where the gateway proxies /data-exports (the identity service); in one process identity mounts it.
  IDENTITY_SERVICE_URL: z.string().url().optional(),
  // How long a download link of an export stays valid.
  DATA_EXPORT_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
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

/**
 * Every process the launcher can start, in start order: a service comes after every service whose
 * URL it reads (free ports are only known once a service has started). A service whose main.ts does
 * not exist yet is skipped.
 */
export interface ServiceProcess {
  name: string;
  dir: string;
  args?: string[];
  /** Env var that sets its HTTP port, and the default port (DESIGN.md). */
  portVar: string;
  port: number;
  /** Env var other services read to reach it, if any. */
  urlVar?: string;
}

export const SERVICE_PROCESSES: ServiceProcess[] = [
  { name: "content-service", dir: "content-service", portVar: "CONTENT_SERVICE_HTTP_PORT", port: 8001, urlVar: "CONTENT_SERVICE_URL" },
  { name: "email", dir: "email", portVar: "EMAIL_HTTP_PORT", port: 8005, urlVar: "EMAIL_URL" },
  { name: "identity", dir: "identity", portVar: "IDENTITY_HTTP_PORT", port: 7005, urlVar: "IDENTITY_URL" },
  { name: "batch-conductor", dir: "batch-conductor", portVar: "BCS_HTTP_PORT", port: 4002, urlVar: "BCS_URL" },
  { name: "entitlements", dir: "entitlements", portVar: "ENTITLEMENTS_HTTP_PORT", port: 8083, urlVar: "ENTITLEMENTS_URL" },
  { name: "batch-orchestrator", dir: "batch-orchestrator", portVar: "BOS_HTTP_PORT", port: 5001, urlVar: "BOS_URL" },
  { name: "els-api", dir: "essay-lifecycle", args: ["api"], portVar: "ELS_HTTP_PORT", port: 6000, urlVar: "ELS_URL" },
  { name: "els-worker", dir: "essay-lifecycle", args: ["worker"], portVar: "ELS_WORKER_HTTP_PORT", port: 6001 },
  { name: "file-service", dir: "file-service", portVar: "FILE_SERVICE_HTTP_PORT", port: 7001, urlVar: "FILE_SERVICE_URL" },
  // Before the spellchecker, which asks it for a batch's roster names.
  { name: "class-management", dir: "class-management", portVar: "CLASS_MANAGEMENT_HTTP_PORT", port: 5002, urlVar: "CLASS_MANAGEMENT_URL" },
  { name: "spellchecker", dir: "spellchecker", portVar: "SPELLCHECKER_HTTP_PORT", port: 8002 },
  { name: "nlp", dir: "nlp", portVar: "NLP_HTTP_PORT", port: 8003 },
  { name: "result-aggregator", dir: "result-aggregator", portVar: "RAS_HTTP_PORT", port: 4003, urlVar: "RAS_URL" },
  { name: "llm-provider", dir: "llm-provider", portVar: "LPS_HTTP_PORT", port: 8090, urlVar: "LPS_URL" },
  { name: "cj-assessment", dir: "cj-assessment", portVar: "CJ_HTTP_PORT", port: 9095, urlVar: "CJ_URL" },
  { name: "ai-feedback", dir: "ai-feedback", portVar: "AI_FEEDBACK_HTTP_PORT", port: 8004 },
  { name: "api-gateway", dir: "api-gateway", portVar: "API_GATEWAY_HTTP_PORT", port: 8080, urlVar: "API_GATEWAY_URL" },
];

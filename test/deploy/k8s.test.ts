/**
 * deploy/k8s checked against the code: every env name is one src/config.ts reads and the Deployment's env loads as
 * a production Config; its ports are the ones that Config listens on; the probe paths answer on a running
 * subgraph (and /metrics on the metrics port); secrets come from a Secret; the drain fits the termination grace
 * period; memory is sized from the benchmark's measured RSS; selectors and references agree.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ENV_NAMES, loadConfig } from "../../src/config";
import { CLOSE_MARGIN_MS } from "../../src/server/drain";
import { startSubgraph } from "../helpers/subgraph";

const ROOT = path.resolve(__dirname, "../..");
const K8S = path.join(ROOT, "deploy/k8s");

/* eslint-disable @typescript-eslint/no-explicit-any -- Kubernetes objects, read as parsed YAML */
const manifest = (file: string): any => parse(readFileSync(path.join(K8S, file), "utf8"));
const kustomization = manifest("kustomization.yaml");
const [deployment, service, hpa, pdb, policy] = (kustomization.resources as string[]).map(manifest);
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const env: { name: string; value?: string; valueFrom?: any }[] = container.env;
const portNamed = (name: string): number => container.ports.find((port: any) => port.name === name).containerPort;

// The Deployment's env as the process sees it, with stand-ins for the Secret's values.
const SECRET_STAND_INS: Record<string, string> = {
  DOS_USERNAME: "dos-user",
  DOS_PASSWORD: "dos-password",
  DOS_PUBLIC_USERNAME: "dos-public-user",
  DOS_PUBLIC_PASSWORD: "dos-public-password",
  ROUTER_SECRET: "r".repeat(40),
  REDIS_URL: "redis://redis.redis.svc:6379",
};
const processEnv = Object.fromEntries(env.map(({ name, value }) => [name, value ?? SECRET_STAND_INS[name]]));
const config = loadConfig(processEnv);
const memoryMiB = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)![1]);

describe("deploy/k8s", () => {
  it("lists the five kinds, one of each", () => {
    expect([deployment, service, hpa, pdb, policy].map(object => object.kind)).toEqual([
      "Deployment",
      "Service",
      "HorizontalPodAutoscaler",
      "PodDisruptionBudget",
      "NetworkPolicy",
    ]);
  });

  it("sets only variables src/config.ts reads, and they load as a valid production configuration", () => {
    for (const { name } of env) expect([name, ENV_NAMES.includes(name)]).toEqual([name, true]);
    expect(config.env).toBe("production");
    expect(config.auth.mode).toBe("router-secret");
    expect(config.limits.redisUrl).toBeDefined();
    expect(config.tracing?.url).toMatch(/\/v1\/traces$/);
  });

  it("takes DOS_PASSWORD, ROUTER_SECRET (and the Redis URL) from a Secret, never inline", () => {
    for (const name of ["DOS_USERNAME", "DOS_PASSWORD", "ROUTER_SECRET", "REDIS_URL"]) {
      const variable = env.find(entry => entry.name === name)!;
      expect(variable.value).toBeUndefined();
      expect(variable.valueFrom.secretKeyRef).toEqual({ name: "dos-subgraph", key: name });
    }
  });

  it("exposes the ports the configuration listens on, and the Service and NetworkPolicy use them", () => {
    expect(portNamed("http")).toBe(config.port);
    expect(portNamed("metrics")).toBe(config.metricsPort);
    expect(service.spec.ports.map((port: any) => [port.targetPort, port.port])).toEqual([
      ["http", config.port],
      ["metrics", config.metricsPort],
    ]);
    const ingressPorts = policy.spec.ingress.flatMap((rule: any) => rule.ports.map((port: any) => port.port));
    expect(ingressPorts.sort()).toEqual([config.port, config.metricsPort].sort());
    const egressPorts = policy.spec.egress.flatMap((rule: any) => rule.ports.map((port: any) => port.port));
    // DNS, DoS (https), Redis, the collector's port from OTEL_EXPORTER_OTLP_ENDPOINT
    expect(egressPorts).toEqual(expect.arrayContaining([53, 443, 6379, Number(new URL(config.tracing!.url).port)]));
    expect(policy.spec.policyTypes).toEqual(["Ingress", "Egress"]);
  });

  it("probes paths that answer on a running subgraph, and /metrics answers on the metrics port", async () => {
    const subgraph = await startSubgraph({ env: { METRICS_PORT: "0" } });
    try {
      const probes = [container.startupProbe, container.livenessProbe, container.readinessProbe];
      expect(probes.map(probe => probe.httpGet.path)).toEqual(["/healthz", "/healthz", "/readyz"]);
      for (const probe of probes) {
        expect(probe.httpGet.port).toBe("http");
        expect((await fetch(`${subgraph.origin}${probe.httpGet.path}`)).status).toBe(200);
      }
      const metricsPort = subgraph.server.metricsAddress()!.port;
      expect((await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).status).toBe(200);
    } finally {
      await subgraph.stop();
    }
  });

  it("fits the drain in the termination grace period, and readiness sees the 503 within the delay", () => {
    const { delayMs, graceMs } = config.shutdown;
    expect(delayMs).toBeGreaterThan(0);
    const preStopSleepMs = (container.lifecycle?.preStop?.sleep?.seconds ?? 0) * 1000;
    expect(preStopSleepMs + delayMs + graceMs + CLOSE_MARGIN_MS).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
    const readiness = container.readinessProbe;
    expect(readiness.periodSeconds * readiness.failureThreshold * 1000).toBeLessThan(delayMs);
  });

  it("runs non-root with a read-only root filesystem and no privilege escalation", () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
  });

  it("sizes memory from the benchmark's measured peak RSS", () => {
    const peak = Number(/Subgraph RSS < 200 MB under load \| (\d+) MB peak/.exec(readFileSync(path.join(ROOT, "BENCHMARKS.md"), "utf8"))![1]);
    const { requests, limits } = container.resources;
    // MB (10^6) to MiB (2^20)
    const peakMiB = (peak * 1e6) / 2 ** 20;
    expect(memoryMiB(requests.memory)).toBeGreaterThanOrEqual(peakMiB);
    expect(memoryMiB(limits.memory)).toBeGreaterThanOrEqual(2 * peakMiB);
    expect(requests.cpu).toBeDefined();
  });

  it("points the autoscaler, the disruption budget and the Service at the Deployment's pods", () => {
    const labels = deployment.spec.template.metadata.labels;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(service.spec.selector).toEqual(labels);
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(policy.spec.podSelector.matchLabels).toEqual(labels);
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(pdb.spec.maxUnavailable).toBe(1);
  });
});
